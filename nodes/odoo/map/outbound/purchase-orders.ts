import type { ReplenishmentRecommendation } from '../../../canonical/contracts';
import { InputError } from '../../../lib/errors';
import type { MappingContext, ProductRef } from '../context';
import {
  earliestNeedBy,
  groupBy,
  joinDraftsOrCreate,
  needByDatetime,
  planOrigin,
  productFor,
  recommendationsOfType,
  recommendationTag,
  splitExisting,
  taggedKey,
  type RecommendationOutcome,
} from './shared';

export interface RecommendationResult extends RecommendationOutcome {
  po_id: number;
  po_name: string;
}

/** A purchase order's origin names the plan version; each line names its recommendation. */
export { planOrigin as poOrigin, recommendationTag };

interface Lookups {
  productBySku: Map<string, ProductRef>;
  partnerByRef: Map<string, number>;
  incomingTypeByWarehouse: Map<string, number>;
}

async function lookups(context: MappingContext, recs: ReplenishmentRecommendation[]): Promise<Lookups> {
  const productBySku = await context.productsBySku();
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
 * recommendation, and lines already in Odoo are found first and not created again. Lines for a
 * supplier and warehouse whose RFQ of the same plan is still a draft are added to it (one write per
 * order); all other new orders of a page are created in one call.
 */
export async function createPurchaseOrders(context: MappingContext, recs: ReplenishmentRecommendation[]): Promise<RecommendationResult[]> {
  const purchases = recommendationsOfType(recs, 'purchase', 'route transfers to the transfers input');
  const existing = new Map<string, { poId: number; poName: string }>();
  for (const origin of groupBy(purchases, (r) => planOrigin(r.plan_id, r.plan_version)).keys()) {
    const lines = await context.client.searchRead('purchase.order.line', { domain: [['order_id.origin', '=', origin]], fields: ['name', 'order_id'] });
    for (const line of lines) {
      const key = taggedKey(line.name);
      const order = line.order_id as [number, string];
      if (key) existing.set(key, { poId: order[0], poName: order[1] });
    }
  }
  const { fresh, results } = splitExisting(purchases, existing, (rec, po): RecommendationResult => ({
    recommendation_id: rec.recommendation_id,
    plan_version: rec.plan_version,
    action: 'existing',
    po_id: po.poId,
    po_name: po.poName,
  }));
  if (!fresh.length) return results;

  const { productBySku, partnerByRef, incomingTypeByWarehouse } = await lookups(context, fresh);
  const uomField = context.profile.orderLineUom;
  const groups = groupBy(fresh, (rec) => `${planOrigin(rec.plan_id, rec.plan_version)}\u0000${rec.supplier}\u0000${rec.location}`);
  const orders = [...groups.values()].map((group) => {
    const first = group[0];
    const partnerId = partnerByRef.get(first.supplier as string);
    if (!partnerId) throw new InputError(`Supplier ${first.supplier} is not an Odoo partner reference`, 'ODOO_SUPPLIER_UNKNOWN', { supplier: first.supplier });
    const vals: Record<string, unknown> = {
      partner_id: partnerId,
      origin: planOrigin(first.plan_id, first.plan_version),
      date_planned: earliestNeedBy(group),
      order_line: group.map((rec) => {
        const product = productFor(productBySku, rec.sku);
        const line: Record<string, unknown> = {
          product_id: product.id,
          name: `${recommendationTag(rec)} ${rec.sku}`,
          product_qty: rec.quantity,
          date_planned: needByDatetime(rec),
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
  for (const { rec, id, name } of await joinDraftsOrCreate(context, 'purchase.order', 'order_line', ['partner_id', 'picking_type_id'], orders)) {
    results.push({ recommendation_id: rec.recommendation_id, plan_version: rec.plan_version, action: 'created', po_id: id, po_name: name });
  }
  return results;
}
