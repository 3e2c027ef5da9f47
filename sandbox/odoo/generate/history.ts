import type { Rng } from '../prng';
import type { BaseData } from './base';
import { DemandClass, type Catalog } from './catalog';
import type { DatasetWriter } from './writer';

export interface HistoryOptions {
  asOf: number;
  historyDays: number;
}

export interface HistoryCounts {
  deliveries: number;
  deliveryMoves: number;
  receipts: number;
  receiptMoves: number;
}

/** Growable columns for generated events, so a million moves cost bytes, not objects, until they are written. */
class Events {
  length = 0;
  product = new Int32Array(1024);
  day = new Int32Array(1024);
  warehouse = new Uint8Array(1024);
  slot = new Int16Array(1024);
  partner = new Int32Array(1024);
  qty = new Float64Array(1024);

  push(product: number, day: number, warehouse: number, slot: number, partner: number, qty: number): void {
    if (this.length === this.product.length) this.grow();
    const i = this.length++;
    this.product[i] = product;
    this.day[i] = day;
    this.warehouse[i] = warehouse;
    this.slot[i] = slot;
    this.partner[i] = partner;
    this.qty[i] = qty;
  }

  private grow(): void {
    const size = this.product.length * 2;
    const grow = <T extends Int32Array | Uint8Array | Int16Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.product = grow(this.product, (k) => new Int32Array(k));
    this.day = grow(this.day, (k) => new Int32Array(k));
    this.warehouse = grow(this.warehouse, (k) => new Uint8Array(k));
    this.slot = grow(this.slot, (k) => new Int16Array(k));
    this.partner = grow(this.partner, (k) => new Int32Array(k));
    this.qty = grow(this.qty, (k) => new Float64Array(k));
  }

  /** Event indexes ordered by (day, warehouse, partner): a counting sort on day, then a small sort per day. */
  order(days: number): Int32Array {
    const starts = new Int32Array(days + 1);
    for (let i = 0; i < this.length; i++) starts[this.day[i] + 1]++;
    for (let d = 0; d < days; d++) starts[d + 1] += starts[d];
    const fill = starts.slice(0, days);
    const out = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) out[fill[this.day[i]]++] = i;
    for (let d = 0; d < days; d++) {
      const part = out.subarray(starts[d], starts[d + 1]);
      part.sort((a, b) => this.warehouse[a] - this.warehouse[b] || this.partner[a] - this.partner[b] || this.slot[a] - this.slot[b] || a - b);
    }
    return out;
  }
}

const WEEKDAY_WEIGHT = [0.02, 1, 0.95, 0.9, 0.9, 0.8, 0.04]; // Sunday..Saturday
const ORDERS_PER_YEAR: Record<number, [number, number]> = {
  [DemandClass.smooth]: [8, 16],
  [DemandClass.erratic]: [6, 12],
  [DemandClass.intermittent]: [2, 5],
  [DemandClass.lumpy]: [1, 4],
};

/** Each warehouse serves a handful of customers a day, so deliveries group into realistic pickings. */
const CUSTOMERS_PER_DAY = 10;

function dayCustomer(day: number, warehouse: number, k: number, customers: number): number {
  return (day * 7919 + warehouse * 104_729 + k * 15_485_863) % customers;
}

function round(qty: number, fractional: boolean): number {
  return fractional ? Math.max(0.1, Math.round(qty * 10) / 10) : Math.max(1, Math.round(qty));
}

function stockedWarehouses(mask: number, count: number): number[] {
  const out: number[] = [];
  for (let w = 0; w < count; w++) if (mask & (1 << w)) out.push(w);
  return out;
}

/**
 * A day in the window weighted by the product's yearly season (peak week, amplitude) and by weekday: distributors
 * ship on working days.
 */
