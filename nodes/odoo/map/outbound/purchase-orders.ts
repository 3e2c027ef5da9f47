import type { ReplenishmentRecommendation } from '../../../canonical/contracts';
import { InputError } from '../../../lib/errors';
import type { MappingContext } from '../context';
import { toOdooDatetime } from '../values';

export interface RecommendationResult {
  recommendation_id: string;
  plan_version: number;
  action: 'created' | 'existing';
  po_id: number;
  po_name: string;
}

/** A purchase order's origin names the plan version; each line names its recommendation. */
export function poOrigin(planId: string, planVersion: number): string {
  return `planbridge ${planId}@${planVersion}`;
}

export function recommendationTag(rec: { recommendation_id: string; plan_version: number }): string {
  return `[${rec.recommendation_id}@${rec.plan_version}]`;
}

const TAG = /\[([^\]@]+)@(\d+)\]/;

interface Lookups {
  productBySku: Map<string, { id: number; uomId: number | null }>;
  partnerByRef: Map<string, number>;
  incomingTypeByWarehouse: Map<string, number>;
}

async function lookups(context: MappingContext, recs: ReplenishmentRecommendation[]): Promise<Lookups> {
  const products = await context.products();
  const productBySku = new Map<string, { id: number; uomId: number | null }>();
  for (const [id, p] of products) productBySku.set(p.sku, { id, uomId: p.uomId });
  const refs = [...new Set(recs.map((r) => r.supplier as string))];
  const partners = await context.client.searchRead('res.partner', { domain: [['ref', 'in', refs]], fields: ['ref'], context: { active_test: false } });
  const partnerByRef = new Map(partners.map((p) => [String(p.ref), p.id]));
  // A supplier without a ref is known to planning as P<id> (see the item_supplier mapping).
  for (const ref of refs) if (!partnerByRef.has(ref) && /^P\d+$/.test(ref)) partnerByRef.set(ref, Number(ref.slice(1)));
  const warehouses = await context.warehouses();
  const types = await context.client.searchRead('stock.picking.type', { domain: [['code', '=', 'incoming']], fields: ['warehouse_id'] });
  const incomingTypeByWarehouse = new Map<string, number>();
  for (const t of types) {
    const warehouseId = Array.isArray(t.warehouse_id) ? t.warehouse_id[0] : t.warehouse_id;
    const warehouse = warehouses.find((w) => w.id === warehouseId);
    if (warehouse && !incomingTypeByWarehouse.has(warehouse.code)) incomingTypeByWarehouse.set(warehouse.code, t.id);
  }
  return { productBySku, partnerByRef, incomingTypeByWarehouse };
}

/**
 * Approved purchase recommendations become draft purchase orders (RFQs), one per supplier and
 * warehouse, exactly once: the order's origin names the plan version and each line its
 * recommendation, and lines already in Odoo are found first and not created again. All new orders of
 * a page are created in one call, so a crash leaves either all of them or none.
 */
export async function createPurchaseOrders(context: MappingContext, recs: ReplenishmentRecommendation[]): Promise<RecommendationResult[]> {
  const purchases = recs.filter((r) => r.type === 'purchase');
  if (purchases.length !== recs.length) throw new InputError('Only purchase recommendations become purchase orders; route transfers elsewhere', 'RECOMMENDATION_TYPE_INVALID');
  const results: RecommendationResult[] = [];
  const byOrigin = new Map<string, ReplenishmentRecommendation[]>();
  for (const rec of purchases) byOrigin.set(poOrigin(rec.plan_id, rec.plan_version), [...(byOrigin.get(poOrigin(rec.plan_id, rec.plan_version)) ?? []), rec]);

  const existing = new Map<string, { poId: number; poName: string }>();
  for (const origin of byOrigin.keys()) {
    const lines = await context.client.searchRead('purchase.order.line', { domain: [['order_id.origin', '=', origin]], fields: ['name', 'order_id'] });
    for (const line of lines) {
      const tag = TAG.exec(String(line.name ?? ''));
      const order = line.order_id as [number, string];
      if (tag) existing.set(`${tag[1]}@${tag[2]}`, { poId: order[0], poName: order[1] });
    }
  }
  const fresh = purchases.filter((r) => !existing.has(`${r.recommendation_id}@${r.plan_version}`));
  for (const rec of purchases) {
    const done = existing.get(`${rec.recommendation_id}@${rec.plan_version}`);
    if (done) results.push({ recommendation_id: rec.recommendation_id, plan_version: rec.plan_version, action: 'existing', po_id: done.poId, po_name: done.poName });
  }
  if (!fresh.length) return results;

  const { productBySku, partnerByRef, incomingTypeByWarehouse } = await lookups(context, fresh);
  const uomField = context.profile.orderLineUom;
  const groups = new Map<string, ReplenishmentRecommendation[]>();
  for (const rec of fresh) {
    const key = `${poOrigin(rec.plan_id, rec.plan_version)}\u0000${rec.supplier}\u0000${rec.location}`;
    groups.set(key, [...(groups.get(key) ?? []), rec]);
  }
  const orders = [...groups.values()].map((group) => {
    const first = group[0];
    const partnerId = partnerByRef.get(first.supplier as string);
    if (!partnerId) throw new InputError(`Supplier ${first.supplier} is not an Odoo partner reference`, 'ODOO_SUPPLIER_UNKNOWN', { supplier: first.supplier });
    const vals: Record<string, unknown> = {
      partner_id: partnerId,
      origin: poOrigin(first.plan_id, first.plan_version),
      date_planned: toOdooDatetime(`${[...group].map((r) => r.need_by).sort()[0]}T00:00:00Z`),
      order_line: group.map((rec) => {
        const product = productBySku.get(rec.sku);
        if (!product) throw new InputError(`No Odoo product has the internal reference ${rec.sku}`, 'ODOO_PRODUCT_UNKNOWN', { sku: rec.sku });
        const line: Record<string, unknown> = {
          product_id: product.id,
          name: `${recommendationTag(rec)} ${rec.sku}`,
          product_qty: rec.quantity,
          date_planned: toOdooDatetime(`${rec.need_by}T00:00:00Z`),
        };
        if (product.uomId) line[uomField] = product.uomId;
        if (typeof rec.unit_cost === 'number') line.price_unit = rec.unit_cost;
        return [0, 0, line];
      }),
    };
    const pickingType = incomingTypeByWarehouse.get(first.location);
    if (pickingType) vals.picking_type_id = pickingType;
    return { vals, group };
  });
  const ids = await context.client.create('purchase.order', orders.map((o) => o.vals));
  const names = new Map((await context.client.read('purchase.order', ids, ['name'])).map((o) => [o.id, String(o.name)]));
  orders.forEach((order, i) => {
    for (const rec of order.group) results.push({ recommendation_id: rec.recommendation_id, plan_version: rec.plan_version, action: 'created', po_id: ids[i], po_name: names.get(ids[i]) ?? '' });
  });
  return results;
}
