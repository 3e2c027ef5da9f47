import { parse } from 'csv-parse/sync';
import mqtt from 'mqtt';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LedgerStore } from '../../nodes/ledger/store/types';
import { odooCatalogue, odooStock } from '../../runtime/sandbox-wms';
import { startOdooSandbox, type OdooSandbox } from '../../sandbox/odoo';
import { FAMILIES } from '../../sandbox/odoo/generate/names';
import { startPlanningSandbox, type PlanningSandbox } from '../../sandbox/planning';
import { startWmsSandbox, type InitialStockRow, type WmsSandbox } from '../../sandbox/wms';
import { adminLogin, repoRoot, startRuntimeProcess, type AdminApi, type RuntimeProcess } from '../helpers/runtime-process';

const ADMIN_PASSWORD = 'reconciliation-admin';
const PUSH_SECRET = 'reconciliation-push-secret-0123456789';
const MQTT_PASSWORD = 'reconciliation-mqtt-password';

type Rec = Record<string, unknown>;

/** Resolves when `check` holds, asking again every 100 ms; fails with `what` after `timeoutMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The family of a sandbox product code (FST-000001 → Fasteners), as the shipped flow derives the category. */
const familyOf = (sku: string): string => FAMILIES.find((f) => sku.startsWith(`${f.code}-`))?.name ?? '';

