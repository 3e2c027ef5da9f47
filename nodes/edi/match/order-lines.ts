/**
 * The purchase order lines a supplier document is checked against, from either of the two shapes a
 * flow has at hand: canonical open_purchase_order@1 lines (odoo-search with that dataset) or Odoo's
 * own purchase.order.line records (odoo-search on the model, which also gives the unit price and
 * keeps fully received lines, as an invoice check needs).
 */
export interface OrderLine {
  /** The line id we sent in the order and the supplier echoes back (Odoo's purchase.order.line id). */
  lineId: string;
  sku: string | null;
  ordered: number;
  received: number;
  unitPrice: number | null;
  /** YYYY-MM-DD the goods were expected when ordered. */
  expectedDate: string | null;
  orderDate: string | null;
  uom: string | null;
}

type Rec = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const day = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null);

/** Odoo shows a product as "[CODE] Name"; the code is our SKU. */
function skuOfDisplayName(v: unknown): string | null {
  const name = Array.isArray(v) ? v[1] : v;
  return typeof name === 'string' ? (/^\[([^\]]+)\]/.exec(name)?.[1] ?? null) : null;
}

export function toOrderLine(r: Rec): OrderLine | undefined {
  if (r.line_id !== undefined && r.ordered_qty !== undefined) {
    return {
      lineId: String(r.line_id),
      sku: text(r.sku),
      ordered: num(r.ordered_qty) ?? 0,
      received: num(r.received_qty) ?? 0,
      unitPrice: num(r.unit_price),
      expectedDate: day(r.expected_date),
      orderDate: day(r.order_date),
      uom: text(r.uom),
    };
  }
  if (r.id !== undefined && r.product_qty !== undefined) {
    // Section and note lines carry no product; they are not part of what was ordered.
    if (r.display_type || r.product_id === false || r.product_id === null) return undefined;
    // Odoo keeps quantities and price in the line's purchase unit; product_uom_qty is the quantity in
    // the product's stock unit, the unit the order went out in (open_purchase_order@1).
    const purchaseQty = num(r.product_qty) ?? 0;
    const stockQty = num(r.product_uom_qty);
    const toStock = stockQty !== null && purchaseQty > 0 ? stockQty / purchaseQty : 1;
    const price = num(r.price_unit);
    return {
      lineId: String(r.id),
      sku: text(r.default_code) ?? skuOfDisplayName(r.product_id),
      ordered: purchaseQty * toStock,
      received: (num(r.qty_received) ?? 0) * toStock,
      unitPrice: price === null ? null : price / toStock,
      expectedDate: day(r.date_planned),
      orderDate: day(r.date_order) ?? day(r.date_approve),
      uom: null,
    };
  }
  return undefined;
}

export function toOrderLines(records: unknown): OrderLine[] {
  if (!Array.isArray(records)) return [];
  return records.flatMap((r) => (r && typeof r === 'object' ? [toOrderLine(r as Rec)].filter((l): l is OrderLine => !!l) : []));
}

/** The order line a document line refers to: by the echoed line id, else by SKU when that is unambiguous. */
export function findOrderLine(lines: OrderLine[], poLineId: unknown, sku: unknown): OrderLine | undefined {
  if (typeof poLineId === 'string' && poLineId) {
    const byId = lines.find((l) => l.lineId === poLineId);
    if (byId) return byId;
  }
  const bySku = lines.filter((l) => l.sku !== null && l.sku === sku);
  return bySku.length === 1 ? bySku[0] : undefined;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}
