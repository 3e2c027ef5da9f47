import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRelease } from '../../runtime/releases/create';
import { tryRelease } from '../../runtime/releases/try';
import type { TryReport } from '../../runtime/releases/try-report';
import { repoRoot, runCli } from '../helpers/runtime-process';

// A small sandbox Odoo: the try of the whole shipped flows then takes about 20 s on two cores.
const SMALL_SANDBOXES = { PLANBRIDGE_SANDBOX_PRODUCTS: '30', PLANBRIDGE_SANDBOX_HISTORY_DAYS: '60' };

interface Production {
  url: string;
  port: number;
  /** Connections anyone made to it. */
  connections(): number;
  close(): Promise<void>;
}

/** Stands for every production system at once: a loopback port that counts who connects, and hangs up. */
async function startProduction(): Promise<Production> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, connections: () => connections, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function tab(report: TryReport, id: string) {
  const found = report.tabs.find((t) => t.tab === id);
  if (!found) throw new Error(`no tab ${id} in the report`);
  return found;
}

describe('planbridge release try', () => {
  let dir: string;
  let shipped: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-release-try-'));
    shipped = path.join(dir, 'shipped.json');
    await createRelease({
      flowsFile: path.join(repoRoot, 'flows', 'flows.json'),
      version: '2026.12.8',
      message: 'the shipped flows',
      author: 'test',
      out: shipped,
    });
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('refuses a bundle changed after it was made, before it starts anything, and says why', async () => {
    const release = JSON.parse(await fs.readFile(shipped, 'utf8')) as { flows: Array<Record<string, unknown>> };
    (release.flows.find((n) => n.id === 'ne-run') as Record<string, unknown>).name = 'changed by hand';
    const changed = path.join(dir, 'changed.json');
    await fs.writeFile(changed, JSON.stringify(release));
    const refused = await runCli(['release', 'try', changed], {});
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/does not match its checksum sha256:[0-9a-f]{64}: it was changed after it was made/);
    expect(refused.output).not.toMatch(/starting release/);
    expect((await runCli(['release', 'try'], {})).code).toBe(2);
    expect((await runCli(['release', 'try', shipped, '--timeout', 'soon'], {})).code).toBe(2);
  }, 60_000);

  it('runs the shipped flows on the sandboxes even with production set in the environment: every trigger fired once, the nightly export closes', async () => {
    const production = await startProduction();
    const productionDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-production-'));
    try {
      const report = await tryRelease({
        file: shipped,
        env: {
          ...process.env,
          ...SMALL_SANDBOXES,
          // Everything a production start would read: systems, secrets, ledger, broker, folders, even
          // the sandboxes switched off. None of it may reach the try.
          PLANBRIDGE_SANDBOX: 'off',
          PLANBRIDGE_ODOO_URL: production.url,
          PLANBRIDGE_ODOO_DB: 'production',
          PLANBRIDGE_ODOO_LOGIN: 'integration',
          PLANBRIDGE_ODOO_API_KEY: 'production-key',
          PLANBRIDGE_PLANNING_URL: production.url,
          PLANBRIDGE_PLANNING_TOKEN: 'production-token',
          PLANBRIDGE_WMS_URL: production.url,
          PLANBRIDGE_WMS_API_KEY: 'production-key',
          PLANBRIDGE_EDI_OUTBOX: path.join(productionDir, 'to-supplier'),
          PLANBRIDGE_EDI_INBOX: path.join(productionDir, 'from-supplier'),
          PLANBRIDGE_LEDGER_ENGINE: 'postgres',
          PLANBRIDGE_LEDGER_URL: `postgres://planbridge:secret@127.0.0.1:${production.port}/planbridge`,
          PLANBRIDGE_MQTT_URL: `mqtt://planbridge:secret@127.0.0.1:${production.port}`,
          PLANBRIDGE_USER_DIR: productionDir,
          PLANBRIDGE_CREDENTIAL_SECRET: 'the production secret',
        },
      });

      expect(production.connections()).toBe(0);
      expect(await fs.readdir(productionDir)).toEqual([]);
      expect(report.ignoredEnvironment).toEqual(
        expect.arrayContaining([
          'PLANBRIDGE_ODOO_URL',
          'PLANBRIDGE_PLANNING_URL',
          'PLANBRIDGE_WMS_URL',
          'PLANBRIDGE_LEDGER_URL',
          'PLANBRIDGE_MQTT_URL',
          'PLANBRIDGE_EDI_OUTBOX',
        ]),
      );
      expect(report.sandboxes).toEqual(expect.arrayContaining([expect.stringMatching(/^sandbox Odoo 19: http:\/\/127\.0\.0\.1:\d+ /)]));

      expect(report.reasons).toEqual([]);
      expect(report.passed).toBe(true);
      const exportTab = tab(report, 'tab-nightly-export');
      expect(exportTab.triggersFired.map((t) => t.name).sort()).toEqual(['at start, with the demo systems', 'every night 02:00', 'export now']);
      expect(exportTab.triggersFired.every((t) => t.failed === null)).toBe(true);
      expect(exportTab.runs.opened).toBe(3);
      expect(exportTab.runs.closed).toBe(3);
      for (const run of exportTab.runs.list) expect(run).toMatchObject({ kind: 'nightly export', state: 'closed', done: expect.arrayContaining(run.parts) });
      expect(exportTab.messagesCompleted).toBeGreaterThan(0);
      expect(tab(report, 'tab-stock-reconciliation').runs).toMatchObject({ opened: 2, closed: 2 });
      expect(tab(report, 'tab-data-quality').notTriggered).toEqual([expect.objectContaining({ id: 'dq-http-in', note: 'not triggered: waits for a call' })]);
      // Each inject fired exactly once, schedules and start-up firings included.
      const fired = report.tabs.flatMap((t) => t.triggersFired.map((f) => f.id)).sort();
      const injects = (JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Array<{ id: string; type: string }>)
        .filter((n) => n.type === 'inject')
        .map((n) => n.id)
        .sort();
      expect(fired).toEqual(injects);
    } finally {
      await production.close();
      await fs.rm(productionDir, { recursive: true, force: true });
    }
  }, 240_000);

  it('exits 0 through bin/planbridge.js for the shipped flows and prints the report as JSON', async () => {
    const result = await runCli(['release', 'try', shipped, '--json', '--timeout', '150'], SMALL_SANDBOXES);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.output.slice(result.output.indexOf('{\n'))) as TryReport;
    expect(report).toMatchObject({ passed: true, release: { version: '2026.12.8' } });
    expect(tab(report, 'tab-nightly-export').runs.closed).toBe(3);
  }, 240_000);

  it('fails a release whose mapping throws: names the node error and the dead letter it causes downstream, and keeps --keep for a look', async () => {
    const flows = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Array<Record<string, unknown>>;
    // A mapping step that breaks: between the new export run and the node that opens it.
    const run = flows.find((n) => n.id === 'ne-run') as Record<string, unknown> & { wires: string[][] };
    flows.push({
      id: 'ne-broken',
      type: 'function',
      z: 'tab-nightly-export',
      name: 'broken mapping',
      func: "throw new Error('unit of measure missing');",
      outputs: 1,
      x: 300,
      y: 600,
      wires: run.wires,
    });
    run.wires = [['ne-broken']];
    const flowsDir = path.join(dir, 'broken');
    await fs.mkdir(flowsDir);
    await fs.writeFile(path.join(flowsDir, 'flows.json'), JSON.stringify(flows, null, 4));
    await fs.copyFile(path.join(repoRoot, 'flows', 'credentials.template.json'), path.join(flowsDir, 'credentials.template.json'));
    const bundle = path.join(dir, 'broken.json');
    await createRelease({ flowsFile: path.join(flowsDir, 'flows.json'), version: '2026.12.9', message: 'a mapping that throws', author: 'test', out: bundle });
    const kept = path.join(dir, 'kept');

    // With no export, the reconciliation's run cannot close: the try waits for it until its timeout.
    const report = await tryRelease({ file: bundle, env: { ...process.env, ...SMALL_SANDBOXES }, keep: kept, timeoutSeconds: 75 });

    expect(report.passed).toBe(false);
    expect(report.reasons).toEqual(
      expect.arrayContaining([
        '3 node errors logged',
        '1 dead letters opened',
        '1 runs did not close',
        expect.stringMatching(/^the flows did not settle before the timeout: runs open: nightly stock reconciliation /),
      ]),
    );
    const exportTab = tab(report, 'tab-nightly-export');
    expect(exportTab.runs.opened).toBe(0);
    expect(exportTab.nodeErrors).toEqual(
      Array.from({ length: 3 }, () => ({ node: 'ne-broken', type: 'function', name: 'broken mapping', message: 'Error: unit of measure missing' })),
    );
    const reconciliation = tab(report, 'tab-stock-reconciliation');
    expect(reconciliation.runs).toMatchObject({ opened: 1, closed: 0 });
    expect(reconciliation.deadLetters).toEqual([expect.objectContaining({ code: 'RECONCILE_NO_KEPT_SNAPSHOT', node: 'rc-reconcile' })]);
    expect(await fs.readFile(path.join(kept, 'runtime.log'), 'utf8')).toContain('[function:broken mapping] Error: unit of measure missing');
    expect(await fs.readdir(kept)).toEqual(expect.arrayContaining(['flows.json', 'ledger.db']));
  }, 240_000);
});
