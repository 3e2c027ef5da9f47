import type { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEdiSandbox, type EdiSandbox, type ReceivedFile } from '../../sandbox/edi';
import { startOdooSandbox, type OdooSandbox } from '../../sandbox/odoo';
import { adminLogin, ledgerStateOf, repoRoot, startRuntimeProcess, waitLedgerSettled, type AdminApi, type RuntimeProcess } from '../helpers/runtime-process';

const ADMIN_PASSWORD = 'supplier-edi-admin';
type Row = Record<string, unknown> & { id: number };
type Alert = { key: string; type: string; status: string; message: string; severity: string; count: number };

/** What a test adds to a timeout's message, so a failure says where the work stopped. */
let explain: () => Promise<string> = async () => '';

/** Resolves when `check` holds, asked on every event of `sources` and every 200 ms; fails after `ms`. */
function until(what: string, check: () => Promise<boolean> | boolean, sources: EventEmitter[], ms = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let busy = false;
    const stop = (): void => {
      clearInterval(timer);
      clearTimeout(deadline);
      for (const s of sources) s.off('answered', probe).off('acknowledged', probe);
    };
    const probe = (): void => {
      if (busy) return;
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
      explain().then(
        (detail) => reject(new Error(`timed out waiting for: ${what}\n${detail}`)),
        () => reject(new Error(`timed out waiting for: ${what}`)),
      );
    }, ms);
    for (const s of sources) s.on('answered', probe).on('acknowledged', probe);
    probe();
  });
}

