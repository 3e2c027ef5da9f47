import { addDays, formatDatetime, parseUtc } from '../datetime';
import type { Env, Rec } from '../orm/types';

/** The vendor line Odoo's _select_seller picks: this partner, quantity at least min_qty, valid today, lowest sequence. */
export function selectSeller(env: Env, productId: number, partnerId: number | undefined, qty: number): Rec | undefined {
  const product = env.db.store('product.product').get(productId);
  if (!product) return undefined;
  const sellers = env.db.store('product.supplierinfo');
  const today = env.tx.now.slice(0, 10);
  const candidates = (sellers.index('product_tmpl_id').get(product.product_tmpl_id as number) ?? [])
    .map((id) => sellers.get(id) as Rec)
    .filter((s) => (partnerId === undefined || s.partner_id === partnerId) && (s.product_id === false || s.product_id === productId))
    .filter((s) => (s.min_qty as number) <= qty && (!s.date_start || (s.date_start as string) <= today) && (!s.date_end || (s.date_end as string) >= today))
    .sort((a, b) => (a.sequence as number) - (b.sequence as number) || (b.min_qty as number) - (a.min_qty as number) || a.id - b.id);
  return candidates[0];
}

export function productTemplate(env: Env, productId: number): Rec | undefined {
  const product = env.db.store('product.product').get(productId);
  return product ? env.db.store('product.template').get(product.product_tmpl_id as number) : undefined;
}

/** Precomputed purchase line fields (name, unit, price, planned date) as Odoo 16+ fills them on create. */
export function preparePurchaseLine(env: Env, vals: Record<string, unknown>, uomField: string): void {
  const order = typeof vals.order_id === 'number' ? env.db.store('purchase.order').get(vals.order_id) : undefined;
  if (order && !vals.company_id) vals.company_id = order.company_id;
  if (typeof vals.product_id !== 'number') return;
  const tmpl = productTemplate(env, vals.product_id);
  const qty = typeof vals.product_qty === 'number' ? vals.product_qty : 1;
  const seller = selectSeller(env, vals.product_id, order?.partner_id as number | undefined, qty);
  if (!vals.name) vals.name = displayProduct(env, vals.product_id);
  if (!vals[uomField]) vals[uomField] = seller?.product_uom_id || tmpl?.uom_po_id || tmpl?.uom_id || false;
  if (vals.price_unit === undefined) vals.price_unit = seller ? seller.price : (tmpl?.standard_price ?? 0);
  if (!vals.date_planned) {
    const base = (order?.date_order as string) ?? env.tx.now;
    vals.date_planned = formatDatetime(addDays(parseUtc(base), (seller?.delay as number) ?? 0));
  }
}

export function prepareSaleLine(env: Env, vals: Record<string, unknown>, uomField: string): void {
  const order = typeof vals.order_id === 'number' ? env.db.store('sale.order').get(vals.order_id) : undefined;
  if (order && !vals.company_id) vals.company_id = order.company_id;
  if (typeof vals.product_id !== 'number') return;
  const tmpl = productTemplate(env, vals.product_id);
  if (!vals.name) vals.name = displayProduct(env, vals.product_id);
  if (!vals[uomField]) vals[uomField] = tmpl?.uom_id ?? false;
  if (vals.price_unit === undefined) vals.price_unit = tmpl?.list_price ?? 0;
}

function displayProduct(env: Env, productId: number): string {
  const product = env.db.store('product.product').get(productId);
  const tmpl = productTemplate(env, productId);
  return product?.default_code ? `[${product.default_code as string}] ${tmpl?.name as string}` : ((tmpl?.name as string) ?? '');
}

export function lineTotal(env: Env, model: string, orderId: number, qtyField: string): number {
  const lines = env.db.store(model);
  let total = 0;
  for (const id of lines.index('order_id').get(orderId) ?? []) {
    const line = lines.get(id) as Rec;
    total += (line[qtyField] as number) * (line.price_unit as number);
  }
  return Math.round(total * 100) / 100;
}
