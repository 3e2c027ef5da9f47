import type { Rng } from '../prng';
import type { BaseData, WarehouseData } from './base';
import type { Catalog } from './catalog';
import type { DatasetWriter } from './writer';

export interface OrderOptions {
  asOf: number;
}

export interface OrderCounts {
  purchaseOrders: number;
  purchaseLines: number;
  saleOrders: number;
  saleLines: number;
}

interface Line {
  product: number;
  qty: number;
  price: number;
  done: number;
  lineId?: number;
}

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

function qtyFor(cat: Catalog, i: number, weeks: number, pack = 1): number {
  const raw = Math.max(pack, Math.ceil((cat.meanWeekly[i] * weeks) / pack) * pack);
  return cat.fractional[i] ? Math.round(raw * 10) / 10 : Math.max(1, Math.round(raw));
}

/**
 * Open purchase orders (RFQs, confirmed ones waiting for goods, some partially received with a backorder) and open
 * sales orders (quotations, confirmed ones waiting for delivery, some partially delivered), dated in the weeks before
 * asOf.
 */
export function generateOrders(w: DatasetWriter, rng: Rng, base: BaseData, cat: Catalog, options: OrderOptions): OrderCounts {
  const counts: OrderCounts = { purchaseOrders: 0, purchaseLines: 0, saleOrders: 0, saleLines: 0 };
  generatePurchases(w, rng.fork('purchase'), base, cat, options, counts);
  generateSales(w, rng.fork('sale'), base, cat, options, counts);
  return counts;
}

/** `at` is the scheduled (or done) time and may lie after asOf; `stamp` is when the record was last written. */
function picking(
  w: DatasetWriter,
  wh: WarehouseData,
  incoming: boolean,
  partner: number,
  origin: string,
  state: string,
  at: number,
  stamp: number,
  orderField: Record<string, number>,
): number {
  const prefix = `${wh.code}/${incoming ? 'IN' : 'OUT'}/`;
  const name = `${prefix}${String(w.db.nextSequence(prefix)).padStart(5, '0')}`;
  return w.insert(
    'stock.picking',
    {
      name,
      origin,
      partner_id: partner,
      picking_type_id: incoming ? wh.inTypeId : wh.outTypeId,
      location_id: incoming ? w.db.store('stock.location').records.find((l) => l.usage === 'supplier')?.id : wh.stockLocationId,
      location_dest_id: incoming ? wh.stockLocationId : w.db.store('stock.location').records.find((l) => l.usage === 'customer')?.id,
      scheduled_date: w.datetime(at),
      date_done: state === 'done' ? w.datetime(at) : false,
      state,
      company_id: wh.companyId,
      ...orderField,
    },
    stamp - 3600,
    stamp,
  ).id;
}

function moves(
  w: DatasetWriter,
  cat: Catalog,
  pickingId: number,
  wh: WarehouseData,
  incoming: boolean,
  partner: number,
  origin: string,
  state: string,
  at: number,
  stamp: number,
  lines: Line[],
  qtyOf: (l: Line) => number,
  lineField: 'purchase_line_id' | 'sale_line_id',
): void {
  const profile = w.db.profile;
  const pickingRec = w.db.store('stock.picking').get(pickingId);
  for (const line of lines) {
    const qty = qtyOf(line);
    if (qty <= 0) continue;
    const tmpl = w.db.store('product.template').get(cat.templateIds[line.product]);
    const done = state === 'done';
    w.insert(
      'stock.move',
      {
        name: tmpl?.name ?? false,
        reference: pickingRec?.name,
        origin,
        sequence: 10,
        product_id: cat.productIds[line.product],
        product_uom_qty: qty,
        // 17+: a ready receipt already shows its quantity; a waiting delivery has nothing reserved yet.
        [profile.moveQtyField]: done || (incoming && profile.moveQtyField === 'quantity') ? qty : 0,
        picked: done,
        product_uom: cat.uomIds[line.product],
        state,
        date: w.datetime(at),
        location_id: pickingRec?.location_id,
        location_dest_id: pickingRec?.location_dest_id,
        partner_id: partner,
        picking_id: pickingId,
        picking_type_id: pickingRec?.picking_type_id,
        [lineField]: line.lineId,
        warehouse_id: wh.id,
        company_id: wh.companyId,
      },
      stamp - 3600,
      stamp,
    );
  }
}

