import { emptyInput, type DemandHistoryRecord, type ItemRecord, type PlanInput } from './contracts/types';
import { dayNumber, isoDateTime, weekIndex, weekStartDay } from './engine/dates';
import { Prng } from './prng';
import { pickPattern, weeklyDemand, type Pattern } from './sample/demand-patterns';
import { item, locationCode, locations, offers, round } from './sample/masters';
import { stockRows } from './sample/stock';

export interface SampleOptions {
  seed?: number;
  /** Number of items; every item is stocked at every location. */
  items?: number;
  locations?: number;
  /** Weeks of demand history before asOf. */
  weeks?: number;
  asOf?: string;
}

export interface SampleDataset extends PlanInput {
  /** The pattern drawn per "sku@location", for tests that check classification. */
  patterns: Record<string, Pattern>;
  asOf: string;
}

/**
 * A deterministic canonical dataset (items x locations item-locations) valid against docs/contracts.md:
 * every demand class, suppliers with MOQ, pack sizes and lead times (some missing), stock, open orders.
 * Defaults: seed 42, 120 items x 3 locations = 360 item-locations, 104 weeks, asOf 2026-11-26T00:00:00Z.
 */
export function generateSampleDataset(options: SampleOptions = {}): SampleDataset {
  const seed = options.seed ?? 42;
  const itemCount = options.items ?? 120;
  const locationCount = options.locations ?? 3;
  const weeks = options.weeks ?? 104;
  const asOf = options.asOf ?? '2026-11-26T00:00:00Z';
  const asOfDay = dayNumber(asOf);
  const rng = new Prng(seed);
  const updatedAt = isoDateTime(asOfDay - 6);
  const firstWeek = weekIndex(asOfDay) - weeks;
  const data: SampleDataset = { ...emptyInput(), patterns: {}, asOf };
  data.location = locations(locationCount, updatedAt);
  const counters = { po: 0, so: 0, txn: 0 };
  const snapshotId = rng.uuid();

  for (let i = 0; i < itemCount; i++) {
    const it = item(rng, i, updatedAt);
    data.item.push(it);
    const baseMean = Math.exp(rng.uniform(Math.log(3), Math.log(400)));
    const itemOffers = offers(rng, it, baseMean, updatedAt);
    data.item_supplier.push(...itemOffers);
    for (let l = 0; l < locationCount; l++) {
      const location = locationCode(l);
      const pattern = pickPattern(rng);
      data.patterns[`${it.sku}@${location}`] = pattern;
      const mean = baseMean * rng.uniform(0.5, 1.5);
      // One in ten item-locations starts later than the window, like a product launched during the year.
      const start = rng.chance(0.1) ? rng.int(0, weeks - 20) : 0;
      const demand = weeklyDemand(rng, pattern, mean, weeks - start);
      demand.forEach((qty, t) => pushDemand(data.demand_history, rng, it, location, firstWeek + start + t, qty, counters));
      const rows = stockRows(rng, it, location, pattern === 'none' ? 0 : mean, {
        snapshotId,
        asOf,
        asOfDay,
        supplier: itemOffers[0].supplier,
        leadTimeDays: itemOffers[0].lead_time_days ?? 14,
        counters,
      });
      data.stock_snapshot.push(rows.snapshot);
      data.open_purchase_order.push(...rows.purchases);
      data.open_sales_order.push(...rows.sales);
    }
  }
  return data;
}

/** Demand lines of one week: sometimes split over two deliveries, with the odd return and cancelled correction. */
function pushDemand(out: DemandHistoryRecord[], rng: Prng, it: ItemRecord, location: string, week: number, qty: number, counters: { txn: number }): void {
  const q = (v: number): number => (it.uom === 'EA' ? Math.round(v) : round(v, 1));
  const total = q(qty);
  if (total <= 0) return;
  const parts = total >= 2 && rng.chance(0.2) ? [q(total / 2), total - q(total / 2)] : [total];
  for (const part of parts) {
    if (part <= 0) continue;
    counters.txn++;
    const day = weekStartDay(week) + rng.int(0, 6);
    const line: DemandHistoryRecord = {
      txn_id: `${location}/OUT/${String(counters.txn).padStart(6, '0')}`,
      line_id: String(counters.txn),
      type: rng.chance(0.9) ? 'sale' : 'consumption',
      status: 'done',
      sku: it.sku,
      location,
      date: `${isoDateTime(day).slice(0, 10)}T${String(rng.int(6, 19)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`,
      quantity: q(part),
      uom: it.uom,
      customer: `C-${1000 + rng.int(1, 200)}`,
      net_price: round((it.unit_cost ?? 1) * 1.6, 2),
      currency: 'EUR',
      company: null,
      source: { system: 'odoo', record_id: String(counters.txn) },
    };
    out.push(line);
    // A cancelled line correcting an earlier export of the same line: the engine must drop both.
    if (rng.chance(0.005)) {
      out.push({ ...line, status: 'cancelled' });
      out.push({ ...line, txn_id: `${line.txn_id}-R`, line_id: `${line.line_id}-R` });
    }
    if (rng.chance(0.02)) {
      counters.txn++;
      out.push({
        ...line,
        txn_id: `${location}/RET/${String(counters.txn).padStart(6, '0')}`,
        line_id: String(counters.txn),
        type: 'return',
        quantity: q(Math.max(1, part * 0.1)),
      });
    }
  }
}
