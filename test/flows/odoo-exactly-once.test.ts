import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReplenishmentRecommendation } from '../../nodes/canonical/contracts';
import { OdooClient } from '../../nodes/odoo/client/odoo-client';
import { DEFAULT_RESILIENCE } from '../../nodes/lib/resilience';
import { poOrigin } from '../../nodes/odoo/map/outbound/purchase-orders';
import { startFakeServer, type FakeServer } from '../fakes/http-server';
import { startProxy, type ForwardedCall, type Proxy } from '../fakes/proxy';
import { nextMessage, node, useNodeRed } from '../helpers/node-red';
import { odooNodes } from '../helpers/odoo-nodes';
import { odooConfigFor, odooCredentialsFor, smallSandbox, type OdooSandbox } from '../helpers/odoo-sandbox';
import { expectLedgerSettled, startRuntimeProcess, type RuntimeProcess } from '../helpers/runtime-process';

const helper = useNodeRed();
const PAGE = 500;
const ADMIN_PASSWORD = 'exactly-once-admin-password';

async function recommendations(client: OdooClient, planId: string): Promise<ReplenishmentRecommendation[]> {
  const lines = await client.searchRead('product.supplierinfo', { fields: ['product_tmpl_id', 'partner_id'], order: 'id asc', limit: 5000 });
  const partners = new Map(
    (await client.searchRead('res.partner', { domain: [['ref', '=like', 'SUP-%']], fields: ['ref'] })).map((p) => [p.id, String(p.ref)]),
  );
  const variants = await client.searchRead('product.product', { fields: ['default_code', 'product_tmpl_id'] });
  const products = new Map(variants.map((p) => [p.id, String(p.default_code)]));
  const variantOf = new Map(variants.map((p) => [(p.product_tmpl_id as [number, string])[0], p.id]));
  const [warehouse] = await client.searchRead('stock.warehouse', { fields: ['code'], limit: 1 });
  const seen = new Set<number>();
  const recs: ReplenishmentRecommendation[] = [];
  for (const line of lines) {
    const productId = variantOf.get((line.product_tmpl_id as [number, string])[0]);
    const partnerId = (line.partner_id as [number, string])[0];
    if (!productId || seen.has(productId) || !partners.has(partnerId) || !products.get(productId)) continue;
    seen.add(productId);
    recs.push({
      recommendation_id: `REC-${planId}-${String(recs.length).padStart(4, '0')}`,
      plan_id: planId,
      plan_version: 1,
      type: 'purchase',
      sku: products.get(productId) as string,
      location: String(warehouse.code),
      supplier: partners.get(partnerId),
      source_location: null,
      quantity: 10 + (recs.length % 7),
      uom: 'EA',
      unit_cost: 1.5,
      value: null,
      currency: 'EUR',
      order_by: null,
      need_by: '2026-12-15',
      reason: 'test',
      reason_code: 'below_reorder_point',
      valid_until: '2099-01-01T00:00:00Z',
      created_at: '2026-11-26T00:00:00Z',
      company: null,
      source: { system: 'planning', record_id: null },
    });
    if (recs.length === PAGE) break;
  }
  if (recs.length < PAGE) throw new Error(`the sandbox has only ${recs.length} products with a supplier`);
  return recs;
}

async function linesOf(client: OdooClient, planId: string): Promise<number> {
  return client.searchCount('purchase.order.line', [['order_id.origin', '=', poOrigin(planId, 1)]]);
}