function generatePurchases(w: DatasetWriter, r: Rng, base: BaseData, cat: Catalog, options: OrderOptions, counts: OrderCounts): void {
  const profile = w.db.profile;
  const bySupplier = new Map<number, number[]>();
  for (let i = 0; i < cat.count; i++) {
    if (!cat.storable[i] || !cat.primarySupplier[i]) continue;
    const list = bySupplier.get(cat.primarySupplier[i]) ?? [];
    list.push(i);
    bySupplier.set(cat.primarySupplier[i], list);
  }
  const suppliers = [...bySupplier.keys()];
  if (suppliers.length === 0) return;
  const total = clamp(suppliers.length * 2, 10, 400);
  const specs = Array.from({ length: total }, () => ({ supplier: r.pick(suppliers), ordered: options.asOf - r.int(1, 45 * 24) * 3600 })).sort(
    (a, b) => a.ordered - b.ordered,
  );
  const uomField = profile.orderLineUomField;
  for (const spec of specs) {
    const products = bySupplier.get(spec.supplier) as number[];
    const wh = r.pick(base.warehouses);
    const state = r.chance(0.7) ? 'purchase' : r.chance(0.67) ? 'draft' : 'sent';
    const name = `P${String(w.db.nextSequence('purchase.order')).padStart(5, '0')}`;
    const delay = cat.primaryDelay[products[0]] || 7;
    const planned = spec.ordered + delay * 86400;
    const approved = state === 'purchase' ? Math.min(options.asOf - 60, spec.ordered + r.int(1, 48) * 3600) : 0;
    const lineCount = Math.min(products.length, r.int(3, 25));
    const chosen = new Set<number>();
    while (chosen.size < lineCount) chosen.add(r.pick(products));
    const partial = state === 'purchase' && r.chance(0.3) && planned < options.asOf;
    const lines: Line[] = [...chosen].map((i) => {
      const qty = qtyFor(cat, i, r.int(2, 8), cat.packSize[i] || 1);
      const done = partial && r.chance(0.6) ? (r.chance(0.5) ? qty : Math.floor(qty / 2)) : 0;
      return { product: i, qty, price: cat.cost[i], done };
    });
    const order = w.insert(
      'purchase.order',
      {
        name,
        priority: '0',
        partner_id: spec.supplier,
        partner_ref: r.chance(0.5) ? `VR-${r.int(10000, 99999)}` : false,
        origin: false,
        date_order: w.datetime(spec.ordered),
        date_approve: approved ? w.datetime(approved) : false,
        date_planned: w.datetime(planned),
        state,
        locked: false,
        acknowledged: false,
        currency_id: base.currency.EUR,
        company_id: wh.companyId,
        picking_type_id: wh.inTypeId,
        user_id: base.users.admin,
      },
      spec.ordered - 3600,
      approved || spec.ordered,
    );
    counts.purchaseOrders++;
    for (const line of lines) {
      line.lineId = w.insert(
        'purchase.order.line',
        {
          order_id: order.id,
          name: w.db.store('product.template').get(cat.templateIds[line.product])?.name,
          sequence: 10,
          product_id: cat.productIds[line.product],
          product_qty: line.qty,
          [uomField]: cat.uomIds[line.product],
          price_unit: line.price,
          date_planned: w.datetime(planned),
          qty_received: line.done,
          qty_invoiced: 0,
          company_id: wh.companyId,
        },
        spec.ordered - 3600,
        approved || spec.ordered,
      ).id;
      counts.purchaseLines++;
    }
    if (state !== 'purchase') continue;
    if (lines.some((l) => l.done > 0)) {
      const receivedAt = Math.min(options.asOf - 3600, planned + r.int(0, 48) * 3600);
      const done = picking(w, wh, true, spec.supplier, name, 'done', receivedAt, receivedAt, { purchase_id: order.id });
      moves(w, cat, done, wh, true, spec.supplier, name, 'done', receivedAt, receivedAt, lines, (l) => l.done, 'purchase_line_id');
    }
    if (lines.some((l) => l.qty > l.done)) {
      const open = picking(w, wh, true, spec.supplier, name, 'assigned', planned, approved, { purchase_id: order.id });
      moves(w, cat, open, wh, true, spec.supplier, name, 'assigned', planned, approved, lines, (l) => l.qty - l.done, 'purchase_line_id');
    }
  }
}

