import type { ReplenishmentRecommendation } from '../../../canonical/contracts';
import type { MappingContext } from '../../map/context';
import { recommendationsOfType, splitExisting } from '../../map/outbound/shared';
import { movePrefixes, movesDomain, transferDocuments, transfersOfMoves, type TransferResult } from '../../map/outbound/transfers';
import { joinDraftsOrCreate } from './documents';

/**
 * Approved transfer recommendations become draft internal transfers from the source warehouse's stock to
 * the destination warehouse's stock, one per plan version, source and destination, exactly once: each
 * move's origin names its recommendation, and recommendations whose move is already in Odoo are found
 * first (one search for the page) and not created again. Moves for a route whose transfer of the same
 * plan is still a draft are added to it; all other new transfers of a page are created with their moves
 * in one call.
 */
export async function createTransfers(context: MappingContext, recs: ReplenishmentRecommendation[]): Promise<TransferResult[]> {
  const transfers = recommendationsOfType(recs, 'transfer', 'route purchases to the purchase orders input');
  if (!transfers.length) return [];
  const prefixes = movePrefixes(transfers);
  const moves = await context.client.searchRead('stock.move', { domain: movesDomain(prefixes), fields: ['origin', 'picking_id'], order: 'id asc' });
  const { fresh, results } = splitExisting(transfers, transfersOfMoves(moves, prefixes), (rec, picking): TransferResult => ({
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
  const pickings = transferDocuments(fresh, { products, warehouses, internalTypes, moveFields });
  const placed = await joinDraftsOrCreate(context, 'stock.picking', 'move_ids', ['picking_type_id', 'location_id', 'location_dest_id'], pickings);
  for (const { rec, id, name } of placed) {
    results.push({ recommendation_id: rec.recommendation_id, plan_version: rec.plan_version, action: 'created', picking_id: id, picking_name: name });
  }
  return results;
}
