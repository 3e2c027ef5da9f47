import type { ReplenishmentRecommendation, StockPolicy } from '../../nodes/canonical/contracts';
import type { OrderpointResult as Rule } from '../../nodes/odoo/map/outbound/orderpoints';
import type { TransferResult as Transfer } from '../../nodes/odoo/map/outbound/transfers';
import type { OdooConfigNode } from '../../nodes/odoo/odoo-config';
import { nextCall, nextMessage, node, useNodeRed } from '../helpers/node-red';
import { odooNodes } from '../helpers/odoo-nodes';
import { ODOO_CASES, odooConfigFor, odooCredentialsFor, smallSandbox, type OdooSandbox } from '../helpers/odoo-sandbox';

const helper = useNodeRed();

type Row = Record<string, unknown> & { id: number };

function transfer(planId: string, n: number, sku: string, from: string, to: string, quantity: number, needBy: string): ReplenishmentRecommendation {
  return {
    recommendation_id: `REC-${planId}-${n}`,
    plan_id: planId,
    plan_version: 1,
    type: 'transfer',
    sku,
    location: to,
    supplier: null,
    source_location: from,
    quantity,
    uom: 'EA',
    unit_cost: null,
    value: null,
    currency: null,
    order_by: null,
    need_by: needBy,
    reason: 'excess at source',
    reason_code: 'excess_transfer',
    valid_until: '2099-01-01T00:00:00Z',
    created_at: '2026-11-26T00:00:00Z',
    company: null,
    source: { system: 'planning', record_id: null },
  };
}

function policy(sku: string, location: string, reorderPoint: number, orderUpTo: number): StockPolicy {
  return { plan_id: 'PLAN-P', plan_version: 1, sku, location, reorder_point: reorderPoint, order_up_to: orderUpTo, safety_stock: 0, uom: 'EA', company: null };
}

