import { SandboxClock } from '../../../../sandbox/odoo/clock';
import { generateDataset, type DatasetOptions, type DatasetSummary } from '../../../../sandbox/odoo/dataset';
import { allModels } from '../../../../sandbox/odoo/models';
import { Database } from '../../../../sandbox/odoo/orm/database';
import type { Rec } from '../../../../sandbox/odoo/orm/types';
import { VERSION_PROFILES, type OdooVersion } from '../../../../sandbox/odoo/versions';

const AS_OF = new Date('2025-06-02T00:00:00Z');

function build(version: OdooVersion, options: Partial<DatasetOptions> = {}): { db: Database; summary: DatasetSummary } {
  const profile = VERSION_PROFILES[version];
  const db = new Database('sandbox', profile, allModels(profile), new SandboxClock());
  const summary = generateDataset(db, { seed: 5, products: 400, historyDays: 365, asOf: AS_OF, adminLogin: 'admin', ...options });
  return { db, summary };
}

const records = (db: Database, model: string): Rec[] => db.store(model).records;

describe('dataset generator', () => {
  const { db, summary } = build(17);

  it('is deterministic: same seed and options, same records and ids', () => {
    const again = build(17).db;
    for (const model of db.models.keys()) expect(records(again, model)).toEqual(records(db, model));
  });

  it('changes with the seed', () => {
    const other = build(17, { seed: 6 }).db;
    expect(records(other, 'product.template').map((r) => r.name)).not.toEqual(records(db, 'product.template').map((r) => r.name));
  });

  it('draws the same catalog on every version for one seed', () => {
    const v19 = build(19).db;
    const pick = (d: Database) => records(d, 'product.product').map((r) => [r.default_code, r.barcode]);
    expect(pick(v19)).toEqual(pick(db));
    expect(records(v19, 'product.supplierinfo').map((r) => r.delay)).toEqual(records(db, 'product.supplierinfo').map((r) => r.delay));
  });

  it('derives 3-5 warehouses from the seed unless told', () => {
    expect(summary.warehouses.length).toBeGreaterThanOrEqual(3);
    expect(summary.warehouses.length).toBeLessThanOrEqual(5);
    expect(build(17, { warehouses: 5, products: 20 }).summary.warehouses.map((w) => w.code)).toEqual(['BRU', 'ANR', 'GNT', 'LGG', 'NAM']);
  });

  it('follows the documented conventions for codes and references', () => {
    const products = records(db, 'product.product');
    expect(products).toHaveLength(400);
    expect(products.every((p) => /^[A-Z]{3}-\d{6}$/.test(p.default_code as string))).toBe(true);
    expect(products.filter((p) => p.barcode).every((p) => /^20\d{11}$/.test(p.barcode as string))).toBe(true);
    const partners = records(db, 'res.partner');
    expect(partners.filter((p) => (p.supplier_rank as number) > 0).every((p) => /^SUP-\d{4}$/.test(p.ref as string))).toBe(true);
    expect(partners.filter((p) => (p.customer_rank as number) > 0).every((p) => /^CUS-\d{5}$/.test(p.ref as string))).toBe(true);
    expect(summary.suppliers).toBeGreaterThanOrEqual(20);
    expect(
      records(db, 'stock.location')
        .filter((l) => l.usage === 'internal')
        .map((l) => l.complete_name),
    ).toContain(`${summary.warehouses[0].code}/Stock/Shelf 1`);
    expect(records(db, 'stock.picking').every((p) => /^[A-Z]{3}\/(IN|OUT)\/\d{5}$/.test(p.name as string))).toBe(true);
  });

  it('has about five quants per stock-tracked product, some negative, some reserved', () => {
    const quants = records(db, 'stock.quant');
    expect(quants.length / summary.storableProducts).toBeGreaterThan(3);
    expect(quants.some((q) => (q.quantity as number) < 0)).toBe(true);
    expect(quants.some((q) => (q.reserved_quantity as number) > 0)).toBe(true);
  });

  it('has vendor lines with MOQ, pack size, lead time, a second vendor for some products, and some without lead time', () => {
    const lines = records(db, 'product.supplierinfo');
    const perTemplate = new Map<unknown, number>();
    for (const l of lines) perTemplate.set(l.product_tmpl_id, (perTemplate.get(l.product_tmpl_id) ?? 0) + 1);
    expect([...perTemplate.values()].some((n) => n === 2)).toBe(true);
    expect(lines.some((l) => l.delay === 0)).toBe(true);
    expect(lines.some((l) => (l.delay as number) > 10)).toBe(true);
    expect(lines.some((l) => (l.min_qty as number) > 1)).toBe(true);
    expect(lines.some((l) => (l.x_pack_size as number) > 1)).toBe(true);
  });

  it('has done deliveries inside the history window, with intermittent items', () => {
    const customers = summary.locations.customers;
    const outgoing = records(db, 'stock.move').filter((m) => m.location_dest_id === customers && m.state === 'done');
    const history = outgoing.filter((m) => String(m.origin).startsWith('SO-H'));
    expect(history).toHaveLength(summary.deliveryMoves);
    expect(history.every((m) => (m.date as string) >= '2024-06-02' && (m.date as string) < '2025-06-02')).toBe(true);
    const perProduct = new Map<unknown, number>();
    for (const m of outgoing) perProduct.set(m.product_id, (perProduct.get(m.product_id) ?? 0) + 1);
    const counts = [...perProduct.values()];
    expect(Math.min(...counts)).toBeLessThanOrEqual(5);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...counts)).toBeLessThanOrEqual(25);
  });

  it('has done receipts, and open purchase and sales orders, some partly received or delivered', () => {
    expect(summary.receiptMoves).toBeGreaterThan(0);
    const pos = records(db, 'purchase.order');
    expect(new Set(pos.map((p) => p.state))).toEqual(new Set(['draft', 'sent', 'purchase']));
    expect(records(db, 'purchase.order.line').some((l) => (l.qty_received as number) > 0 && (l.qty_received as number) < (l.product_qty as number))).toBe(true);
    expect(records(db, 'sale.order').some((o) => o.state === 'sale')).toBe(true);
  });

  it.each([1, 2, 5])('copes with a catalog of %i product(s)', (products) => {
    expect(build(18, { products }).summary.products).toBe(products);
  });

  it('dates everything before asOf, with many records sharing one write_date second', () => {
    const limit = '2025-06-02 00:00:00';
    for (const model of ['product.product', 'stock.quant', 'stock.move', 'purchase.order']) {
      expect(records(db, model).every((r) => (r.write_date as string) < limit)).toBe(true);
    }
    const stamps = new Map<unknown, number>();
    for (const p of records(db, 'product.product')) stamps.set(p.write_date, (stamps.get(p.write_date) ?? 0) + 1);
    expect(Math.max(...stamps.values())).toBeGreaterThan(100);
  });
});