function generateSales(w: DatasetWriter, r: Rng, base: BaseData, cat: Catalog, options: OrderOptions, counts: OrderCounts): void {
  const profile = w.db.profile;
  const storable: number[] = [];
  for (let i = 0; i < cat.count; i++) if (cat.storable[i]) storable.push(i);
  if (storable.length === 0) return;
  const total = clamp(Math.round(cat.count / 10), 20, 2000);
  const specs = Array.from({ length: total }, () => ({ customer: r.pick(cat.customerIds), ordered: options.asOf - r.int(1, 21 * 24) * 3600 })).sort(
    (a, b) => a.ordered - b.ordered,
  );
  const uomField = profile.orderLineUomField;
  const templates = w.db.store('product.template');
  for (const spec of specs) {
    const wh = r.pick(base.warehouses);
    const state = r.chance(0.75) ? 'sale' : r.chance(0.8) ? 'draft' : 'sent';
    const name = `S${String(w.db.nextSequence('sale.order')).padStart(5, '0')}`;
    const commitment = spec.ordered + r.int(1, 14) * 86400;
    const partial = state === 'sale' && r.chance(0.2);
    const lineCount = Math.min(storable.length, r.int(1, 8));
    const chosen = new Set<number>();
    while (chosen.size < lineCount) chosen.add(r.pick(storable));
    const lines: Line[] = [...chosen].map((i) => {
      const qty = qtyFor(cat, i, 0.5 + r.next() * 2.5);
      const tmpl = templates.get(cat.templateIds[i]);
      return { product: i, qty, price: (tmpl?.list_price as number) ?? cat.cost[i], done: partial && r.chance(0.5) ? Math.floor(qty / 2) : 0 };
    });
    const order = w.insert(
      'sale.order',
      {
        name,
        partner_id: spec.customer,
        client_order_ref: r.chance(0.4) ? `PO-${r.int(1000, 9999)}` : false,
        origin: false,
        date_order: w.datetime(spec.ordered),
        commitment_date: w.datetime(commitment),
        state,
        locked: false,
        warehouse_id: wh.id,
        company_id: wh.companyId,
        user_id: base.users.admin,
      },
      spec.ordered - 3600,
      spec.ordered,
    );
    counts.saleOrders++;
    for (const line of lines) {
      line.lineId = w.insert(
        'sale.order.line',
        {
          order_id: order.id,
          name: templates.get(cat.templateIds[line.product])?.name,
          sequence: 10,
          product_id: cat.productIds[line.product],
          product_uom_qty: line.qty,
          [uomField]: cat.uomIds[line.product],
          price_unit: line.price,
          qty_delivered: line.done,
          qty_invoiced: 0,
          company_id: wh.companyId,
        },
        spec.ordered - 3600,
        spec.ordered,
      ).id;
      counts.saleLines++;
    }
    if (state !== 'sale') continue;
    if (lines.some((l) => l.done > 0)) {
      const at = Math.min(options.asOf - 3600, spec.ordered + r.int(2, 72) * 3600);
      const done = picking(w, wh, false, spec.customer, name, 'done', at, at, { sale_id: order.id });
      moves(w, cat, done, wh, false, spec.customer, name, 'done', at, at, lines, (l) => l.done, 'sale_line_id');
    }
    const open = picking(w, wh, false, spec.customer, name, r.chance(0.6) ? 'assigned' : 'confirmed', commitment, spec.ordered, { sale_id: order.id });
    const openState = w.db.store('stock.picking').get(open)?.state as string;
    moves(w, cat, open, wh, false, spec.customer, name, openState, commitment, spec.ordered, lines, (l) => l.qty - l.done, 'sale_line_id');
  }
}
