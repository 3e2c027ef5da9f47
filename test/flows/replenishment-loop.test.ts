import type { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOdooSandbox, type OdooSandbox } from '../../sandbox/odoo';
import { startPlanningSandbox, type PlanningSandbox } from '../../sandbox/planning';
import { startWmsSandbox, type WmsSandbox } from '../../sandbox/wms';
import { odooCatalogue } from '../../runtime/sandbox-wms';
import { parse } from 'csv-parse/sync';
import { startProxy, type ForwardedCall, type Proxy } from '../fakes/proxy';
import {
  adminLogin,
  expectLedgerSettled,
  ledgerStateOf,
  repoRoot,
  startRuntimeProcess,
  waitLedgerSettled,
  type AdminApi,
  type RuntimeProcess,
} from '../helpers/runtime-process';

const ADMIN_PASSWORD = 'replenishment-loop-admin';

type Row = Record<string, unknown> & { id: number };

interface Approval {
  recommendation_id: string;
  plan_version: number;
  plan_id: string;
  type: 'purchase' | 'transfer';
  sku: string;
  location: string;
  supplier: string | null;
  source_location: string | null;
  quantity: number;
  status: string;
  approved_qty: number | null;
  auto: boolean;
  executed: boolean;
}

/**
 * Resolves when `check` holds: it is asked again on every event of the sandboxes and the proxy (and at
 * least every 200 ms, for work that ends inside the runtime); fails with `what` after `timeoutMs`.
 */