describe.each(ODOO_CASES)('odoo-write outbound mappings, Odoo %i over %s', (version, protocol) => {
  let sandbox: OdooSandbox;
  const rows = (model: string): Row[] => sandbox.control.database.store(model).records;
  const row = (model: string, id: number): Row => sandbox.control.database.store(model).get(id) as Row;

  beforeAll(async () => {
    sandbox = await smallSandbox(version);
  });
  afterAll(() => sandbox.stop());

  /** Warehouses of one company (a transfer stays inside its company) and products with an internal reference. */
  function fixtures() {
    const warehouses = rows('stock.warehouse');
    const company = warehouses[0].company_id;
    const [a, b, c] = [...warehouses.filter((w) => w.company_id === company), ...warehouses.filter((w) => w.company_id !== company)];
    const products = rows('product.product').filter((p) => typeof p.default_code === 'string' && p.active !== false);
    const uomOf = (product: Row): number => row('product.template', product.product_tmpl_id as number).uom_id as number;
    return { a, b, c, products, uomOf };
  }

  async function load(map: string, user: 'admin' | 'integration' = 'integration'): Promise<void> {
    await helper.load(
      odooNodes,
      [
        odooConfigFor(sandbox, protocol),
        {
          id: 'write',
          type: 'odoo-write',
          server: 'odoo',
          map,
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
      odooCredentialsFor(sandbox, user),
    );
  }

  /** The node's answer; a reported error fails at once instead of waiting for the timeout. */
  async function run<T>(payload: unknown): Promise<T[]> {
    const answered = nextMessage('out');
    const failed = nextCall('write', 'error').then(([error]) => Promise.reject(error as Error));
    node('write').receive({ payload });
    return ((await Promise.race([answered, failed])) as { payload: T[] }).payload;
  }

  async function failure(payload: unknown): Promise<{ code: string; cause: Record<string, unknown> }> {
    const reported = nextCall('write', 'error');
    node('write').receive({ payload });
    return ((await reported) as [{ code: string; cause: Record<string, unknown> }])[0];
  }

  it('gives the least-privilege integration user the rights these writes need', async () => {
    await load('transfers');
    const client = node<OdooConfigNode>('odoo').client!;
    for (const [model, operation] of [
      ['stock.picking', 'create'],
      ['stock.move', 'create'],
      ['stock.warehouse.orderpoint', 'create'],
      ['stock.warehouse.orderpoint', 'write'],
    ] as const) {
      expect([model, operation, await client.hasAccess(model, operation)]).toEqual([model, operation, true]);
    }
    expect(await client.hasAccess('stock.move', 'unlink')).toBe(false);
  });

  describe('map: purchase_orders', () => {
    function purchase(planId: string, n: number, sku: string, supplier: string, location: string, quantity: number): ReplenishmentRecommendation {
      return {
        ...transfer(planId, n, sku, location, location, quantity, '2026-12-20'),
        type: 'purchase',
        supplier,
        source_location: null,
        unit_cost: 2,
        reason: 'below reorder point',
        reason_code: 'below_reorder_point',
      };
    }

    it('adds later approvals of the same plan to the supplier draft RFQ, and opens a new RFQ once that one is confirmed', async () => {
      const { a, products } = fixtures();
      const supplier = rows('res.partner').find((p) => typeof p.ref === 'string' && p.ref.startsWith('SUP-')) as Row;
      const [p1, p2, p3] = products.map((p) => p.default_code as string);
      await load('purchase_orders');
      const [first] = await run<{ po_id: number; action: string }>([purchase('PLAN-JOIN', 1, p1, supplier.ref as string, a.code as string, 5)]);
      const [second] = await run<{ po_id: number; action: string }>([purchase('PLAN-JOIN', 2, p2, supplier.ref as string, a.code as string, 7)]);
      expect(second).toEqual(expect.objectContaining({ action: 'created', po_id: first.po_id }));
      const lines = rows('purchase.order.line').filter((l) => l.order_id === first.po_id);
      expect(lines.map((l) => l.product_qty).sort()).toEqual([5, 7]);

      sandbox.control.database.store('purchase.order').get(first.po_id)!.state = 'purchase';
      const [third] = await run<{ po_id: number; action: string }>([purchase('PLAN-JOIN', 3, p3, supplier.ref as string, a.code as string, 9)]);
      expect(third.action).toBe('created');
      expect(third.po_id).not.toBe(first.po_id);
      const again = await run<{ po_id: number; action: string }>([
        purchase('PLAN-JOIN', 1, p1, supplier.ref as string, a.code as string, 5),
        purchase('PLAN-JOIN', 2, p2, supplier.ref as string, a.code as string, 7),
      ]);
      expect(again.map((r) => [r.action, r.po_id])).toEqual([
        ['existing', first.po_id],
        ['existing', first.po_id],
      ]);
    });
  });

  describe('map: transfers', () => {
    it('creates one draft internal transfer per plan version, source and destination, with a move per recommendation', async () => {
      const { a, b, c, products, uomOf } = fixtures();
      const plan = `PLAN-T-${version}-${protocol}`;
      const page = [
        transfer(plan, 1, products[0].default_code as string, a.code as string, b.code as string, 12, '2026-12-20'),
        transfer(plan, 2, products[1].default_code as string, a.code as string, b.code as string, 7.5, '2026-12-15'),
        transfer(plan, 3, products[2].default_code as string, c.code as string, b.code as string, 3, '2026-12-18'),
      ];
      await load('transfers');
      const results = await run<Transfer>(page);

      expect(results.map((r) => [r.recommendation_id, r.action])).toEqual(page.map((r) => [r.recommendation_id, 'created']));
      expect(results[0].picking_id).toBe(results[1].picking_id);
      expect(results[2].picking_id).not.toBe(results[0].picking_id);
      const first = row('stock.picking', results[0].picking_id);
      expect(results[0].picking_name).toBe(first.name);
      expect(first).toMatchObject({
        picking_type_id: a.int_type_id,
        location_id: a.lot_stock_id,
        location_dest_id: b.lot_stock_id,
        origin: `planbridge ${plan}@1`,
        scheduled_date: '2026-12-15 00:00:00',
        state: 'draft',
      });
      expect(row('stock.picking', results[2].picking_id)).toMatchObject({
        picking_type_id: c.int_type_id,
        location_id: c.lot_stock_id,
        location_dest_id: b.lot_stock_id,
      });
      const moves = rows('stock.move').filter((m) => m.picking_id === results[0].picking_id);
      expect(
        moves.map((m) => ({
          product_id: m.product_id,
          product_uom_qty: m.product_uom_qty,
          product_uom: m.product_uom,
          location_id: m.location_id,
          location_dest_id: m.location_dest_id,
          origin: m.origin,
        })),
      ).toEqual(
        [0, 1].map((i) => ({
          product_id: products[i].id,
          product_uom_qty: page[i].quantity,
          product_uom: uomOf(products[i]),
          location_id: a.lot_stock_id,
          location_dest_id: b.lot_stock_id,
          origin: `planbridge ${plan}@1 [${page[i].recommendation_id}@1]`,
        })),
      );
      // stock.move has a required description up to 18 and none from 19 on.
      if (version <= 18)
        expect(moves.map((m) => m.name)).toEqual([`[${page[0].recommendation_id}@1] ${page[0].sku}`, `[${page[1].recommendation_id}@1] ${page[1].sku}`]);
      else expect(moves.every((m) => !('name' in m))).toBe(true);
    });

    it('answers existing for recommendations already in Odoo and creates nothing again', async () => {
      const { a, b, products } = fixtures();
      const plan = `PLAN-T2-${version}-${protocol}`;
      const page = [0, 1, 2].map((i) => transfer(plan, i, products[i].default_code as string, a.code as string, b.code as string, 5 + i, '2026-12-20'));
      await load('transfers');
      const created = await run<Transfer>(page.slice(0, 2));
      const pickings = rows('stock.picking').length;
      const moves = rows('stock.move').length;

      sandbox.control.resetCounters();
      const again = await run<Transfer>(page.slice(0, 2));
      expect(again).toEqual(created.map((r) => ({ ...r, action: 'existing' })));
      expect([rows('stock.picking').length, rows('stock.move').length]).toEqual([pickings, moves]);
      const calls = sandbox.control.counters().byMethod;
      expect(calls['stock.move.search_read']).toBe(1);
      expect(calls['stock.picking.create']).toBeUndefined();

      const mixed = await run<Transfer>(page);
      expect(mixed.map((r) => [r.recommendation_id, r.action])).toEqual([
        [page[0].recommendation_id, 'existing'],
        [page[1].recommendation_id, 'existing'],
        [page[2].recommendation_id, 'created'],
      ]);
      // The route's transfer of this plan is still a draft: the new move joins it.
      expect(mixed[2].picking_id).toBe(created[0].picking_id);
      expect([rows('stock.picking').length, rows('stock.move').length]).toEqual([pickings, moves + 1]);
    });

    it.each([
      [
        'RECOMMENDATION_TYPE_INVALID',
        'a purchase recommendation',
        (r: ReplenishmentRecommendation) => ({ ...r, type: 'purchase', supplier: 'SUP-1', source_location: null }),
        { type: 'purchase' },
      ],
      ['ODOO_PRODUCT_UNKNOWN', 'an unknown sku', (r: ReplenishmentRecommendation) => ({ ...r, sku: 'NO-SUCH-SKU' }), { sku: 'NO-SUCH-SKU' }],
      ['ODOO_WAREHOUSE_UNKNOWN', 'an unknown warehouse', (r: ReplenishmentRecommendation) => ({ ...r, source_location: 'NOWH' }), { warehouse: 'NOWH' }],
    ] as const)('fails with %s for %s and writes nothing', async (code, _what, spoil, details) => {
      const { a, b, products } = fixtures();
      const plan = `PLAN-TE-${code}-${version}-${protocol}`;
      const good = transfer(plan, 1, products[3].default_code as string, a.code as string, b.code as string, 2, '2026-12-20');
      await load('transfers');
      const pickings = rows('stock.picking').length;
      const error = await failure([good, spoil(transfer(plan, 2, products[4].default_code as string, a.code as string, b.code as string, 2, '2026-12-20'))]);
      expect(error.code).toBe(code);
      expect(error.cause).toMatchObject(details);
      expect(rows('stock.picking').length).toBe(pickings);
    });
  });

  describe('map: orderpoints', () => {
    it('creates missing rules, updates differing ones, keeps equal ones, and changes nothing on a rerun', async () => {
      const { a, products } = fixtures();
      const sku = (p: Row): string => p.default_code as string;
      const rulesAt = (location: unknown) =>
        new Map(
          rows('stock.warehouse.orderpoint')
            .filter((r) => r.location_id === location)
            .map((r) => [r.product_id as number, r]),
        );
      const existing = rulesAt(a.lot_stock_id);
      const withRule = products.filter((p) => existing.get(p.id)?.active === true);
      const without = products.find((p) => !existing.has(p.id)) as Row;
      expect(withRule.length).toBeGreaterThanOrEqual(2);
      const [changed, equal] = withRule.map((p) => existing.get(p.id) as Row);
      const trigger = changed.trigger;
      const page = [
        policy(sku(without), a.code as string, 10, 40),
        policy(sku(withRule[0]), a.code as string, (changed.product_min_qty as number) + 1, (changed.product_max_qty as number) + 5),
        policy(sku(withRule[1]), a.code as string, equal.product_min_qty as number, equal.product_max_qty as number),
      ];
      await load('orderpoints');
      const results = await run<Rule>(page);

      expect(results.map((r) => r.action)).toEqual(['created', 'updated', 'unchanged']);
      expect(results[1].orderpoint_id).toBe(changed.id);
      expect(results[2].orderpoint_id).toBe(equal.id);
      expect(row('stock.warehouse.orderpoint', results[0].orderpoint_id)).toMatchObject({
        product_id: without.id,
        location_id: a.lot_stock_id,
        warehouse_id: a.id,
        product_min_qty: 10,
        product_max_qty: 40,
        active: true,
        trigger: 'manual',
      });
      expect(row('stock.warehouse.orderpoint', changed.id)).toMatchObject({
        product_min_qty: page[1].reorder_point,
        product_max_qty: page[1].order_up_to,
        trigger,
      });

      sandbox.control.resetCounters();
      const again = await run<Rule>(page);
      expect(again).toEqual(results.map((r) => ({ ...r, action: 'unchanged' })));
      const calls = sandbox.control.counters().byMethod;
      expect([calls['stock.warehouse.orderpoint.write'], calls['stock.warehouse.orderpoint.create'], calls['stock.warehouse.orderpoint.search_read']]).toEqual([
        undefined,
        undefined,
        1,
      ]);
    });

    it('reactivates an archived rule instead of creating a second one', async () => {
      const { b, products } = fixtures();
      const archived = rows('stock.warehouse.orderpoint').find((r) => r.location_id === b.lot_stock_id && r.active === true) as Row;
      sandbox.control.database.store('stock.warehouse.orderpoint').update(archived, { active: false });
      const product = products.find((p) => p.id === archived.product_id) as Row;
      await load('orderpoints');
      const [result] = await run<Rule>([policy(product.default_code as string, b.code as string, 3, 9)]);
      expect(result).toEqual({ sku: product.default_code, location: b.code, action: 'updated', orderpoint_id: archived.id });
      expect(row('stock.warehouse.orderpoint', archived.id)).toMatchObject({ active: true, product_min_qty: 3, product_max_qty: 9 });
    });

    it.each([
      ['ODOO_WAREHOUSE_UNKNOWN', (sku: string) => [policy(sku, 'NOWH', 1, 2)], { warehouse: 'NOWH' }],
      ['ODOO_PRODUCT_UNKNOWN', () => [policy('NO-SUCH-SKU', '', 1, 2)], { sku: 'NO-SUCH-SKU' }],
      ['STOCK_POLICY_INVALID', (sku: string) => [policy(sku, '', 5, 2)], { sku: expect.any(String) }],
    ] as const)('fails with %s', async (code, page, details) => {
      const { a, products } = fixtures();
      await load('orderpoints');
      const policies = page(products[5].default_code as string).map((p) => ({ ...p, location: p.location || (a.code as string) }));
      const error = await failure(policies);
      expect(error.code).toBe(code);
      expect(error.cause).toMatchObject(details);
    });
  });
});
