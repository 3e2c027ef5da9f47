import type { OdooSandbox } from '../sandbox/odoo';
import type { InitialStockRow } from '../sandbox/wms';

type Rec = Record<string, unknown>;

const id = (v: unknown): number | null => (typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** The sandbox Odoo's catalogue and warehouses as the WMS names them: product codes and warehouse codes. */
export interface OdooCatalogue {
  skus: string[];
  locations: string[];
}

export function odooCatalogue(odoo: OdooSandbox): OdooCatalogue {
  const products = odoo.control.database.store('product.product').records as Rec[];
  return {
    skus: products.map((p) => (typeof p.default_code === 'string' && p.default_code ? p.default_code : `ODOO-${p.id as number}`)),
    locations: odoo.control.dataset.warehouses.map((w) => w.code),
  };
}

/**
 * The sandbox Odoo's stock per product code and warehouse code, the way planbridge's Odoo stock read
 * sees it: the quants of the warehouse's internal locations added up (on hand, reserved), and a row
 * for every product a confirmed purchase order still brings to the warehouse (its open quantity as in
 * transit). Read from the sandbox's in-memory tables, not over its API: it is seed data for the
 * sandbox WMS, so that a reconciliation of the two compares like with like.
 */
export function odooStock(odoo: OdooSandbox): InitialStockRow[] {
  const db = odoo.control.database;
  const skuOf = new Map<number, string>();
  for (const p of db.store('product.product').records as Rec[])
    skuOf.set(p.id as number, typeof p.default_code === 'string' && p.default_code ? p.default_code : `ODOO-${p.id as number}`);
  const codeOf = new Map(odoo.control.dataset.warehouses.map((w) => [w.id, w.code]));
  const warehouseOfLocation = new Map<number, string>();
  for (const l of db.store('stock.location').records as Rec[]) {
    const code = codeOf.get(id(l.warehouse_id) ?? -1);
    if (code && l.usage === 'internal') warehouseOfLocation.set(l.id as number, code);
  }
  const rows = new Map<string, InitialStockRow>();
  const row = (sku: string, location: string): InitialStockRow => {
    const k = `${sku}\u0000${location}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { sku, location, on_hand: 0, allocated: 0, in_transit: 0 }));
    return r;
  };
  for (const q of db.store('stock.quant').records as Rec[]) {
    const location = warehouseOfLocation.get(id(q.location_id) ?? -1);
    const sku = skuOf.get(id(q.product_id) ?? -1);
    if (!location || !sku) continue;
    const r = row(sku, location);
    r.on_hand = round(r.on_hand + num(q.quantity));
    r.allocated = round((r.allocated ?? 0) + num(q.reserved_quantity));
  }
  // What confirmed purchase orders still bring: Odoo's stock read has a row for it (in transit).
  const typeWarehouse = new Map<number, string>();
  for (const t of db.store('stock.picking.type').records as Rec[]) {
    const code = codeOf.get(id(t.warehouse_id) ?? -1);
    if (code) typeWarehouse.set(t.id as number, code);
  }
  const confirmed = new Map<number, string>();
  for (const o of db.store('purchase.order').records as Rec[]) {
    const location = typeWarehouse.get(id(o.picking_type_id) ?? -1);
    if (location && (o.state === 'purchase' || o.state === 'done')) confirmed.set(o.id as number, location);
  }
  for (const line of db.store('purchase.order.line').records as Rec[]) {
    const location = confirmed.get(id(line.order_id) ?? -1);
    const sku = skuOf.get(id(line.product_id) ?? -1);
    const open = num(line.product_qty) - num(line.qty_received);
    if (!location || !sku || open <= 0) continue;
    const r = row(sku, location);
    r.in_transit = round((r.in_transit ?? 0) + open);
  }
  return [...rows.values()].sort((a, b) => (a.sku === b.sku ? a.location.localeCompare(b.location) : a.sku.localeCompare(b.sku)));
}

/** What `npm start` seeds the sandbox WMS with: Odoo's stock, with a few deterministic differences. */
export interface SeededDifference {
  sku: string;
  location: string;
  odoo: number;
  wms: number | null;
}

/**
 * Odoo's stock with a few differences a reconciliation should find, by position in the sorted rows (so
 * the same seed of the sandbox Odoo gives the same differences): every 40th row (from the 8th) counted
 * 1 short in the WMS, every 40th (from the 21st) 12 over, and the 50th row missing in the WMS.
 */
export function withDifferences(rows: InitialStockRow[]): { stock: InitialStockRow[]; differences: SeededDifference[] } {
  const stock: InitialStockRow[] = [];
  const differences: SeededDifference[] = [];
  rows.forEach((r, i) => {
    if (i === 49) {
      differences.push({ sku: r.sku, location: r.location, odoo: r.on_hand, wms: null });
      return;
    }
    const delta = i % 40 === 7 ? -1 : i % 40 === 20 ? 12 : 0;
    if (delta) differences.push({ sku: r.sku, location: r.location, odoo: r.on_hand, wms: round(r.on_hand + delta) });
    stock.push(delta ? { ...r, on_hand: round(r.on_hand + delta) } : r);
  });
  return { stock, differences };
}
