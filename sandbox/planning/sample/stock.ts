import type { ItemRecord, OpenPurchaseOrderRecord, OpenSalesOrderRecord, StockSnapshotRecord } from '../contracts/types';
import { isoDate } from '../engine/dates';
import type { Prng } from '../prng';
import { round } from './masters';

export interface StockContext {
  snapshotId: string;
  asOf: string;
  asOfDay: number;
  supplier: string;
  leadTimeDays: number;
  counters: { po: number; so: number };
}

export interface StockRows {
  snapshot: StockSnapshotRecord;
  purchases: OpenPurchaseOrderRecord[];
  sales: OpenSalesOrderRecord[];
}

/**
 * Stock and open orders for one item-location. Cover is drawn so that a plan finds some locations short,
 * most fine, and about one in ten with heavy excess, which gives the transfer logic donors.
 */
export function stockRows(rng: Prng, it: ItemRecord, location: string, weeklyMean: number, ctx: StockContext): StockRows {
  const q = (v: number): number => (it.uom === 'EA' ? Math.round(v) : round(v, 1));
  const coverWeeks = rng.chance(0.1) ? rng.uniform(12, 20) : rng.uniform(0, 6);
  const onHand = q(weeklyMean * coverWeeks);
  const reserved = Math.min(onHand, q(weeklyMean * rng.uniform(0, 0.3)));
  const purchases: OpenPurchaseOrderRecord[] = [];
  if (rng.chance(0.3)) {
    const ordered = q(Math.max(1, weeklyMean * rng.uniform(1, 4)));
    const received = rng.chance(0.2) ? q(ordered * 0.5) : 0;
    ctx.counters.po++;
    purchases.push({
      po_id: `P${String(ctx.counters.po).padStart(5, '0')}`,
      line_id: String(ctx.counters.po),
      supplier: ctx.supplier,
      sku: it.sku,
      location,
      ordered_qty: ordered,
      received_qty: received,
      in_transit_qty: q(ordered - received),
      uom: it.uom,
      order_date: isoDate(ctx.asOfDay - rng.int(1, 10)),
      expected_date: isoDate(ctx.asOfDay + rng.int(1, Math.max(1, ctx.leadTimeDays))),
      status: received > 0 ? 'partially_received' : 'confirmed',
      company: null,
      source: { system: 'odoo', record_id: String(ctx.counters.po) },
    });
  }
  const sales: OpenSalesOrderRecord[] = [];
  const lines = rng.chance(0.4) ? rng.int(1, 3) : 0;
  for (let i = 0; i < lines; i++) {
    const ordered = q(Math.max(1, weeklyMean * rng.uniform(0.1, 0.6)));
    const delivered = rng.chance(0.2) ? q(ordered * 0.4) : 0;
    ctx.counters.so++;
    sales.push({
      order_id: `S${String(ctx.counters.so).padStart(5, '0')}`,
      line_id: String(ctx.counters.so),
      sku: it.sku,
      location,
      customer: `C-${1000 + rng.int(1, 200)}`,
      ordered_qty: ordered,
      delivered_qty: delivered,
      open_qty: q(ordered - delivered),
      uom: it.uom,
      order_date: isoDate(ctx.asOfDay - rng.int(1, 14)),
      required_date: isoDate(ctx.asOfDay + rng.int(-3, 21)),
      company: null,
      source: { system: 'odoo', record_id: String(ctx.counters.so) },
    });
  }
  const inTransit = purchases.reduce((sum, p) => sum + p.in_transit_qty, 0);
  const snapshot: StockSnapshotRecord = {
    snapshot_id: ctx.snapshotId,
    as_of: ctx.asOf,
    sku: it.sku,
    location,
    uom: it.uom,
    on_hand: onHand,
    reserved,
    available: q(onHand - reserved),
    in_transit: q(inTransit),
    lot: null,
    full: true,
    company: null,
    source: { system: 'odoo', record_id: null },
  };
  return { snapshot, purchases, sales };
}