describe('the Supplier EDI flows: a confirmed order out as an 850, the supplier’s 997, 855, 856 and 810 back, checked against Odoo', () => {
  let odoo: OdooSandbox;
  let supplier: EdiSandbox;
  let runtime: RuntimeProcess | undefined;
  let admin: AdminApi;
  let userDir: string;
  const rows = (model: string): Row[] => odoo.control.database.store(model).records;
  const toSupplier = (): string => path.join(userDir, 'edi', 'to-supplier');
  const fromSupplier = (): string => path.join(userDir, 'edi', 'from-supplier');

  beforeAll(async () => {
    odoo = await startOdooSandbox({ version: 19, products: 60, warehouses: 3, historyDays: 30, seed: 5, db: 'sandbox' });
    userDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-edi-flow-'));
    supplier = await startEdiSandbox({
      inbox: toSupplier(),
      outbox: fromSupplier(),
      seed: 3,
      pollIntervalMs: 100,
      rates: { rejected: 0.15, changed: 0.3, late: 0.4, short: 0.3, invoiceMismatch: 0.5 },
    });
    const flows = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Array<Record<string, unknown>>;
    for (const n of flows) {
      if (n.type === 'inject') Object.assign(n, { once: false, repeat: '', crontab: '' });
      if (n.id === 'se-in') n.pollSeconds = '1';
    }
    await fs.writeFile(path.join(userDir, 'flows.json'), JSON.stringify(flows));
    await fs.copyFile(path.join(repoRoot, 'flows', 'credentials.template.json'), path.join(userDir, 'credentials.template.json'));
    runtime = await startRuntimeProcess({
      PLANBRIDGE_USER_DIR: userDir,
      PLANBRIDGE_FLOWS_FILE: path.join(userDir, 'flows.json'),
      PLANBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PLANBRIDGE_MQTT_PORT: '0',
      PLANBRIDGE_ODOO_URL: odoo.url,
      PLANBRIDGE_ODOO_DB: odoo.db,
      PLANBRIDGE_ODOO_LOGIN: odoo.control.integration.login,
      PLANBRIDGE_ODOO_API_KEY: odoo.control.integration.apiKey,
      // Not used here: the planning tabs' triggers stay off.
      PLANBRIDGE_PLANNING_URL: 'http://127.0.0.1:9',
      PLANBRIDGE_PLANNING_TOKEN: 'unused-token',
    });
    admin = await adminLogin(runtime.url, 'admin', ADMIN_PASSWORD);
    explain = async () => {
      const letters = JSON.stringify(await (await admin.get('/planbridge/dead-letters?state=open')).json()).slice(0, 2000);
      const folders = await Promise.all(
        [toSupplier(), fromSupplier()].map(async (dir) => `${dir}: ${(await fs.readdir(dir, { recursive: true }).catch(() => [])).join(', ')}`),
      );
      return `dead letters: ${letters}\n${folders.join('\n')}\nOdoo calls: ${JSON.stringify(odoo.control.counters().byMethod)}\n${runtime?.output().slice(-1500) ?? ''}`;
    };
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop('SIGKILL');
    await supplier?.stop();
    await odoo?.stop();
    if (userDir) await fs.rm(userDir, { recursive: true, force: true });
  });

  async function odooCall(model: string, method: string, body: Record<string, unknown>): Promise<unknown> {
    const response = await fetch(`${odoo.url}/json/2/${model}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `bearer ${odoo.control.integration.apiKey}`, 'x-odoo-database': odoo.db },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json();
  }

  async function alerts(): Promise<Alert[]> {
    return ((await (await admin.get('/planbridge/alerts?status=open,acknowledged')).json()) as { alerts: Alert[] }).alerts;
  }

  it('sends the order once, acknowledges every answer, moves the receipt, and raises the alerts the answers call for', async () => {
    // A buyer confirms an order planbridge proposed to SUP-0001, for four of its items.
    const vendor = rows('res.partner').find((p) => p.ref === 'SUP-0001') as Row;
    const templates = new Set(
      rows('product.supplierinfo')
        .filter((s) => s.partner_id === vendor.id)
        .map((s) => s.product_tmpl_id),
    );
    const products = rows('product.product')
      .filter((p) => templates.has(p.product_tmpl_id) && typeof p.default_code === 'string')
      .slice(0, 4);
    expect(products).toHaveLength(4);
    const planned = '2026-12-20 08:00:00';
    const [poId] = (await odooCall('purchase.order', 'create', {
      vals_list: [
        {
          partner_id: vendor.id,
          origin: 'planbridge REC-EDI-1@1',
          order_line: products.map((p, i) => [0, 0, { product_id: p.id, product_qty: 10 * (i + 2), price_unit: 4 + i, date_planned: planned }]),
        },
      ],
    })) as number[];
    await odooCall('purchase.order', 'button_confirm', { ids: [poId] });
    const po = rows('purchase.order').find((o) => o.id === poId) as Row;
    expect(po.state).toBe('purchase');

    // Out: one 850 for the order; the supplier answers it.
    const injected = await admin.post('/inject/se-poll', {});
    expect(injected.status).toBe(200);
    await until('the supplier answered the order', () => supplier.control.received().some((r) => r.orders.length > 0), [supplier.control], 30_000);
    const received = supplier.control.received().find((r) => r.orders.length > 0) as ReceivedFile;
    expect(received.refusals).toEqual([]);
    expect(received.orders).toHaveLength(1);
    const order = received.orders[0];
    expect(order.poNumber).toBe(po.name);
    expect(order.lines.map((l) => l.quantity)).toEqual([20, 30, 40, 50]);
    const plan = received.plans[0];
    const sent = received.answers.filter((name) => !/997/.test(name));

    // In: every answer but the supplier's own 997 is acknowledged with a 997 the supplier keeps unanswered.
    await until(
      'the supplier has our 997 for each of its documents',
      () => supplier.control.received().filter((r) => r.acknowledgment).length === sent.length,
      [supplier.control],
    );
    expect(supplier.control.received().filter((r) => r.refusals.length)).toEqual([]);
    await until(
      'every file from the supplier is handled',
      async () =>
        (await fs.readdir(fromSupplier())).filter((f) => !f.startsWith('.') && f !== 'archive' && f !== 'processing' && f !== 'quarantine').length === 0 &&
        (await fs.readdir(path.join(fromSupplier(), 'processing')).catch(() => [])).length === 0,
      [supplier.control],
    );
    expect((await fs.readdir(path.join(fromSupplier(), 'archive'))).length).toBe(received.answers.length);

    // The receipt in Odoo now expects the goods when the last ship notice says.
    const shipments = plan.shipments;
    expect(shipments.length).toBeGreaterThan(0);
    const receipt = () => rows('stock.picking').find((p) => p.origin === po.name && p.state !== 'done' && p.state !== 'cancel') as Row;
    const expectedDates = shipments.map((s) => s.expectedDate).sort();
    await until('the receipt moved to a ship notice date', () => expectedDates.includes(String(receipt().scheduled_date).slice(0, 10)), [supplier.control]);

    // Alerts: each line the supplier made late or short, and each invoice it billed before we received the goods.
    await until('the invoice alerts are raised', async () => (await alerts()).filter((a) => a.type === 'invoice_mismatch').length === shipments.length, [
      supplier.control,
    ]);
    const open = await alerts();
    for (const line of plan.lines) {
      const sku = line.line.ids.find((i) => i.qualifier === 'BP')?.id;
      const keys = open.filter((a) => a.key.endsWith(`${po.name}:${sku}`)).map((a) => a.type);
      if (line.status === 'rejected' || line.short || line.confirmedQty < line.line.quantity)
        expect([sku, keys]).toEqual([sku, expect.arrayContaining(['short_supply'])]);
      if (line.late) expect([sku, keys]).toEqual([sku, expect.arrayContaining(['supplier_delay'])]);
      if (line.status === 'accepted' && !line.late && !line.short) expect([sku, keys]).toEqual([sku, []]);
    }
    for (const invoice of open.filter((a) => a.type === 'invoice_mismatch')) expect(invoice.message).toMatch(/not received/);
    // The lead time each ship notice measured is kept in the ledger, one record per notice.
    const metric = async (type: string): Promise<number> =>
      Number(
        new RegExp(`planbridge_messages_total\\{node_type="${type}",flow="tab-supplier-edi",outcome="ok"\\} (\\d+)`).exec(
          await (await admin.get('/metrics')).text(),
        )?.[1] ?? 0,
      );
    expect(await metric('pb-track')).toBe(shipments.length);
    expect(((await (await admin.get('/planbridge/dead-letters?state=open')).json()) as { deadLetters: unknown[] }).deadLetters).toEqual([]);

    // The supplier sends an invoice a second time: it is flagged, not matched (and paid) again.
    const invoiceFile = (await fs.readdir(path.join(fromSupplier(), 'archive'))).find((f) => /-810-/.test(f)) as string;
    await fs.copyFile(path.join(fromSupplier(), 'archive', invoiceFile), path.join(fromSupplier(), `again-${invoiceFile}`));
    await until('the repeated invoice is flagged', async () => (await alerts()).some((a) => a.type === 'invoice_duplicate'), [supplier.control]);
    // The alert comes while the file is still being handled: compare once the ledger owes nothing.
    await waitLedgerSettled(ledgerStateOf(admin), 30_000);
    // Each invoice was judged once: a second three-way match would have counted a repeat on its alert.
    expect((await alerts()).filter((a) => a.type === 'invoice_mismatch').map((a) => a.count)).toEqual(shipments.map(() => 1));
    expect(((await (await admin.get('/planbridge/dead-letters?state=open')).json()) as { deadLetters: unknown[] }).deadLetters).toEqual([]);

    // Asked again, the order is not sent again: the cursor has passed it (and pb-dedupe would hold it back).
    const searches = async (): Promise<number> => {
      const text = await (await admin.get('/metrics')).text();
      return Number(/planbridge_messages_total\{node_type="odoo-search",flow="tab-supplier-edi",outcome="ok"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    // Our 997 for the repeated invoice may still wait for the supplier: let it take every file first, so
    // that a file found in its folder after the rerun can only be an order sent again.
    const waiting = async (): Promise<string[]> => (await fs.readdir(toSupplier())).filter((f) => !['archive', 'processing', 'rejected'].includes(f));
    await until('the supplier took every file sent to it', async () => (await waiting()).length === 0, [supplier.control]);
    const before = await searches();
    expect((await admin.post('/inject/se-poll', {})).status).toBe(200);
    await until('the confirmed orders were read again', async () => (await searches()) === before + 1, [supplier.control]);
    // The inject answered before the flow ran, and the search is its first step: an order found again
    // would be claimed, built, written and completed after it, so the ledger must owe nothing first.
    await waitLedgerSettled(ledgerStateOf(admin), 30_000);
    expect(odoo.control.counters().byMethod['purchase.order.search_read']).toBe(2);
    expect(await waiting()).toEqual([]);
    expect(supplier.control.received().filter((r) => r.orders.length)).toHaveLength(1);
  }, 120_000);
});
