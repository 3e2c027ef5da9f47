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

  it('diffs a bundle against an edited flows file: the edited node changed, the dragged one only moved', async () => {
    const shipped = path.join(repoRoot, 'flows', 'flows.json');
    const bundle = path.join(dir, 'prod.json');
    expect((await runCli(['release', 'create', shipped, '--version', '1', '--message', 'production', '--out', bundle], {})).code).toBe(0);
    const flows = JSON.parse(await fs.readFile(shipped, 'utf8')) as Array<Record<string, unknown>>;
    const run = flows.find((n) => n.id === 'ne-run') as Record<string, unknown>;
    run.name = 'new export run, renamed';
    const dragged = flows.find((n) => n.id === 'ne-validate') as Record<string, unknown>;
    dragged.x = Number(dragged.x) + 40;
    const edited = path.join(dir, 'flows.json');
    await fs.writeFile(edited, JSON.stringify(flows, null, 4));

    const json = await runCli(['release', 'diff', bundle, edited, '--json'], {});
    expect(json.code).toBe(0);
    expect(JSON.parse(json.output)).toMatchObject({ added: [], removed: [], changed: ['ne-run'], moved: ['ne-validate'] });
    const text = await runCli(['release', 'diff', bundle, edited], {});
    expect(text.output).toMatch(/~ changed ne-run \(change "new export run, renamed"\)\n {4}name: "new export run" -> "new export run, renamed"/);
    expect(text.output).toMatch(/> moved {3}ne-validate \(pb-validate "check contract"\)/);
  }, 60_000);
});