describe('the nightly stock reconciliation on the shipped flows: Odoo vs WMS vs what planning was sent', () => {
  let odoo: OdooSandbox;
  let planning: PlanningSandbox;
  let wms: WmsSandbox;
  let userDir: string;
  let runtime: RuntimeProcess | undefined;
  let admin: AdminApi;
  let ledger: LedgerStore | undefined;
  let stock: InitialStockRow[];

  beforeAll(async () => {
    odoo = await startOdooSandbox({ version: 19, products: 60, warehouses: 3, historyDays: 120, seed: 23, db: 'sandbox' });
    planning = await startPlanningSandbox({ token: 'reconcile-token' });
    // The WMS holds exactly Odoo's stock: every difference below is one the test makes.
    stock = odooStock(odoo);
    wms = await startWmsSandbox({ ...odooCatalogue(odoo), stock, apiKey: 'reconcile-wms-key', subscriberSecret: PUSH_SECRET });
    userDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-reconcile-'));
    // The shipped flows as they are, except that the test pulls every trigger itself and the
    // exceptions flow's coalesced stock read comes after a second instead of five minutes.
    const flows = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Rec[];
    for (const n of flows) {
      if (n.type === 'inject') Object.assign(n, { once: false, repeat: '', crontab: '' });
      if (n.id === 'oe-coalesce') Object.assign(n, { nbRateUnits: '1', rateUnits: 'second' });
    }
    await fs.writeFile(path.join(userDir, 'flows.json'), JSON.stringify(flows));
    await fs.copyFile(path.join(repoRoot, 'flows', 'credentials.template.json'), path.join(userDir, 'credentials.template.json'));
    runtime = await startRuntimeProcess({
      PLANBRIDGE_USER_DIR: userDir,
      PLANBRIDGE_FLOWS_FILE: path.join(userDir, 'flows.json'),
      PLANBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PLANBRIDGE_MQTT_PORT: '0',
      PLANBRIDGE_MQTT_PASSWORD: MQTT_PASSWORD,
      PLANBRIDGE_ODOO_URL: odoo.url,
      PLANBRIDGE_ODOO_DB: odoo.db,
      PLANBRIDGE_ODOO_LOGIN: odoo.control.integration.login,
      PLANBRIDGE_ODOO_API_KEY: odoo.control.integration.apiKey,
      PLANBRIDGE_PLANNING_URL: planning.url,
      PLANBRIDGE_PLANNING_TOKEN: planning.token,
      PLANBRIDGE_WMS_URL: wms.url,
      PLANBRIDGE_WMS_API_KEY: wms.apiKey,
      PLANBRIDGE_WMS_PUSH_SECRET: PUSH_SECRET,
    });
    admin = await adminLogin(runtime.url, 'admin', ADMIN_PASSWORD);
    const { openStore } = await import('../../nodes/ledger/store/open-store');
    ledger = await openStore({ engine: 'sqlite', file: path.join(userDir, 'ledger.db') });
  }, 120_000);

  afterAll(async () => {
    await ledger?.close();
    await runtime?.stop('SIGKILL');
    await wms?.stop();
    await planning?.stop();
    await odoo?.stop();
    if (userDir) await fs.rm(userDir, { recursive: true, force: true });
  });

  async function inject(id: string): Promise<void> {
    expect((await admin.post(`/inject/${id}`, {})).status).toBe(200);
  }

  it('keeps the stock sent to planning, finds exactly the differences beyond tolerance, reports them and raises drift alerts', async () => {
    const store = ledger as LedgerStore;
    // 1. The nightly export: the stock sent to planning is kept as `planning`.
    const planned = new Promise((resolve) => planning.control.events.once('plan', resolve));
    await inject('ne-now');
    await planned;
    const kept = await until('the planning snapshot kept', () => store.snapshots.kept('keep:planning'));
    expect(kept.state).toBe('kept');

    // 2. Stock moves after the export, in the WMS (not pushed: no subscriber yet) and in Odoo.
    const big = (family: string, min: number, skip = 0): InitialStockRow => {
      const found = stock.filter((r) => familyOf(r.sku) === family && r.on_hand >= min);
      if (found.length <= skip) throw new Error(`the sandbox has no ${family} row with ${min} on hand`);
      return found[skip];
    };
    const fastenerWithin = big('Fasteners', 100);
    const fastenerBeyond = big('Fasteners', 100, 1);
    const toolWithin = big('Hand Tools', 5);
    const toolBeyond = big('Hand Tools', 5, 1);
    const electrical = big('Electrical', 1);
    const plumbing = big('Plumbing', 30);
    // An item and warehouse Odoo has no row for.
    const locations = [...new Set(stock.map((r) => r.location))];
    const catalogue = odooCatalogue(odoo).skus;
    const absent = catalogue
      .flatMap((sku) => locations.map((location) => ({ sku, location })))
      .find((k) => !stock.some((r) => r.sku === k.sku && r.location === k.location)) as { sku: string; location: string };
    expect(absent).toBeDefined();

    wms.control.adjust(fastenerWithin.sku, fastenerWithin.location, Math.floor(fastenerWithin.on_hand * 0.015)); // within 2 %
    wms.control.adjust(toolWithin.sku, toolWithin.location, -1); // within 1 unit
    wms.control.adjust(fastenerBeyond.sku, fastenerBeyond.location, -Math.ceil(fastenerBeyond.on_hand * 0.05)); // beyond 2 %
    wms.control.adjust(toolBeyond.sku, toolBeyond.location, -3); // beyond 1 unit
    wms.control.count(electrical.sku, electrical.location, electrical.on_hand + 15); // beyond, and worth an alert by quantity
    wms.control.adjust(absent.sku, absent.location, 4, 'receipt'); // a row only the WMS has
    // Odoo: 20 fewer on hand in the warehouse's stock location than the WMS and planning know of.
    const productId = (odoo.control.database.store('product.product').records as Rec[]).find((p) => p.default_code === plumbing.sku)?.id;
    const warehouse = odoo.control.dataset.warehouses.find((w) => w.code === plumbing.location);
    const quants = odoo.control.database.store('stock.quant');
    const quant = (quants.records as Rec[]).find(
      (q) =>
        q.product_id === productId &&
        warehouse &&
        [warehouse.stockLocationId, ...warehouse.shelfLocationIds].includes(q.location_id as number) &&
        (q.quantity as number) >= 20,
    );
    expect(quant).toBeDefined();
    quants.update(quant as Parameters<typeof quants.update>[0], { quantity: ((quant as Rec).quantity as number) - 20 });

    const key = (r: { sku: string; location: string }): string => `${r.sku}@${r.location}`;
    const expected = [fastenerBeyond, toolBeyond, electrical, plumbing, absent].map(key).sort();

    // What the flow publishes: the summary event and the drift alerts.
    const port = Number(/embedded MQTT broker on mqtt:\/\/127\.0\.0\.1:(\d+)/.exec((runtime as RuntimeProcess).output())?.[1]);
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { username: 'planbridge', password: MQTT_PASSWORD, reconnectPeriod: 0 });
    const published: Array<{ topic: string; payload: Rec }> = [];
    client.on('message', (topic, payload) => published.push({ topic, payload: JSON.parse(payload.toString()) as Rec }));
    await client.subscribeAsync(['planbridge/+/reconcile/summary', 'planbridge/+/alerts/+/stock_drift']);

    // 3. Reconcile now.
    const started = Date.now();
    await inject('rc-now');
    const summaryAlert = await until('the reconciliation summary', async () => (await store.alerts.list({ key: 'stock_reconciliation' }))[0]);
    const seconds = (Date.now() - started) / 1000;
    const summary = JSON.parse(summaryAlert.details as string) as {
      run: string;
      compared: number;
      differing: number;
      total_abs_value: number;
      file: string;
      alerts: number;
      sides: string[];
    };
    expect(summary.sides).toEqual(['odoo', 'wms', 'planning']);
    expect(summary.differing).toBe(expected.length);
    expect(summaryAlert.severity).toBe('warning');
    expect(summaryAlert.message).toBe(
      `stock reconciliation: ${expected.length} differences in ${summary.compared} items and locations, value ${summary.total_abs_value.toFixed(2)}, report ${summary.file}`,
    );
    expect(path.dirname(summary.file)).toBe(path.join(userDir, 'reports'));
    // Both nightly jobs are runs in the ledger, closed once done; the comparison's figure is kept with its part.
    const runs = await until('the reconciliation run closed', async () => {
      const all = await store.runs.list({ state: 'closed' });
      return all.some((r) => r.kind === 'nightly stock reconciliation') && all;
    });
    expect(runs.map((r) => r.kind).sort()).toEqual(['nightly export', 'nightly stock reconciliation']);
    expect(runs.find((r) => r.kind === 'nightly stock reconciliation')).toMatchObject({
      id: summary.run,
      done: [{ part: 'comparison', detail: String(expected.length) }],
    });

    // The CSV report holds exactly the seeded differences, with their categories and quantities.
    const rows: Array<Record<string, string> & { sku: string; location: string }> = parse(await fs.readFile(summary.file, 'utf8'), { columns: true });
    expect(rows.map(key).sort()).toEqual(expected);
    const row = (r: { sku: string; location: string }): Record<string, string> => rows.find((x) => key(x) === key(r)) as Record<string, string>;
    for (const r of rows) expect(r.category).toBe(familyOf(r.sku));
    expect([row(toolBeyond).odoo, row(toolBeyond).wms, row(toolBeyond).planning, row(toolBeyond).delta].map(Number)).toEqual([
      toolBeyond.on_hand,
      toolBeyond.on_hand - 3,
      toolBeyond.on_hand,
      -3,
    ]);
    expect(Number(row(electrical).delta)).toBe(15);
    expect([row(plumbing).odoo, row(plumbing).wms, row(plumbing).planning].map(Number)).toEqual([plumbing.on_hand - 20, plumbing.on_hand, plumbing.on_hand]);
    expect(row(plumbing).differs).toBe('wms planning');
    expect([row(absent).odoo, row(absent).planning, row(absent).wms]).toEqual(['', '', '4']);
    for (const r of rows) expect(Number(r.unit_cost)).toBeGreaterThan(0);

    // Drift alerts: a difference worth 250 or more, or of 10 units or more.
    const qualifies = rows
      .filter((r) => Math.abs(Number(r.delta)) >= 10 || Number(r.value) >= 250)
      .map(key)
      .sort();
    expect(qualifies).toEqual(expect.arrayContaining([key(electrical), key(plumbing)]));
    const drift = await until('the drift alerts', async () => {
      const list = await store.alerts.list({ type: 'stock_drift' });
      return list.length >= qualifies.length && list;
    });
    expect(drift.map((a) => `${a.sku}@${a.location}`).sort()).toEqual(qualifies);
    expect(summary.alerts).toBe(qualifies.length);
    await until('the summary and the drift alerts on MQTT', () => published.length >= qualifies.length + 1);
    expect(published.find((m) => m.topic === 'planbridge/dev/reconcile/summary')?.payload).toMatchObject({
      run: summary.run,
      differing: expected.length,
      file: summary.file,
    });
    expect(
      published
        .filter((m) => m.topic.endsWith('/stock_drift'))
        .map((m) => `${m.payload.sku as string}@${m.payload.location as string}`)
        .sort(),
    ).toEqual(qualifies);
    await client.endAsync();
    console.log(
      `stock reconciliation on the sandbox data: ${summary.compared} items and locations compared in ${seconds.toFixed(1)} s (from "reconcile now" to the summary), ` +
        `${summary.differing} differ (value ${summary.total_abs_value}), ${qualifies.length} drift alerts`,
    );

    // 4. A WMS stock event pushed to the webhook makes the exceptions flow read Odoo's stock.
    const reads = (): number => odoo.control.counters().byModel['stock.quant'] ?? 0;
    const before = reads();
    wms.control.subscribe('stock_events', `${(runtime as RuntimeProcess).url}/planbridge/wms/stock-events`);
    const pushed = new Promise<{ status: number }>((resolve) => wms.control.once('event', resolve));
    wms.control.adjust(toolWithin.sku, toolWithin.location, -2, 'shipment');
    expect((await pushed).status).toBe(202);
    await until('an Odoo stock read after the WMS event', () => reads() > before);
  }, 90_000);
});