describe('recommendations become purchase order lines exactly once', () => {
  let sandbox: OdooSandbox;
  let admin: OdooClient;

  beforeAll(async () => {
    sandbox = await smallSandbox(19, 700);
    admin = new OdooClient({
      baseURL: sandbox.url,
      database: sandbox.db,
      login: 'admin',
      apiKey: sandbox.control.admin.apiKey,
      protocol: 'json2',
      timeoutMs: 30_000,
      resilience: DEFAULT_RESILIENCE,
    });
  }, 120_000);
  afterAll(async () => {
    admin.dispose();
    await sandbox.stop();
  });

  it('writing the same page of 500 twice leaves 500 lines', async () => {
    await helper.load(
      odooNodes,
      [
        odooConfigFor(sandbox, 'json2', { timeoutMs: '30000' }),
        {
          id: 'po',
          type: 'odoo-write',
          server: 'odoo',
          map: 'purchase_orders',
          model: '',
          operation: 'create',
          upsertBy: 'field',
          matchField: '',
          keyPath: '',
          xmlidModule: 'planbridge',
          wires: [['out']],
        },
        { id: 'out', type: 'helper' },
      ] as never,
      odooCredentialsFor(sandbox, 'admin'),
    );
    const page = await recommendations(admin, 'PLAN-TWICE');
    const first = nextMessage('out');
    node('po').receive({ payload: page });
    const created = (await first).payload as Array<{ action: string }>;
    expect(created.filter((r) => r.action === 'created')).toHaveLength(PAGE);
    const second = nextMessage('out');
    node('po').receive({ payload: page });
    const again = (await second).payload as Array<{ action: string }>;
    expect(again.filter((r) => r.action === 'existing')).toHaveLength(PAGE);
    expect(await linesOf(admin, 'PLAN-TWICE')).toBe(PAGE);
    await helper.unload();
  }, 120_000);

  describe('with the runtime killed (SIGKILL) after Odoo created the orders but before the runtime recorded it', () => {
    let proxy: Proxy;
    let notify: FakeServer;
    let userDir: string;
    let runtime: RuntimeProcess | undefined;

    beforeAll(async () => {
      proxy = await startProxy(sandbox.url);
      notify = await startFakeServer((_req, res) => res.end('ok'));
      userDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-po-'));
      for (const file of ['execute-recommendations.json', 'credentials.template.json']) {
        await fs.copyFile(path.join(__dirname, '..', 'fixtures', 'flows', file), path.join(userDir, file));
      }
    });
    afterAll(async () => {
      await runtime?.stop('SIGKILL');
      await proxy.close();
      await notify.close();
      await fs.rm(userDir, { recursive: true, force: true });
    });

    it('completes the work after a restart and leaves exactly 500 lines', async () => {
      const env = {
        PLANBRIDGE_USER_DIR: userDir,
        PLANBRIDGE_FLOWS_FILE: path.join(userDir, 'execute-recommendations.json'),
        PLANBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        PB_TEST_ODOO_URL: proxy.url,
        PB_TEST_ODOO_LOGIN: 'admin',
        PB_TEST_ODOO_KEY: sandbox.control.admin.apiKey,
        PB_TEST_NOTIFY_URL: notify.url,
      };
      const page = await recommendations(admin, 'PLAN-KILL');
      const first = await startRuntimeProcess(env);
      runtime = first;
      const created = new Promise<void>((resolve) => {
        proxy.on('forwarded', (call: ForwardedCall) => {
          if (call.path === '/json/2/purchase.order/create') {
            // Odoo has created the orders; the runtime never hears back.
            first.child.kill('SIGKILL');
            resolve();
          }
        });
      });
      const posted = await fetch(`${first.url}/recommendations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` },
        body: JSON.stringify(page),
      });
      expect(posted.status).toBe(202);
      await created;
      await first.stop('SIGKILL');
      proxy.removeAllListeners('forwarded');
      expect(await linesOf(admin, 'PLAN-KILL')).toBe(PAGE);

      const completed = new Promise<void>((resolve) =>
        notify.respond((_req, res) => {
          res.end('ok');
          resolve();
        }),
      );
      const creates: string[] = [];
      proxy.on('forwarded', (call: ForwardedCall) => {
        if (call.path === '/json/2/purchase.order/create') creates.push(call.path);
      });
      runtime = await startRuntimeProcess(env);
      await completed;
      expect(creates).toEqual([]);
      expect(await linesOf(admin, 'PLAN-KILL')).toBe(PAGE);
      expect(await runtime.stop('SIGTERM')).toBe(0);
      runtime = undefined;
      await expectLedgerSettled({ engine: 'sqlite', file: path.join(userDir, 'ledger.db') });
    }, 120_000);
  });
});
