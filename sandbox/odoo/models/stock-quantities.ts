import { descendants } from '../orm/hierarchy';
import type { Env } from '../orm/types';

/**
 * The internal locations stock quantities are computed over: the `location` or `warehouse` of the context
 * (with their children), else every internal location of the allowed companies.
 */
export function stockLocationIds(env: Env): Set<number> {
  const location = env.context.location;
  const warehouse = env.context.warehouse;
  const key = `stock-locations:${String(location)}:${String(warehouse)}:${env.companyIds.join(',')}`;
  const cached = env.memo.get(key) as Set<number> | undefined;
  if (cached) return cached;
  const locations = env.db.store('stock.location');
  let roots: number[] | undefined;
  if (typeof location === 'number') roots = [location];
  else if (typeof warehouse === 'number') {
    const wh = env.db.store('stock.warehouse').get(warehouse);
    roots = wh && typeof wh.view_location_id === 'number' ? [wh.view_location_id] : [];
  }
  const allowed = new Set(env.companyIds);
  const set = new Set<number>();
  const candidates = roots ? descendants(env, 'stock.location', roots) : new Set(locations.records.map((r) => r.id));
  for (const id of candidates) {
    const rec = locations.get(id);
    if (!rec || rec.usage !== 'internal') continue;
    if (typeof rec.company_id === 'number' && !allowed.has(rec.company_id)) continue;
    set.add(id);
  }
  env.memo.set(key, set);
  return set;
}

export interface ProductQuantities {
  onHand: number;
  reserved: number;
  incoming: number;
  outgoing: number;
}

const OPEN_MOVE = new Set(['waiting', 'confirmed', 'partially_available', 'assigned']);

/** qty_available, free_qty, incoming_qty and outgoing_qty of one product over stockLocationIds(). */
export function productQuantities(env: Env, productId: number): ProductQuantities {
  const key = `qty:${productId}:${String(env.context.location)}:${String(env.context.warehouse)}`;
  const cached = env.memo.get(key) as ProductQuantities | undefined;
  if (cached) return cached;
  const locations = stockLocationIds(env);
  const result: ProductQuantities = { onHand: 0, reserved: 0, incoming: 0, outgoing: 0 };
  const quants = env.db.store('stock.quant');
  for (const id of quants.index('product_id').get(productId) ?? []) {
    const q = quants.get(id);
    if (!q || !locations.has(q.location_id as number)) continue;
    result.onHand += q.quantity as number;
    result.reserved += q.reserved_quantity as number;
  }
  const moves = env.db.store('stock.move');
  for (const id of moves.index('product_id').get(productId) ?? []) {
    const m = moves.get(id);
    if (!m || !OPEN_MOVE.has(m.state as string)) continue;
    const into = locations.has(m.location_dest_id as number);
    const from = locations.has(m.location_id as number);
    if (into && !from) result.incoming += m.product_uom_qty as number;
    else if (from && !into) result.outgoing += m.product_uom_qty as number;
  }
  env.memo.set(key, result);
  return result;
}