function seasonalDay(r: Rng, firstDay: number, days: number, amplitude: number, peakWeek: number): number {
  for (let attempt = 0; attempt < 50; attempt++) {
    const d = r.int(0, days - 1);
    const absolute = firstDay + d;
    const week = (((absolute / 7) % 52) + 52) % 52;
    const season = (1 + amplitude * Math.cos((2 * Math.PI * (week - peakWeek)) / 52)) / (1 + amplitude);
    const weekday = WEEKDAY_WEIGHT[(absolute + 4) % 7];
    if (r.next() < season * weekday) return d;
  }
  return r.int(0, days - 1);
}

/**
 * Two years (historyDays) of done deliveries (the demand history) and done receipts. Deliveries: 1-16 orders per
 * product and year by demand class, quantities around the demand accumulated since the last order, lumpy items
 * with occasional large orders. Grouped into one delivery per warehouse, day and customer; receipts into one per
 * warehouse, day and vendor. Record ids grow with the date, as in a real database.
 */
export function generateHistory(w: DatasetWriter, rng: Rng, base: BaseData, cat: Catalog, options: HistoryOptions): HistoryCounts {
  const days = options.historyDays;
  const firstDay = Math.floor(options.asOf / 86400) - days;
  const whCount = base.warehouses.length;
  const out = new Events();
  const inbound = new Events();
  const r = rng.fork('history');
  for (let i = 0; i < cat.count; i++) {
    if (!cat.storable[i]) continue;
    const stocked = stockedWarehouses(cat.stockedIn[i], whCount);
    const dc = cat.demandClass[i];
    const [lo, hi] = ORDERS_PER_YEAR[dc];
    const perYear = r.int(lo, hi);
    const orders = Math.max(1, Math.round((perYear * days) / 365));
    const perOrder = (cat.meanWeekly[i] * 52) / perYear;
    const fractional = cat.fractional[i] === 1;
    for (let k = 0; k < orders; k++) {
      const day = seasonalDay(r, firstDay, days, cat.seasonAmplitude[i], cat.seasonPeakWeek[i]);
      let factor: number;
      if (dc === DemandClass.smooth) factor = Math.max(0.2, r.normal(1, 0.25));
      else if (dc === DemandClass.erratic) factor = Math.exp(r.normal(-0.32, 0.8));
      else if (dc === DemandClass.intermittent) factor = Math.exp(r.normal(-0.12, 0.5));
      else factor = Math.exp(r.normal(-0.18, 0.6)) * (r.chance(0.3) ? 4 : 0.7);
      const wh = r.pick(stocked);
      out.push(i, day, wh, r.int(0, 119), dayCustomer(day, wh, r.int(0, CUSTOMERS_PER_DAY - 1), cat.customerIds.length), round(perOrder * factor, fractional));
    }
    if (!cat.primarySupplier[i]) continue;
    const cycleWeeks = Math.round(52 / Math.max(1, Math.min(4, perYear / 4)));
    const receipts = Math.max(1, Math.round(days / 7 / cycleWeeks));
    const pack = cat.packSize[i] || 1;
    const weekday = cat.primarySupplier[i] % 5;
    for (let k = 0; k < receipts; k++) {
      // Each vendor delivers on its own weekday, so one receipt carries many products.
      const day = Math.min(days - 1, Math.max(0, r.int(0, Math.floor(days / 7) - 1) * 7 + ((weekday + 1 - ((firstDay + 4) % 7) + 7) % 7)));
      const qty = Math.max(pack, Math.ceil((cat.meanWeekly[i] * cycleWeeks) / pack) * pack);
      inbound.push(i, day, r.pick(stocked), r.int(0, 119), cat.primarySupplier[i], round(qty, fractional));
    }
  }
  return writeHistory(w, rng.fork('history-write'), base, cat, out, inbound, firstDay, days);
}

