import type { ReplenishmentRecommendation } from '../../../canonical/contracts';
import { InputError } from '../../../lib/errors';
import type { MappingContext } from '../context';
import { many2one, type Ref } from '../values';
import {
  earliestNeedBy,
  groupBy,
  joinDraftsOrCreate,
  planOrigin,
  productFor,
  recommendationsOfType,
  recommendationTag,
  splitExisting,
  startsWithPattern,
  taggedKey,
  warehouseFor,
  type RecommendationOutcome,
} from './shared';

export interface TransferResult extends RecommendationOutcome {
  picking_id: number;
  picking_name: string;
}

/** A move's origin names its plan version and its recommendation: `planbridge <plan>@<v> [<rec>@<v>]`. */
export function moveOrigin(rec: ReplenishmentRecommendation): string {
  return `${planOrigin(rec.plan_id, rec.plan_version)} ${recommendationTag(rec)}`;
}

/**
 * The transfers already in Odoo for these recommendations, by recommendation key, found from the tag in
 * their moves' origin (stock.move has no `name` from 19 on; `origin` exists on 16-20). One search for the
 * whole page; when Odoo has copied a move (a backorder), the first one counts.
 */
async function existingTransfers(context: MappingContext, recs: ReplenishmentRecommendation[]): Promise<Map<string, Ref>> {
  const prefixes = [...groupBy(recs, (r) => planOrigin(r.plan_id, r.plan_version)).keys()].map((origin) => `${origin} [`);
  const domain = [...prefixes.slice(1).map(() => '|'), ...prefixes.map((prefix) => ['origin', '=like', startsWithPattern(prefix)])];
  const moves = await context.client.searchRead('stock.move', { domain, fields: ['origin', 'picking_id'], order: 'id asc' });
  const existing = new Map<string, Ref>();
  for (const move of moves) {
    const origin = typeof move.origin === 'string' ? move.origin : '';
    const prefix = prefixes.find((p) => origin.startsWith(p));
    const key = prefix ? taggedKey(origin.slice(prefix.length - 1)) : null;
    const picking = many2one(move.picking_id);
    if (key && picking && !existing.has(key)) existing.set(key, picking);
  }
  return existing;
}

/**
 * Approved transfer recommendations become draft internal transfers from the source warehouse's stock to
 * the destination warehouse's stock, one per plan version, source and destination, exactly once: each
 * move's origin names its recommendation, and recommendations whose move is already in Odoo are found
 * first and not created again. Moves for a route whose transfer of the same plan is still a draft are
 * added to it; all other new transfers of a page are created with their moves in one call.
 */
export async function createTransfers(context: MappingContext, recs: ReplenishmentRecommendation[]): Promise<TransferResult[]> {
  const transfers = recommendationsOfType(recs, 'transfer', 'route purchases to the purchase orders input');
  if (!transfers.length) return [];
  const { fresh, results } = splitExisting(transfers, await existingTransfers(context, transfers), (rec, picking): TransferResult => ({
    recommendation_id: rec.recommendation_id,
    plan_version: rec.plan_version,
    action: 'existing',
    picking_id: picking.id,
    picking_name: picking.name,
  }));
  if (!fresh.length) return results;

  const [products, warehouses, internalTypes, moveFields] = await Promise.all([
    context.productsBySku(),
    context.warehouses(),
    context.internalTypes(),
    context.fieldsOf('stock.move'),
  ]);
  // The move's unit is product_uom on 16-19; a database without it (newer Odoo) is asked for uom_id instead.
  const uomField = moveFields.has('product_uom') ? 'product_uom' : moveFields.has('uom_id') ? 'uom_id' : null;
  const groups = groupBy(fresh, (rec) => `${planOrigin(rec.plan_id, rec.plan_version)}\u0000${rec.source_location}\u0000${rec.location}`);
  const pickings = [...groups.values()].map((group) => {
    const first = group[0];
    const source = warehouseFor(warehouses, first.source_location as string);
    const destination = warehouseFor(warehouses, first.location);
    const pickingType = internalTypes.get(source.id);
    if (!pickingType) throw new InputError(`Warehouse ${source.code} has no internal transfer type`, 'ODOO_PICKING_TYPE_MISSING', { warehouse: source.code });
    const vals: Record<string, unknown> = {
      picking_type_id: pickingType,
      location_id: source.lotStockId,
      location_dest_id: destination.lotStockId,
      origin: planOrigin(first.plan_id, first.plan_version),
      scheduled_date: earliestNeedBy(group),
      move_ids: group.map((rec) => {
        const product = productFor(products, rec.sku);
        const move: Record<string, unknown> = {
          product_id: product.id,
          product_uom_qty: rec.quantity,
          location_id: source.lotStockId,
          location_dest_id: destination.lotStockId,
          origin: moveOrigin(rec),
        };
        // 16-18 require a description on every move.
        if (moveFields.has('name')) move.name = `${recommendationTag(rec)} ${rec.sku}`;
        if (uomField && product.uomId) move[uomField] = product.uomId;
        return [0, 0, move];
      }),
    };
    return { vals, group };
  });
  for (const { rec, id, name } of await joinDraftsOrCreate(
    context,
    'stock.picking',
    'move_ids',
    ['picking_type_id', 'location_id', 'location_dest_id'],
    pickings,
  )) {
    results.push({ recommendation_id: rec.recommendation_id, plan_version: rec.plan_version, action: 'created', picking_id: id, picking_name: name });
  }
  return results;
}
