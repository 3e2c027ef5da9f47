import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { repoRoot, runCli } from '../helpers/runtime-process';

// Generated inside the repository, so the pack finds planbridge (node_modules/planbridge), jest and
// node-red as a pack that installed them would.
const packsDir = path.join(repoRoot, 'test-results', 'packs');

function run(args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, JEST_WORKER_ID: undefined } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('planbridge pack new', () => {
  let dir: string;

  beforeAll(async () => {
    await fs.mkdir(packsDir, { recursive: true });
    dir = await fs.mkdtemp(path.join(packsDir, 'pack-'));
    await fs.rm(dir, { recursive: true });
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('writes a node pack that type-checks against the public entry points and passes its own tests as generated', async () => {
    const made = await runCli(['pack', 'new', 'cold-store', '--dir', dir], {});
    expect(made.code).toBe(0);
    expect(made.output).toContain('Its nodes: cold-store-config, cold-store-read; its contract: cold_store_record@1.');
    const files = (await fs.readdir(dir, { recursive: true })).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        path.join('nodes', 'cold-store-config.ts'),
        path.join('nodes', 'cold-store-config.html'),
        path.join('nodes', 'cold-store-read.ts'),
        path.join('nodes', 'client', 'cold-store-client.ts'),
        path.join('nodes', 'map', 'cold-store.ts'),
        path.join('nodes', 'locales', 'en-US', 'cold-store-read.html'),
        path.join('nodes', 'icons', 'cold-store.svg'),
        path.join('examples', 'cold-store', '01 - Read ColdStore records.json'),
        path.join('sandbox', 'cold-store-sandbox.ts'),
        path.join('test', 'cold-store-read.test.ts'),
      ]),
    );
    // Nothing but planbridge's public entry points from planbridge.
    for (const file of files.filter((f) => f.endsWith('.ts'))) {
      const text = await fs.readFile(path.join(dir, file), 'utf8');
      for (const [, spec] of text.matchAll(/from '([^']+)'/g))
        if (spec.startsWith('planbridge')) expect(spec).toMatch(/^planbridge\/(kit|ledger|contracts|testing)$/);
    }
    const typecheck = run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], dir);
    expect(typecheck).toEqual({ status: 0, output: '' });
    const tests = run([path.join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci'], dir);
    expect(tests.output).toMatch(/Tests:\s+4 passed, 4 total/);
    expect(tests.status).toBe(0);
  }, 120_000);

  it('never writes over a pack, and refuses a name that cannot be a node type', async () => {
    const again = await runCli(['pack', 'new', 'cold-store', '--dir', dir], {});
    expect([again.code, again.output]).toEqual([1, expect.stringContaining('exists: choose another folder with --dir')]);
    const bad = await runCli(['pack', 'new', 'Cold Store', '--dir', path.join(packsDir, 'bad')], {});
    expect([bad.code, bad.output]).toEqual([1, expect.stringContaining('A system name is lower-case letters and digits')]);
  });
});
