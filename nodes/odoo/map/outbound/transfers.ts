import type { ReplenishmentRecommendation } from '../../../canonical/contracts';
import { InputError } from '../../../lib/errors';
import type { ProductRef, WarehouseInfo } from '../context';
import { many2one, type Ref } from '../values';
import {
  earliestNeedBy,
  planOrigin,
  productFor,
  recommendationTag,
  startsWithPattern,
  taggedKey,
  warehouseFor,
  type GroupDocument,
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

/** The prefix of the origin of every move made for a plan version of the page. */
export function movePrefixes(recs: ReplenishmentRecommendation[]): string[] {
  return [...new Set(recs.map((r) => `${planOrigin(r.plan_id, r.plan_version)} [`))];
}

/** One search domain for the moves of all those prefixes (stock.move has no `name` from 19 on; `origin` exists on 16-20). */
export function movesDomain(prefixes: string[]): unknown[] {
  return [...prefixes.slice(1).map(() => '|'), ...prefixes.map((prefix) => ['origin', '=like', startsWithPattern(prefix)])];
}

/** The transfer each recommendation's move is in, by recommendation key; when Odoo copied a move (a backorder), the first counts. */
export function transfersOfMoves(moves: Array<Record<string, unknown>>, prefixes: string[]): Map<string, Ref> {
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

/** What the transfer mapping needs to know of Odoo. */
export interface TransferLookups {
  products: Map<string, ProductRef>;
  warehouses: WarehouseInfo[];
  /** The internal transfer type of each warehouse, by warehouse id. */
  internalTypes: Map<number, number>;
  /** The fields stock.move has on this Odoo version. */
  moveFields: Set<string>;
}

/**
 * The draft internal transfer of each plan version, source and destination warehouse, from stock to
 * stock, its moves tagged with their recommendations, as Odoo's create() takes it.
 */
export function transferDocuments(recs: ReplenishmentRecommendation[], lookups: TransferLookups): GroupDocument[] {
  const { products, warehouses, internalTypes, moveFields } = lookups;
  // The move's unit is product_uom on 16-19; a database without it (newer Odoo) is asked for uom_id instead.
  const uomField = moveFields.has('product_uom') ? 'product_uom' : moveFields.has('uom_id') ? 'uom_id' : null;
  const groups = Map.groupBy(recs, (rec) => `${planOrigin(rec.plan_id, rec.plan_version)}\u0000${rec.source_location}\u0000${rec.location}`);
  return [...groups.values()].map((group) => {
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
}
