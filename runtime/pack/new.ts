import { promises as fs } from 'node:fs';
import path from 'node:path';
import { packFiles, packNames } from './templates';

/**
 * `planbridge pack new <system> [--dir <folder>]`: writes a node pack for a system (a config node with
 * the shared resilience fields, a client, a pure mapper, a reading node with help and icon, an example
 * flow, a sandbox stub and tests). Refuses to write into a folder that holds any of its files.
 */
export async function newPack(system: string, dir: string | undefined, log: (line: string) => void): Promise<string> {
  const names = packNames(system);
  const target = path.resolve(dir ?? `planbridge-${system}`);
  const files = packFiles(names);
  for (const file of Object.keys(files)) {
    const exists = await fs.access(path.join(target, file)).then(
      () => true,
      () => false,
    );
    if (exists) throw new Error(`${path.join(target, file)} exists: choose another folder with --dir`);
  }
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(target, file)), { recursive: true });
    await fs.writeFile(path.join(target, file), text);
  }
  log(`Created the ${names.system} pack in ${target}: ${Object.keys(files).length} files.`);
  log(`Its nodes: ${names.system}-config, ${names.system}-read; its contract: ${names.contract}.`);
  log('Next: npm install planbridge (and jest, ts-jest, node-red-node-test-helper), then npm test; see docs/node-pack-authors.md.');
  return target;
}
