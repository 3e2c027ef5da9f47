import type { OpenPurchaseOrderRecord, OpenSalesOrderRecord, StockSnapshotRecord } from '../contracts/types';
import { dayNumber } from './dates';
import { itemLocationKey } from './keys';

export interface StockFacts {
  onHand: number;
  reserved: number;
  inTransit: number;
  /** Open sales lines as [required day, open quantity]. */
  openSales: Array<[number, number]>;
  hasSnapshot: boolean;
}

/**
 * Projected inventory position: on_hand - reserved + in_transit - open sales due within the lead time.
 * This is the formula the brief fixes. Note that `reserved` usually belongs to those same open sales lines,
 * so this position is conservative (it can count a reserved order twice) and errs towards ordering.
 */
export function projectedPosition(facts: StockFacts, lastDueDay: number): { position: number; openSalesDue: number } {
  let openSalesDue = 0;
  for (const [day, qty] of facts.openSales) if (day <= lastDueDay) openSalesDue += qty;
  return { position: facts.onHand - facts.reserved + facts.inTransit - openSalesDue, openSalesDue };
}

/**
 * Stock per sku + location. A key's latest snapshot (max as_of) is summed over its rows (lots).
 * in_transit comes from the snapshot, which already holds open purchase orders; open_purchase_order lines
 * (confirmed or partially received) are used only for keys without a snapshot, so nothing counts twice.
 */
export function indexStock(
  snapshots: readonly StockSnapshotRecord[],
  purchases: readonly OpenPurchaseOrderRecord[],
  sales: readonly OpenSalesOrderRecord[],
): Map<string, StockFacts> {
  const latest = new Map<string, string>();
  for (const s of snapshots) {
    const key = itemLocationKey(s.sku, s.location);
    const seen = latest.get(key);
    if (seen === undefined || Date.parse(s.as_of) > Date.parse(seen)) latest.set(key, s.as_of);
  }
  const facts = new Map<string, StockFacts>();
  const get = (key: string): StockFacts => {
    let f = facts.get(key);
    if (!f) facts.set(key, (f = { onHand: 0, reserved: 0, inTransit: 0, openSales: [], hasSnapshot: false }));
    return f;
  };
  for (const s of snapshots) {
    const key = itemLocationKey(s.sku, s.location);
    if (latest.get(key) !== s.as_of) continue;
    const f = get(key);
    f.onHand += s.on_hand;
    f.reserved += s.reserved;
    f.inTransit += s.in_transit;
    f.hasSnapshot = true;
  }
  for (const po of purchases) {
    if (po.status !== 'confirmed' && po.status !== 'partially_received') continue;
    const f = get(itemLocationKey(po.sku, po.location));
    if (!f.hasSnapshot) f.inTransit += po.in_transit_qty;
  }
  for (const so of sales) {
    if (so.open_qty > 0) get(itemLocationKey(so.sku, so.location)).openSales.push([dayNumber(so.required_date), so.open_qty]);
  }
  return facts;
}
