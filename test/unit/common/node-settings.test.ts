import { promises as fs } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

// Properties the Node-RED editor itself keeps on every node: a setting of the same name is overwritten
// by the editor and saved with the next deploy (pb-audit's `status` was: its status text went to the file).
const EDITOR_OWNED = [
  'id',
  'type',
  'z',
  'x',
  'y',
  'w',
  'h',
  'g',
  'd',
  'l',
  'wires',
  'status',
  'valid',
  'validationErrors',
  'dirty',
  'changed',
  'moved',
  'selected',
  'users',
  'credentials',
  '_def',
  '_',
  'info',
];

async function editorFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['locales', 'node_modules', 'dist', 'resources'].includes(entry.name)) found.push(...(await editorFiles(full)));
    } else if (entry.name.endsWith('.html')) found.push(full);
  }
  return found;
}

/** The setting names in a node's `defaults: { ... }` (keys at the block's first level). */
function settingsOf(html: string): string[] {
  const start = html.search(/defaults:\s*\{/);
  if (start < 0) return [];
  let depth = 0;
  let i = html.indexOf('{', start);
  const begin = i;
  for (; i < html.length; i++) {
    if (html[i] === '{') depth += 1;
    else if (html[i] === '}' && --depth === 0) break;
  }
  const body = html.slice(begin + 1, i);
  const keys: string[] = [];
  depth = 0;
  for (const token of body.matchAll(/[{}]|([A-Za-z_$][\w$]*)\s*:/g)) {
    if (token[0] === '{') depth += 1;
    else if (token[0] === '}') depth -= 1;
    else if (depth === 0 && token[1]) keys.push(token[1]);
  }
  return keys;
}

describe('node settings', () => {
  it('never use a name the Node-RED editor keeps on nodes itself', async () => {
    const files = [...(await editorFiles(path.join(ROOT, 'nodes'))), ...(await editorFiles(path.join(ROOT, 'packs')))];
    const checked: string[] = [];
    const clashes: string[] = [];
    for (const file of files) {
      const settings = settingsOf(await fs.readFile(file, 'utf8'));
      if (settings.length) checked.push(file);
      for (const name of settings.filter((s) => EDITOR_OWNED.includes(s))) clashes.push(`${path.relative(ROOT, file)}: ${name}`);
    }
    expect(checked.length).toBeGreaterThan(30);
    expect(clashes).toEqual([]);
  });
});
