import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyRelease, type Release } from '../../runtime/releases/bundle';
import { repoRoot, runCli } from '../helpers/runtime-process';

describe('planbridge release create', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-release-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('writes a bundle of the shipped flows without a running instance, and never writes over one', async () => {
    const out = path.join(dir, 'release-2026.12.1.json');
    const args = [
      'release',
      'create',
      path.join(repoRoot, 'flows', 'flows.json'),
      '--version',
      '2026.12.1',
      '--message',
      'the nightly export is a run',
      '--out',
      out,
    ];
    const made = await runCli([...args, '--author', 'anna'], {});
    expect(made.code).toBe(0);
    expect(made.output).toMatch(
      /^release 2026\.12\.1 written to .*: \d+ nodes on 8 tabs, \d+ node types, \d+ contracts, \d+ environment variables; sha256:[0-9a-f]{64}/,
    );
    expect(made.output).not.toMatch(/no installed module|without an owner/);
    const release = JSON.parse(await fs.readFile(out, 'utf8')) as Release;
    expect(verifyRelease(release)).toBe(true);
    expect(release).toMatchObject({ version: '2026.12.1', author: 'anna', message: 'the nightly export is a run' });
    expect(release.nodeTypes.every((t) => t.module && t.version)).toBe(true);

    const again = await runCli(args, {});
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/EEXIST/);
    expect(JSON.parse(await fs.readFile(out, 'utf8'))).toEqual(release);
    expect((await runCli(['release', 'create', path.join(repoRoot, 'flows', 'flows.json')], {})).code).toBe(2);
  }, 60_000);
});