function until(what: string, check: () => Promise<boolean> | boolean, sources: EventEmitter[], timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let busy = false;
    let finished = false;
    const stop = (): void => {
      finished = true;
      clearInterval(timer);
      clearTimeout(deadline);
      for (const s of sources) s.off('call', probe).off('forwarded', probe);
    };
    const probe = (): void => {
      if (busy || finished) return;
      busy = true;
      Promise.resolve(check()).then(
        (ok) => {
          busy = false;
          if (ok) {
            stop();
            resolve();
          }
        },
        (err: unknown) => {
          stop();
          reject(err);
        },
      );
    };
    const timer = setInterval(probe, 200);
    const deadline = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for: ${what}`));
    }, timeoutMs);
    for (const s of sources) s.on('call', probe).on('forwarded', probe);
    probe();
  });
}

describe.each(['rest', 'files'] as const)('the replenishment loop on the shipped flows over %s: Odoo → planning → approval → Odoo, exactly once', (profile) => {
  let odoo: OdooSandbox;
  let planning: PlanningSandbox;
  let proxy: Proxy;
  let planningProxy: Proxy;
  let wms: WmsSandbox;
  /** The warehouse the WMS runs: transfers out of it go to the WMS, the others become Odoo transfers. */
  let wmsWarehouse: string;
  let userDir: string;
  let runtime: RuntimeProcess | undefined;
  let admin: AdminApi;
  let env: NodeJS.ProcessEnv;
  const rows = (model: string): Row[] => odoo.control.database.store(model).records;
  const ours = (r: Row): boolean => typeof r.origin === 'string' && r.origin.startsWith('planbridge ');
  const toPlanner = (): string => path.join(userDir, 'to-planner');
  const fromPlanner = (): string => path.join(userDir, 'from-planner');

  beforeAll(async () => {
    odoo = await startOdooSandbox({ version: 19, products: 80, warehouses: 3, historyDays: 200, seed: 11, db: 'sandbox' });
    proxy = await startProxy(odoo.url);
    userDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-loop-'));
    // Over files, our out folder is the planner's inbox and the other way round.
    planning = await startPlanningSandbox(
      profile === 'rest' ? { token: 'loop-token' } : { token: 'loop-token', inbox: toPlanner(), outbox: fromPlanner(), pollIntervalMs: 100 },
    );
    // Emits each call once the platform has answered it.
    planningProxy = await startProxy(planning.url);
    const catalogue = odooCatalogue(odoo);
    wms = await startWmsSandbox({ skus: catalogue.skus, locations: catalogue.locations, seed: 2 });
    wmsWarehouse = catalogue.locations[0];
    // The shipped flows as they are, except that the test pulls every trigger itself and a crashed
    // instance's messages come back after 3 s instead of 30.
    const flows = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Array<Record<string, unknown>>;
    for (const n of flows) {
      if (n.type === 'inject') Object.assign(n, { once: false, repeat: '', crontab: '' });
      if (n.type === 'ledger-config') n.leaseSeconds = '3';
      if (n.type === 'planning-config' && profile === 'files')
        Object.assign(n, { profile: 'files', transport: 'local', layout: 'generic', outbox: toPlanner(), inbox: fromPlanner() });
    }
    await fs.writeFile(path.join(userDir, 'flows.json'), JSON.stringify(flows));
    await fs.copyFile(path.join(repoRoot, 'flows', 'credentials.template.json'), path.join(userDir, 'credentials.template.json'));
    env = {
      PLANBRIDGE_USER_DIR: userDir,
      PLANBRIDGE_FLOWS_FILE: path.join(userDir, 'flows.json'),
      PLANBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PLANBRIDGE_MQTT_PORT: '0',
      PLANBRIDGE_ODOO_URL: proxy.url,
      PLANBRIDGE_ODOO_DB: odoo.db,
      PLANBRIDGE_ODOO_LOGIN: odoo.control.integration.login,
      PLANBRIDGE_ODOO_API_KEY: odoo.control.integration.apiKey,
      PLANBRIDGE_PLANNING_URL: planningProxy.url,
      PLANBRIDGE_PLANNING_TOKEN: planning.token,
      PLANBRIDGE_WMS_URL: wms.url,
      PLANBRIDGE_WMS_AUTH: 'apikey',
      PLANBRIDGE_WMS_API_KEY: wms.apiKey,
      PLANBRIDGE_WMS_WAREHOUSES: wmsWarehouse,
    };
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop('SIGKILL');
    await proxy?.close();
    await planningProxy?.close();
    await planning?.stop();
    await wms?.stop();
    await odoo?.stop();
    if (userDir) await fs.rm(userDir, { recursive: true, force: true });
  });

  async function start(): Promise<void> {
    runtime = await startRuntimeProcess(env);
    admin = await adminLogin(runtime.url, 'admin', ADMIN_PASSWORD);
  }

  async function inject(id: string): Promise<void> {
    const response = await admin.post(`/inject/${id}`, {});
    expect(response.status).toBe(200);
  }

  async function approvals(): Promise<Approval[]> {
    const response = await admin.get('/planbridge/approvals?status=all&limit=5000');
    expect(response.status).toBe(200);
    return ((await response.json()) as { approvals: Approval[] }).approvals;
  }

  type Feedback = { recommendation_id: string; plan_version: number; status: string; approved_qty?: number; odoo_refs?: Array<{ model: string; id: number }> };

  /** What the planner was told: its feedback log (REST) or the feedback files in its inbox (files). */
  async function feedback(): Promise<Feedback[]> {
    if (profile === 'rest') {
      const response = await fetch(`${planning.url}/api/v1/feedback?limit=1000`, { headers: { Authorization: `Bearer ${planning.token}` } });
      return ((await response.json()) as { items: Feedback[] }).items;
    }
    const files = (await fs.readdir(toPlanner())).filter((f) => /^feedback_.*\.csv$/.test(f)).sort();
    const items: Feedback[] = [];
    for (const file of files) {
      const rows: Array<Record<string, string>> = parse(await fs.readFile(path.join(toPlanner(), file), 'utf8'), { columns: true });
      for (const r of rows) {
        items.push({
          recommendation_id: r.recommendation_id,
          plan_version: Number(r.plan_version),
          status: r.status,
          ...(r.approved_qty ? { approved_qty: Number(r.approved_qty) } : {}),
          ...(r.odoo_refs ? { odoo_refs: JSON.parse(r.odoo_refs) as Feedback['odoo_refs'] } : {}),
        });
      }
    }
    return items;
  }

  const approvedToExecute = (list: Approval[]): Approval[] => list.filter((a) => a.status === 'approved' || a.status === 'edited');
  const allExecuted = async (): Promise<boolean> => approvedToExecute(await approvals()).every((a) => a.executed);

  /** What Odoo holds from planbridge: purchase lines and transfer moves by recommendation tag. */
  function odooDocuments() {
    const orders = rows('purchase.order').filter(ours);
    const orderIds = new Set(orders.map((o) => o.id));
    const lines = rows('purchase.order.line').filter((l) => orderIds.has(l.order_id as number));
    const pickings = rows('stock.picking').filter(ours);
    const pickingIds = new Set(pickings.map((p) => p.id));
    const moves = rows('stock.move').filter((m) => pickingIds.has(m.picking_id as number));
    const tag = (text: unknown): string => /\[([^\]]+)\]/.exec(String(text))?.[1] ?? '';
    return {
      orders,
      pickings,
      lineQty: new Map(lines.map((l) => [tag(l.name), l.product_qty as number])),
      lineCount: lines.length,
      moveQty: new Map(moves.map((m) => [tag(m.origin), m.product_uom_qty as number])),
      moveCount: moves.length,
    };
  }

  /** Odoo holds exactly the approved recommendations: one RFQ per supplier and warehouse, one transfer per route, approved quantities. */
  function expectOdooMatches(list: Approval[]): void {
    const approved = approvedToExecute(list);
    const purchases = approved.filter((a) => a.type === 'purchase');
    const transfers = approved.filter((a) => a.type === 'transfer');
    const docs = odooDocuments();
    expect(docs.orders).toHaveLength(new Set(purchases.map((a) => `${a.plan_id}@${a.plan_version}|${a.supplier}|${a.location}`)).size);
    expect(docs.lineCount).toBe(purchases.length);
    for (const a of purchases)
      expect([a.recommendation_id, docs.lineQty.get(`${a.recommendation_id}@${a.plan_version}`)]).toEqual([a.recommendation_id, a.approved_qty ?? a.quantity]);
    // Transfers out of the warehouse the WMS runs are WMS orders, one per recommendation; the others Odoo transfers.
    const inOdoo = transfers.filter((a) => a.source_location !== wmsWarehouse);
    const inWms = transfers.filter((a) => a.source_location === wmsWarehouse);
    expect(docs.pickings).toHaveLength(new Set(inOdoo.map((a) => `${a.plan_id}@${a.plan_version}|${a.source_location}|${a.location}`)).size);
    expect(docs.moveCount).toBe(inOdoo.length);
    for (const a of inOdoo)
      expect([a.recommendation_id, docs.moveQty.get(`${a.recommendation_id}@${a.plan_version}`)]).toEqual([a.recommendation_id, a.approved_qty ?? a.quantity]);
    const orders = wms.control.orders();
    expect(orders.map((o) => o.external_id).sort()).toEqual(inWms.map((a) => `planbridge-${a.recommendation_id}@${a.plan_version}`).sort());
    for (const a of inWms) {
      const order = orders.find((o) => o.external_id === `planbridge-${a.recommendation_id}@${a.plan_version}`);
      expect([a.recommendation_id, order?.source_location, order?.destination_location, order?.lines.map((l) => [l.sku, l.quantity])]).toEqual([
        a.recommendation_id,
        wmsWarehouse,
        a.location,
        [[a.sku, a.approved_qty ?? a.quantity]],
      ]);
    }
    const notApproved = list.filter((a) => a.status !== 'approved' && a.status !== 'edited');
    for (const a of notApproved)
      expect(docs.lineQty.has(`${a.recommendation_id}@${a.plan_version}`) || docs.moveQty.has(`${a.recommendation_id}@${a.plan_version}`)).toBe(false);
  }

  it('exports, plans, auto-approves, takes planner decisions, executes exactly once, survives a SIGKILL mid-execution, and changes nothing when run again', async () => {
    await start();
    const sources = [planning.control.events, proxy, planningProxy];

    // 1. Nightly export: seven datasets out of Odoo, then a plan.
    const planned = new Promise((resolve) => planning.control.events.once('plan', resolve));
    await inject('ne-now');
    await planned;
    const datasets = planning.control.datasets();
    expect(datasets.map((d) => d.dataset).sort()).toEqual([
      'demand_history',
      'item',
      'item_supplier',
      'location',
      'open_purchase_order',
      'open_sales_order',
      'stock_snapshot',
    ]);
    for (const d of datasets.filter((x) => ['item', 'location', 'stock_snapshot', 'demand_history', 'item_supplier'].includes(x.dataset)))
      expect(d.row_count).toBeGreaterThan(0);
    const plan = planning.control.latestPlan();
    expect(plan?.counts.recommendations).toBeGreaterThan(10);
    // The export is a run that closes once every dataset is there, over REST and over files alike.
    const closedRuns = async (): Promise<Array<{ kind: string; done: unknown[] }>> =>
      ((await (await admin.get('/planbridge/runs?state=closed')).json()) as { runs: Array<{ kind: string; done: unknown[] }> }).runs;
    await until('the export run closed', async () => (await closedRuns()).some((r) => r.kind === 'nightly export'), sources);
    expect((await closedRuns()).find((r) => r.kind === 'nightly export')?.done).toHaveLength(7);

    // 2. Import: every recommendation is in the approval inbox; the value rule approved some, and those were executed.
    let orderFiles: string[] = [];
    if (profile === 'files') {
      await planning.control.ordersWritten();
      orderFiles = (await fs.readdir(fromPlanner())).filter((f) => /^(po|tr)_.*\.csv$/.test(f)).sort();
      expect(orderFiles).toHaveLength(plan?.counts.recommendations as number);
      // A malformed file, a second copy of a good one, and one still being written.
      await fs.writeFile(path.join(fromPlanner(), 'po_broken.csv'), 'recommendation_id,plan_version,quantity\nR-1,one,5\n');
      await fs.copyFile(path.join(fromPlanner(), orderFiles[0]), path.join(fromPlanner(), `po_again-${orderFiles[0].slice(3)}`));
      await fs.writeFile(path.join(fromPlanner(), 'po_partial.csv.tmp'), 'recommendation_id,plan');
    }
    await inject('ir-every');
    await until('every recommendation in the inbox', async () => (await approvals()).length === plan?.counts.recommendations, sources);
    await until('auto-approved recommendations executed', allExecuted, sources);
    let list = await approvals();
    const auto = list.filter((a) => a.auto);
    expect(auto.length).toBeGreaterThan(0);
    expect(list.filter((a) => a.status === 'pending').length).toBeGreaterThan(3);
    expectOdooMatches(list);
    if (profile === 'files') {
      // The bad file is quarantined with its reason and kept as a dead letter; the copy was processed once.
      const reason = path.join(fromPlanner(), 'quarantine', 'po_broken.csv.reason.txt');
      await until(
        'the malformed file quarantined',
        async () =>
          fs.access(reason).then(
            () => true,
            () => false,
          ),
        sources,
      );
      expect(await fs.readFile(reason, 'utf8')).toMatch(/plan_version: "one" is not a number/);
      // A file is archived once its recommendations are recorded: the inbox can fill a moment before.
      const archived = async (): Promise<number> => (await fs.readdir(path.join(fromPlanner(), 'archive')).catch(() => [])).length;
      await until('every order file archived', async () => (await archived()) >= orderFiles.length + 1, sources);
      expect(await archived()).toBe(orderFiles.length + 1);
      expect(await fs.readFile(path.join(fromPlanner(), 'po_partial.csv.tmp'), 'utf8')).toBe('recommendation_id,plan');
      const openLetters = async (): Promise<Array<{ id: string; errorCode: string; errorMessage: string }>> =>
        (
          (await (await admin.get('/planbridge/dead-letters?state=open')).json()) as {
            deadLetters: Array<{ id: string; errorCode: string; errorMessage: string }>;
          }
        ).deadLetters;
      await until('the malformed file dead-lettered', async () => (await openLetters()).length > 0, sources);
      const letters = await openLetters();
      expect(letters).toEqual([expect.objectContaining({ errorCode: 'PLANNING_FILE_MALFORMED', errorMessage: expect.stringContaining('po_broken.csv') })]);
      expect((await admin.post(`/planbridge/dead-letters/${letters[0].id}/resolve`, { note: 'asked the planner for a new file' })).status).toBe(200);
    }

    // 3. A planner approves, edits and rejects; execution starts and the runtime is killed the moment
    // Odoo has written the first document, before the runtime hears back.
    const pending = list.filter((a) => a.status === 'pending');
    const purchases = pending.filter((a) => a.type === 'purchase');
    const transfers = pending.filter((a) => a.type === 'transfer');
    expect(purchases.length).toBeGreaterThanOrEqual(3);
    const decisions = [
      { recommendation_id: purchases[0].recommendation_id, plan_version: purchases[0].plan_version, decision: 'approve' },
      {
        recommendation_id: purchases[1].recommendation_id,
        plan_version: purchases[1].plan_version,
        decision: 'edit',
        quantity: Math.max(1, Math.floor(purchases[1].quantity / 2)),
        reason_code: 'budget',
      },
      { recommendation_id: purchases[2].recommendation_id, plan_version: purchases[2].plan_version, decision: 'reject', reason_code: 'overstock' },
      ...purchases.slice(3, 8).map((a) => ({ recommendation_id: a.recommendation_id, plan_version: a.plan_version, decision: 'approve' })),
      ...transfers.slice(0, 3).map((a) => ({ recommendation_id: a.recommendation_id, plan_version: a.plan_version, decision: 'approve' })),
    ];
    const first = runtime as RuntimeProcess;
    const killed = new Promise<void>((resolve) => {
      proxy.on('forwarded', (call: ForwardedCall) => {
        if (/\/json\/2\/(purchase\.order|stock\.picking)\/(create|write)$/.test(call.path)) {
          first.child.kill('SIGKILL');
          resolve();
        }
      });
    });
    const decided = await admin.post('/planbridge/approvals/decisions', { decisions });
    expect(decided.status).toBe(200);
    const results = ((await decided.json()) as { results: Array<{ applied: boolean; status: string }> }).results;
    expect(results.map((r) => [r.applied, r.status])).toEqual(
      decisions.map((d) => [true, d.decision === 'approve' ? 'approved' : d.decision === 'edit' ? 'edited' : 'rejected']),
    );
    await killed;
    await first.stop('SIGKILL');
    proxy.removeAllListeners('forwarded');

    // 4. Restart: the unfinished execution comes back from the ledger and completes; nothing is created twice.
    // No trigger is pulled: the killed execution comes back by itself once its lease (3 s here, 30 s
    // by default) ran out, its keys with it, not after the 60-minute key lease.
    const restartedAt = Date.now();
    await start();
    await until('every approved recommendation executed after the restart', allExecuted, sources, 90_000);
    const recoveredMs = Date.now() - restartedAt;
    console.log(`replenishment loop: every approved recommendation executed ${(recoveredMs / 1000).toFixed(1)} s after the restart (lease 3 s)`);
    expect(recoveredMs).toBeLessThan(30_000);
    list = await approvals();
    expectOdooMatches(list);
    const docs = odooDocuments();
    console.log(
      `replenishment loop: ${list.length} recommendations, ${auto.length} auto-approved, ${decisions.length} decided by the planner; ` +
        `Odoo holds ${docs.orders.length} RFQs with ${docs.lineCount} lines and ${docs.pickings.length} transfers with ${docs.moveCount} moves; ` +
        `the WMS running ${wmsWarehouse} holds ${wms.control.orders().length} transfer orders`,
    );
    // Both routes were taken.
    expect(wms.control.orders().length).toBeGreaterThan(0);
    expect(docs.moveCount).toBeGreaterThan(0);
    const edited = list.find((a) => a.recommendation_id === purchases[1].recommendation_id) as Approval;
    expect([edited.status, edited.approved_qty]).toEqual(['edited', Math.max(1, Math.floor(purchases[1].quantity / 2))]);

    // The planner heard every decision and every execution, once.
    await until(
      'feedback for every decision and execution',
      async () => {
        const items = await feedback();
        return approvedToExecute(list).every((a) => items.some((f) => f.recommendation_id === a.recommendation_id && f.status === 'executed'));
      },
      sources,
    );
    const items = await feedback();
    const events = items.map((f) => `${f.recommendation_id}@${f.plan_version}:${f.status}`);
    expect(new Set(events).size).toBe(events.length);
    expect(items.find((f) => f.recommendation_id === purchases[2].recommendation_id)?.status).toBe('rejected');
    expect(items.find((f) => f.recommendation_id === purchases[1].recommendation_id && f.status === 'edited')?.approved_qty).toBe(edited.approved_qty);
    const executed = items.filter((f) => f.status === 'executed');
    const byWms = new Set(
      approvedToExecute(list)
        .filter((a) => a.type === 'transfer' && a.source_location === wmsWarehouse)
        .map((a) => a.recommendation_id),
    );
    expect(executed.filter((f) => !byWms.has(f.recommendation_id)).every((f) => f.odoo_refs?.length === 1)).toBe(true);
    expect(executed.filter((f) => byWms.has(f.recommendation_id)).map((f) => f.odoo_refs ?? [])).toEqual([...byWms].map(() => []));

    // 5. Every flow again: nothing changes in Odoo, in the inbox or at the planner.
    const before = {
      orders: rows('purchase.order').length,
      lines: rows('purchase.order.line').length,
      pickings: rows('stock.picking').length,
      moves: rows('stock.move').length,
    };
    const feedbackBefore = items.length;
    // An inject answers before its flow has run: what a rerun did is read once each flow has handled
    // its trigger (its first planbridge node counted the input on /metrics) and the ledger owes nothing.
    const handled = async (): Promise<{ imports: number; releases: number }> => {
      const text = await (await admin.get('/metrics')).text();
      const count = (type: string, flow: string): number =>
        [...text.matchAll(new RegExp(`planbridge_messages_total\\{node_type="${type}",flow="${flow}",outcome="[a-z]+"\\} (\\d+)`, 'g'))].reduce(
          (n, m) => n + Number(m[1]),
          0,
        );
      return { imports: count('planning-import', 'tab-import-recommendations'), releases: count('pb-approval-release', 'tab-execute-approved') };
    };
    const handledBefore = await handled();
    const answered = (method: string, pathname: string): Promise<void> =>
      new Promise((resolve) => {
        const onCall = (call: ForwardedCall): void => {
          if (call.method === method && call.path.split('?')[0] === pathname) {
            planningProxy.off('forwarded', onCall);
            resolve();
          }
        };
        planningProxy.on('forwarded', onCall);
      });
    // Over REST the runtime asks for a plan; over files the planner plans on the delivery it loads.
    const replanned = profile === 'rest' ? answered('POST', '/api/v1/plans') : new Promise((resolve) => planning.control.events.once('delivery', resolve));
    await inject('ne-now');
    await replanned;
    // The same stock and orders sent again is the same input: the planner keeps its plan.
    expect(planning.control.latestPlan()).toEqual(plan);
    if (profile === 'rest') {
      const reread = answered('GET', '/api/v1/recommendations');
      await inject('ir-every');
      await reread;
    } else {
      expect((await fs.readdir(fromPlanner())).filter((f) => /^(po|tr)_.*\.csv$/.test(f))).toEqual([]);
      await inject('ir-every');
    }
    await inject('ea-every');
    // Over REST two imports (the one the export links to once the plan is requested, and ir-every's);
    // over files ir-every's (the rerun's export links to none); and one release of approved work.
    const imports = profile === 'rest' ? 2 : 1;
    await until(
      'the import and execution flows handled their triggers',
      async () => {
        const now = await handled();
        return now.imports >= handledBefore.imports + imports && now.releases >= handledBefore.releases + 1;
      },
      sources,
    );
    await waitLedgerSettled(ledgerStateOf(admin), 30_000);
    expect((await approvals()).map((a) => [a.recommendation_id, a.status, a.executed])).toEqual(list.map((a) => [a.recommendation_id, a.status, a.executed]));
    expect({
      orders: rows('purchase.order').length,
      lines: rows('purchase.order.line').length,
      pickings: rows('stock.picking').length,
      moves: rows('stock.move').length,
    }).toEqual(before);
    expect((await feedback()).length).toBe(feedbackBefore);

    expect(await (runtime as RuntimeProcess).stop('SIGTERM')).toBe(0);
    runtime = undefined;
    await expectLedgerSettled({ engine: 'sqlite', file: path.join(userDir, 'ledger.db') });
  }, 300_000);
});