function writeHistory(w: DatasetWriter, r: Rng, base: BaseData, cat: Catalog, out: Events, inbound: Events, firstDay: number, days: number): HistoryCounts {
  const counts: HistoryCounts = { deliveries: 0, deliveryMoves: 0, receipts: 0, receiptMoves: 0 };
  const outOrder = out.order(days);
  const inOrder = inbound.order(days);
  const seq = new Map<string, number>();
  const next = (prefix: string): string => {
    const n = (seq.get(prefix) ?? 0) + 1;
    seq.set(prefix, n);
    return `${prefix}${String(n).padStart(5, '0')}`;
  };
  const templates = w.db.store('product.template');
  const names = new Map<number, unknown>();
  const nameOf = (i: number): unknown => {
    let name = names.get(i);
    if (name === undefined) {
      name = templates.get(cat.templateIds[i])?.name ?? false;
      names.set(i, name);
    }
    return name;
  };

  const writeGroup = (events: Events, order: Int32Array, from: number, to: number, incoming: boolean): void => {
    const first = order[from];
    const wh = base.warehouses[events.warehouse[first]];
    const day = firstDay + events.day[first];
    const date = w.date(day * 86400);
    const doneAt = day * 86400 + 8 * 3600 + events.slot[order[to - 1]] * 300;
    const partner = incoming ? events.partner[first] : cat.customerIds[events.partner[first]];
    const name = next(`${wh.code}/${incoming ? 'IN' : 'OUT'}/`);
    const origin = incoming ? `PO-H${date.replace(/-/g, '')}-${wh.code}` : `SO-H${date.replace(/-/g, '')}-${wh.code}`;
    const src = incoming ? base.locations.suppliers : wh.stockLocationId;
    const dest = incoming ? wh.stockLocationId : base.locations.customers;
    const typeId = incoming ? wh.inTypeId : wh.outTypeId;
    const created = w.datetime(doneAt - r.int(0, 3) * 86400 - 3600);
    const written = w.datetime(doneAt);
    const picking = w.insert(
      'stock.picking',
      {
        name,
        origin,
        partner_id: partner,
        picking_type_id: typeId,
        location_id: src,
        location_dest_id: dest,
        scheduled_date: w.datetime(doneAt - 3600),
        date_done: written,
        state: 'done',
        company_id: wh.companyId,
      },
      created,
      written,
    );
    for (let k = from; k < to; k++) {
      const e = order[k];
      const i = events.product[e];
      const qty = events.qty[e];
      // Both spellings of the done quantity; the store keeps the one this version has.
      w.insert(
        'stock.move',
        {
          name: nameOf(i),
          reference: name,
          origin,
          sequence: 10,
          product_id: cat.productIds[i],
          product_uom_qty: qty,
          quantity: qty,
          quantity_done: qty,
          picked: true,
          product_uom: cat.uomIds[i],
          state: 'done',
          date: w.datetime(day * 86400 + 8 * 3600 + events.slot[e] * 300),
          location_id: src,
          location_dest_id: dest,
          partner_id: partner,
          picking_id: picking.id,
          picking_type_id: typeId,
          warehouse_id: wh.id,
          company_id: wh.companyId,
        },
        created,
        written,
      );
    }
    if (incoming) {
      counts.receipts++;
      counts.receiptMoves += to - from;
    } else {
      counts.deliveries++;
      counts.deliveryMoves += to - from;
    }
  };

  // Walk both streams day by day so ids follow the calendar.
  let a = 0;
  let b = 0;
  for (let d = 0; d < days; d++) {
    for (const [events, order, incoming] of [
      [inbound, inOrder, true],
      [out, outOrder, false],
    ] as const) {
      let k = incoming ? b : a;
      while (k < order.length && events.day[order[k]] === d) {
        const start = k;
        const e0 = order[start];
        while (
          k < order.length &&
          events.day[order[k]] === d &&
          events.warehouse[order[k]] === events.warehouse[e0] &&
          events.partner[order[k]] === events.partner[e0]
        )
          k++;
        writeGroup(events, order, start, k, incoming);
      }
      if (incoming) b = k;
      else a = k;
    }
  }
  for (const [prefix, last] of seq) w.db.setSequence(prefix, last);
  return counts;
}
