import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../nodes/ledger/store/open-store';
import { startOdooSandbox, type OdooSandbox } from '../../sandbox/odoo';
import { startPlanningSandbox, type PlanningSandbox } from '../../sandbox/planning';
import { startProxy, type ForwardedCall, type Proxy } from '../fakes/proxy';
import { adminLogin, repoRoot, startRuntimeProcess, type AdminApi, type RuntimeProcess } from '../helpers/runtime-process';

const ADMIN_PASSWORD = 'export-crash-admin';
const DATASETS = ['demand_history', 'item', 'item_supplier', 'location', 'open_purchase_order', 'open_sales_order', 'stock_snapshot'];
const LEASE_SECONDS = 3;

interface RunView {
  id: string;
  state: string;
  attempt: number;
  outcome: string | null;
  parts: string[];
  done: Array<{ part: string; detail: string | null }>;
}

/**
 * The finding: kill -9 during the nightly export (some datasets sent, others not) left the ledger
 * "settled" and no alert, and the plan was never requested. Now the export is a run: after the restart
 * it resumes, sends the datasets still owed and asks for the plan once.
 */
describe('the nightly export killed half-way (SIGKILL) on the shipped flows', () => {
  let odoo: OdooSandbox;
  let planning: PlanningSandbox;
  let planningProxy: Proxy;
  let userDir: string;
  let env: NodeJS.ProcessEnv;
  let runtime: RuntimeProcess | undefined;

  beforeAll(async () => {
    odoo = await startOdooSandbox({ version: 19, products: 300, warehouses: 3, historyDays: 200, seed: 5, db: 'sandbox' });
    planning = await startPlanningSandbox({ token: 'crash-token' });
    planningProxy = await startProxy(planning.url);
    userDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-export-crash-'));
    // The shipped flows as they are, except that the test pulls the trigger and a dead instance's
    // leases run out after 3 s instead of 30.
    const flows = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Array<Record<string, unknown>>;
    for (const n of flows) {
      if (n.type === 'inject') Object.assign(n, { once: false, repeat: '', crontab: '' });
      if (n.type === 'ledger-config') n.leaseSeconds = String(LEASE_SECONDS);
    }
    await fs.writeFile(path.join(userDir, 'flows.json'), JSON.stringify(flows));
    await fs.copyFile(path.join(repoRoot, 'flows', 'credentials.template.json'), path.join(userDir, 'credentials.template.json'));
    env = {
      PLANBRIDGE_USER_DIR: userDir,
      PLANBRIDGE_FLOWS_FILE: path.join(userDir, 'flows.json'),
      PLANBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PLANBRIDGE_MQTT_PORT: '0',
      PLANBRIDGE_ODOO_URL: odoo.url,
      PLANBRIDGE_ODOO_DB: odoo.db,
      PLANBRIDGE_ODOO_LOGIN: odoo.control.integration.login,
      PLANBRIDGE_ODOO_API_KEY: odoo.control.integration.apiKey,
      PLANBRIDGE_PLANNING_URL: planningProxy.url,
      PLANBRIDGE_PLANNING_TOKEN: planning.token,
    };
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop('SIGKILL');
    await planningProxy?.close();
    await planning?.stop();
    await odoo?.stop();
    if (userDir) await fs.rm(userDir, { recursive: true, force: true });
  });

  async function runs(admin: AdminApi): Promise<RunView[]> {
    const response = await admin.get('/planbridge/runs');
    expect(response.status).toBe(200);
    return ((await response.json()) as { runs: RunView[] }).runs;
  }

  it('resumes after the restart: the datasets still owed are sent, the plan is asked for once, the run closes', async () => {
    const manifests: string[] = [];
    const batches = new Set<string>();
    const planRequests: number[] = [];
    planningProxy.on('forwarded', (call: ForwardedCall) => {
      const manifest = /\/api\/v1\/datasets\/([a-z_]+)\/batches\/([^/]+)\/manifest$/.exec(call.path);
      if (call.method === 'POST' && manifest) {
        manifests.push(manifest[1]);
        batches.add(`${manifest[1]} ${manifest[2]}`);
      }
      if (call.method === 'POST' && call.path === '/api/v1/plans') planRequests.push(Date.now());
    });

    const first = await startRuntimeProcess(env);
    runtime = first;
    const admin = await adminLogin(first.url, 'admin', ADMIN_PASSWORD);
    // Killed the moment the platform has taken the third dataset, before the runtime hears back.
    let killPoint = '';
    const killed = new Promise<void>((resolve) => {
      planningProxy.on('forwarded', (call: ForwardedCall) => {
        if (manifests.length === 3 && !killPoint) {
          killPoint = `after the manifests of ${manifests.join(', ')} (${call.path})`;
          console.log(`export crash: SIGKILL ${killPoint}`);
          first.child.kill('SIGKILL');
          resolve();
        }
      });
    });
    expect((await admin.post('/inject/ne-now', {})).status).toBe(200);
    await killed;
    await first.stop('SIGKILL');
    const sentBefore = [...manifests];
    expect(planRequests).toEqual([]);
    // What the ledger recorded done before the kill, read from the ledger file itself.
    const store = await openStore({ engine: 'sqlite', file: path.join(userDir, 'ledger.db') });
    const [open] = await store.runs.list({ state: 'open' });
    await store.close();
    expect(open).toBeDefined();
    const recordedBefore = open.done.map((d) => d.part).sort();
    expect(sentBefore).toEqual(expect.arrayContaining(recordedBefore));

    // Restart: the run is taken over once its lease ran out, and finishes.
    const planned = new Promise((resolve) => planning.control.events.once('plan', resolve));
    const restartedAt = Date.now();
    const second = await startRuntimeProcess(env);
    runtime = second;
    const resumed = await second.waitFor(/resuming run (nightly-\S+) \(attempt 2\): parts still owed: ([a-z_, ]+)/, 30_000);
    const resumedAfterMs = Date.now() - restartedAt;
    expect(resumed[1]).toBe(open.id);
    // Exactly what was not recorded done is read again.
    const owed = resumed[2].split(', ').sort();
    expect(owed).toEqual(DATASETS.filter((d) => !recordedBefore.includes(d)));
    await planned;
    const admin2 = await adminLogin(second.url, 'admin', ADMIN_PASSWORD);
    // The plan answer is recorded a moment after the platform sent it: ask until the run says closed.
    const deadline = Date.now() + 30_000;
    let run: RunView | undefined;
    while (Date.now() < deadline) {
      run = (await runs(admin2)).find((r) => r.id === open.id);
      if (run?.state === 'closed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(
      `export crash: killed ${killPoint}; resumed ${Math.round(resumedAfterMs / 100) / 10} s after the restart (lease ${LEASE_SECONDS} s), ` +
        `recorded done ${recordedBefore.join(', ') || 'nothing'}; ${manifests.length} manifests in all, ${planRequests.length} plan request(s)`,
    );
    expect(run).toMatchObject({ state: 'closed', attempt: 2, outcome: expect.stringMatching(/.+/) });
    expect(run?.done.map((d) => d.part).sort()).toEqual(DATASETS);
    // Every dataset reached the platform, from this run; the plan was asked for once, after the restart.
    expect(planning.control.datasets().map((d) => d.dataset)).toEqual(DATASETS);
    expect(new Set(manifests)).toEqual(new Set(DATASETS));
    // A dataset recorded done before the kill is not sent again. One the dead instance had read whole
    // may arrive in two batches: its tracked pages are redelivered (completing their batch, whose
    // manifest may be sent again) beside the re-read.
    const batchesOf = (d: string): number => [...batches].filter((b) => b.startsWith(`${d} `)).length;
    for (const d of recordedBefore) expect([d, manifests.filter((m) => m === d).length]).toEqual([d, 1]);
    for (const d of DATASETS) expect(batchesOf(d)).toBeLessThanOrEqual(2);
    expect(planRequests).toHaveLength(1);
    expect(planning.control.latestPlan()?.plan_id).toBe(run?.outcome);
    // The resume waited only for the lease and the sweep after it, not for the next night.
    expect(resumedAfterMs).toBeLessThan(30_000);
  }, 240_000);
});
