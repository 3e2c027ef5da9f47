import { planRules, ruleTargets } from '../../../nodes/odoo/map/outbound/orderpoints';
import { partnerIds, purchaseGroups, purchaseOrderDocuments } from '../../../nodes/odoo/map/outbound/purchase-orders';
import { movePrefixes, movesDomain, transferDocuments, transfersOfMoves } from '../../../nodes/odoo/map/outbound/transfers';

// The outbound mappings are pure: they build what Odoo's create() and write() take; nodes/odoo/write/outbound calls Odoo.
const warehouse = (id: number, code: string) => ({
  id,
  code,
  name: code,
  lotStockId: id * 10,
  viewLocationId: id * 10 - 1,
  internalTypeId: null,
  companyId: null as number | null,
});
const products = new Map([
  ['A', { id: 1, uomId: 11 }],
  ['B', { id: 2, uomId: null }],
]) as never;
const rec = (id: string, fields: Record<string, unknown> = {}) =>
  ({
    recommendation_id: id,
    plan_id: 'PL',
    plan_version: 3,
    type: 'purchase',
    sku: 'A',
    location: 'W1',
    supplier: 'SUP-1',
    quantity: 5,
    need_by: '2026-12-20',
    ...fields,
  }) as never;

describe('outbound mappings to Odoo', () => {
  it('make one RFQ per plan version, supplier and warehouse, each line tagged with its recommendation', () => {
    const lookups = {
      productBySku: products,
      partnerByRef: partnerIds(['SUP-1', 'P42'], [{ id: 7, ref: 'SUP-1' }]),
      incomingTypeByWarehouse: new Map([['W1', 5]]),
      uomField: 'product_uom_id',
    };
    const docs = purchaseOrderDocuments(
      purchaseGroups([rec('R1'), rec('R2', { sku: 'B', unit_cost: 2.5, need_by: '2026-12-10' }), rec('R3', { supplier: 'P42', location: 'W2' })]),
      lookups,
    );
    expect(docs.map((d) => [d.vals.partner_id, d.vals.origin, d.vals.picking_type_id, d.vals.date_planned])).toEqual([
      [7, 'planbridge PL@3', 5, '2026-12-10 00:00:00'],
      // A supplier without a ref is P<id> to planning.
      [42, 'planbridge PL@3', undefined, '2026-12-20 00:00:00'],
    ]);
    expect(docs[0].vals.order_line).toEqual([
      [0, 0, { product_id: 1, name: '[R1@3] A', product_qty: 5, date_planned: '2026-12-20 00:00:00', product_uom_id: 11 }],
      [0, 0, { product_id: 2, name: '[R2@3] B', product_qty: 5, date_planned: '2026-12-10 00:00:00', price_unit: 2.5 }],
    ]);
    expect(() => purchaseOrderDocuments(purchaseGroups([rec('R4', { supplier: 'NOPE' })]), lookups)).toThrow(
      expect.objectContaining({ code: 'ODOO_SUPPLIER_UNKNOWN' }),
    );
  });

  it('make one draft transfer per route, and read back which recommendation a move was made for', () => {
    const recs = [
      rec('T1', { type: 'transfer', source_location: 'W1', location: 'W2' }),
      rec('T2', { type: 'transfer', source_location: 'W1', location: 'W2', sku: 'B' }),
    ];
    const [doc] = transferDocuments(recs, {
      products,
      warehouses: [warehouse(1, 'W1'), warehouse(2, 'W2')],
      internalTypes: new Map([[1, 9]]),
      moveFields: new Set(['name', 'product_uom']),
    });
    expect(doc.vals).toMatchObject({ picking_type_id: 9, location_id: 10, location_dest_id: 20, origin: 'planbridge PL@3' });
    expect((doc.vals.move_ids as unknown[][]).map((m) => m[2])).toEqual([
      { product_id: 1, product_uom_qty: 5, location_id: 10, location_dest_id: 20, origin: 'planbridge PL@3 [T1@3]', name: '[T1@3] A', product_uom: 11 },
      { product_id: 2, product_uom_qty: 5, location_id: 10, location_dest_id: 20, origin: 'planbridge PL@3 [T2@3]', name: '[T2@3] B' },
    ]);
    const prefixes = movePrefixes(recs);
    expect(movesDomain(prefixes)).toEqual([['origin', '=like', 'planbridge PL@3 [%']]);
    const found = transfersOfMoves(
      [
        { origin: 'planbridge PL@3 [T1@3]', picking_id: [4, 'WH/INT/4'] },
        { origin: 'planbridge PL@3 [T1@3]', picking_id: [5, 'WH/INT/5'] },
        { origin: 'planbridge PL@30 [T9@30]', picking_id: [6, 'x'] },
      ],
      prefixes,
    );
    expect([...found]).toEqual([['T1@3', { id: 4, name: 'WH/INT/4' }]]);
  });

  it('plan reordering rules: create the missing (manual trigger), write only changed levels once per pair, reactivate archived ones', () => {
    const policies = [
      { sku: 'A', location: 'W1', reorder_point: 5, order_up_to: 20 },
      { sku: 'B', location: 'W1', reorder_point: 1, order_up_to: 4 },
      { sku: 'A', location: 'W2', reorder_point: 5, order_up_to: 20 },
      { sku: 'B', location: 'W2', reorder_point: 5, order_up_to: 20 },
    ] as never;
    const { targets } = ruleTargets(policies, products, [warehouse(1, 'W1'), warehouse(2, 'W2')]);
    const plan = planRules(targets, [
      { id: 100, product_id: [1, 'A'], location_id: [10, 'W1/Stock'], product_min_qty: 5, product_max_qty: 20, active: true },
      { id: 101, product_id: [2, 'B'], location_id: [10, 'W1/Stock'], product_min_qty: 2, product_max_qty: 4, active: true },
      { id: 102, product_id: [1, 'A'], location_id: [20, 'W2/Stock'], product_min_qty: 5, product_max_qty: 20, active: false },
    ]);
    expect([...plan.existing]).toEqual([
      ['1:10', { id: 100, action: 'unchanged' }],
      ['2:10', { id: 101, action: 'updated' }],
      ['1:20', { id: 102, action: 'updated' }],
    ]);
    expect(plan.writes).toEqual([
      { ids: [101], vals: { product_min_qty: 1, product_max_qty: 4 } },
      { ids: [102], vals: { product_min_qty: 5, product_max_qty: 20, active: true } },
    ]);
    expect(plan.creates).toEqual([
      { key: '2:20', vals: { product_id: 2, location_id: 20, warehouse_id: 2, product_min_qty: 5, product_max_qty: 20, trigger: 'manual' } },
    ]);
  });
});
