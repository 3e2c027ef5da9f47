import type { ReplenishmentRecommendation } from '../../../canonical/contracts';
import type { MappingContext } from '../../map/context';
import { partnerIds, purchaseGroups, purchaseOrderDocuments, type PurchaseLookups, type RecommendationResult } from '../../map/outbound/purchase-orders';
import { planOrigin, recommendationsOfType, splitExisting, taggedKey } from '../../map/outbound/shared';
import { joinDraftsOrCreate } from './documents';

async function lookups(context: MappingContext, recs: ReplenishmentRecommendation[]): Promise<PurchaseLookups> {
  const productBySku = await context.productsBySku();
  const refs = [...new Set(recs.map((r) => r.supplier as string))];
  const partners = await context.client.searchRead('res.partner', { domain: [['ref', 'in', refs]], fields: ['ref'], context: { active_test: false } });
  const warehouses = await context.warehouses();
  const types = await context.client.searchRead('stock.picking.type', { domain: [['code', '=', 'incoming']], fields: ['warehouse_id'] });
  const incomingTypeByWarehouse = new Map<string, number>();
  for (const t of types) {
    const warehouseId = Array.isArray(t.warehouse_id) ? t.warehouse_id[0] : t.warehouse_id;
    const warehouse = warehouses.find((w) => w.id === warehouseId);
    if (warehouse && !incomingTypeByWarehouse.has(warehouse.code)) incomingTypeByWarehouse.set(warehouse.code, t.id);
  }
  return { productBySku, partnerByRef: partnerIds(refs, partners), incomingTypeByWarehouse, uomField: context.profile.orderLineUom };
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
  for (const origin of new Set(purchases.map((r) => planOrigin(r.plan_id, r.plan_version)))) {
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
  const orders = purchaseOrderDocuments(purchaseGroups(fresh), await lookups(context, fresh));
  for (const { rec, id, name } of await joinDraftsOrCreate(context, 'purchase.order', 'order_line', ['partner_id', 'picking_type_id'], orders)) {
    results.push({ recommendation_id: rec.recommendation_id, plan_version: rec.plan_version, action: 'created', po_id: id, po_name: name });
  }
  return results;
}
