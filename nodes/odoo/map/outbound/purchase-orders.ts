import type { ReplenishmentRecommendation } from '../../../canonical/contracts';
import { InputError } from '../../../lib/errors';
import type { ProductRef } from '../context';
import { earliestNeedBy, needByDatetime, planOrigin, productFor, recommendationTag, type GroupDocument, type RecommendationOutcome } from './shared';

export interface RecommendationResult extends RecommendationOutcome {
  po_id: number;
  po_name: string;
}

/** A purchase order's origin names the plan version; each line names its recommendation. */
export { planOrigin as poOrigin, recommendationTag };

/** What the purchase order mapping needs to know of Odoo. */
export interface PurchaseLookups {
  productBySku: Map<string, ProductRef>;
  partnerByRef: Map<string, number>;
  incomingTypeByWarehouse: Map<string, number>;
  /** The order line's unit field on this Odoo version. */
  uomField: string;
}

/** Recommendations grouped by plan version, supplier and warehouse: one RFQ each. */
export function purchaseGroups(recs: ReplenishmentRecommendation[]): ReplenishmentRecommendation[][] {
  return [...Map.groupBy(recs, (rec) => `${planOrigin(rec.plan_id, rec.plan_version)}\u0000${rec.supplier}\u0000${rec.location}`).values()];
}

/** A supplier's partner id from its ref; a supplier without a ref is known to planning as P<id> (see the item_supplier mapping). */
export function partnerIds(refs: string[], partners: Array<{ id: number; ref?: unknown }>): Map<string, number> {
  const byRef = new Map(partners.map((p) => [String(p.ref), p.id]));
  for (const ref of refs) if (!byRef.has(ref) && /^P\d+$/.test(ref)) byRef.set(ref, Number(ref.slice(1)));
  return byRef;
}

/** The RFQ of each group, its lines tagged with their recommendations, as Odoo's create() takes it. */
export function purchaseOrderDocuments(groups: ReplenishmentRecommendation[][], lookups: PurchaseLookups): GroupDocument[] {
  return groups.map((group) => {
    const first = group[0];
    const partnerId = lookups.partnerByRef.get(first.supplier as string);
    if (!partnerId) throw new InputError(`Supplier ${first.supplier} is not an Odoo partner reference`, 'ODOO_SUPPLIER_UNKNOWN', { supplier: first.supplier });
    const vals: Record<string, unknown> = {
      partner_id: partnerId,
      origin: planOrigin(first.plan_id, first.plan_version),
      date_planned: earliestNeedBy(group),
      order_line: group.map((rec) => {
        const product = productFor(lookups.productBySku, rec.sku);
        const line: Record<string, unknown> = {
          product_id: product.id,
          name: `${recommendationTag(rec)} ${rec.sku}`,
          product_qty: rec.quantity,
          date_planned: needByDatetime(rec),
        };
        if (product.uomId) line[lookups.uomField] = product.uomId;
        if (typeof rec.unit_cost === 'number') line.price_unit = rec.unit_cost;
        return [0, 0, line];
      }),
    };
    const pickingType = lookups.incomingTypeByWarehouse.get(first.location);
    if (pickingType) vals.picking_type_id = pickingType;
    return { vals, group };
  });
}
