import type { Rng } from '../prng';
import type { BaseData } from './base';
import { customerName, ean13, FAMILIES, productName, supplierName } from './names';
import type { DatasetWriter } from './writer';

export const DemandClass = { smooth: 0, erratic: 1, intermittent: 2, lumpy: 3 } as const;

/** Per-product facts the later generators need, in typed arrays (100,000 products stay cheap). Index 0..n-1. */
export interface Catalog {
  count: number;
  productIds: Int32Array;
  templateIds: Int32Array;
  /** Stock-tracked and active: these get quants, history and reordering rules. */
  storable: Uint8Array;
  uomIds: Int32Array;
  /** Quantities are fractional (kg, L, m). */
  fractional: Uint8Array;
  cost: Float64Array;
  meanWeekly: Float64Array;
  demandClass: Uint8Array;
  seasonAmplitude: Float32Array;
  seasonPeakWeek: Float32Array;
  primarySupplier: Int32Array;
  primaryDelay: Int32Array;
  packSize: Float64Array;
  /** Bit i set = stocked in warehouse i. */
  stockedIn: Uint8Array;
  supplierIds: number[];
  customerIds: number[];
  supplierinfoCount: number;
}

export interface CatalogOptions {
  products: number;
  asOf: number;
  installedAt: number;
}

const UOM_MIX: Array<[keyof BaseData['uom'], number]> = [
  ['unit', 0.75],
  ['dozen', 0.08],
  ['kg', 0.07],
  ['litre', 0.06],
  ['meter', 0.04],
];
const MOQS = [0, 1, 1, 5, 10, 12, 24, 50, 100];
const PACKS = [1, 1, 1, 1, 6, 10, 12, 24, 50];

function weighted<T>(rng: Rng, items: Array<[T, number]>): T {
  let r = rng.next();
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));
const money = (x: number): number => Math.round(x * 100) / 100;

/** Suppliers, customers, products (template + variant) and vendor price lines. */
export function generateCatalog(w: DatasetWriter, rng: Rng, base: BaseData, options: CatalogOptions): Catalog {
  const n = options.products;
  const profile = w.db.profile;
  const t0 = options.installedAt;
  const recentWrite = (r: Rng): number => options.asOf - r.int(1, 90 * 1440) * 60;

  const supplierRng = rng.fork('suppliers');
  const supplierCount = clamp(Math.round(n / 40), 20, 200);
  const suppliers: Array<{ id: number; ref: string; baseDelay: number; currency: number; families: number[] }> = [];
  for (let s = 1; s <= supplierCount; s++) {
    const ref = `SUP-${String(s).padStart(4, '0')}`;
    const name = supplierName(supplierRng, s);
    const id = w.insert(
      'res.partner',
      {
        name,
        ref,
        is_company: true,
        supplier_rank: 1,
        email: `orders@${ref.toLowerCase()}.example`,
        city: 'Brussels',
        lang: 'en_US',
        type: 'contact',
        active: true,
      },
      t0 + s,
    ).id;
    const families = [supplierRng.int(0, FAMILIES.length - 1), supplierRng.int(0, FAMILIES.length - 1)];
    suppliers.push({ id, ref, baseDelay: supplierRng.int(2, 28), currency: supplierRng.chance(0.1) ? base.currency.USD : base.currency.EUR, families });
  }
  const byFamily = FAMILIES.map((_, f) => suppliers.filter((s) => s.families.includes(f)));

  const customerRng = rng.fork('customers');
  const customerIds: number[] = [];
  const customerCount = clamp(Math.round(n / 20), 30, 1000);
  for (let c = 1; c <= customerCount; c++) {
    const { name, city } = customerName(customerRng, c);
    customerIds.push(
      w.insert(
        'res.partner',
        {
          name,
          ref: `CUS-${String(c).padStart(5, '0')}`,
          is_company: true,
          customer_rank: 1,
          city,
          lang: 'en_US',
          type: 'contact',
          active: true,
        },
        t0 + c,
      ).id,
    );
  }

  const cat: Catalog = {
    count: n,
    productIds: new Int32Array(n),
    templateIds: new Int32Array(n),
    storable: new Uint8Array(n),
    uomIds: new Int32Array(n),
    fractional: new Uint8Array(n),
    cost: new Float64Array(n),
    meanWeekly: new Float64Array(n),
    demandClass: new Uint8Array(n),
    seasonAmplitude: new Float32Array(n),
    seasonPeakWeek: new Float32Array(n),
    primarySupplier: new Int32Array(n),
    primaryDelay: new Int32Array(n),
    packSize: new Float64Array(n),
    stockedIn: new Uint8Array(n),
    supplierIds: suppliers.map((s) => s.id),
    customerIds,
    supplierinfoCount: 0,
  };
  const warehouses = base.warehouses.length;
  const productRng = rng.fork('products');
  for (let i = 0; i < n; i++) {
    const r = productRng;
    const familyIndex = r.int(0, FAMILIES.length - 1);
    const family = FAMILIES[familyIndex];
    const categ = r.pick(base.families[familyIndex].categoryIds);
    const uomKey = weighted(r, UOM_MIX);
    const uom = base.uom[uomKey];
    const kind = weighted(r, [
      ['storable', 0.92],
      ['consu', 0.05],
      ['service', 0.03],
    ] as Array<[string, number]>);
    const active = r.chance(0.99);
    const cost = money(clamp(Math.exp(r.normal(Math.log(8), 1.1)), 0.2, 900));
    const code = `${family.code}-${String(i + 1).padStart(6, '0')}`;
    const created = t0 + 3600 + Math.floor(i / 500);
    const written = r.chance(0.15) ? recentWrite(r) : created;
    const typeVals: Record<string, unknown> = profile.product.isStorable
      ? { type: kind === 'service' ? 'service' : 'consu', is_storable: kind === 'storable' }
      : { type: kind === 'storable' ? 'product' : kind, detailed_type: kind === 'storable' ? 'product' : kind };
    const tmpl = w.insert(
      'product.template',
      {
        name: productName(r, family),
        ...typeVals,
        categ_id: categ,
        uom_id: uom,
        uom_po_id: uomKey === 'unit' && r.chance(0.1) ? base.uom.dozen : uom,
        list_price: money(cost * (1.3 + r.next() * 0.9)),
        standard_price: cost,
        sale_ok: true,
        purchase_ok: kind !== 'service',
        weight: money(r.next() * 5),
        volume: 0,
        active,
      },
      created,
      written,
    );
    const variant = w.insert(
      'product.product',
      {
        product_tmpl_id: tmpl.id,
        default_code: code,
        barcode: r.chance(0.95) ? ean13(i + 1) : false,
        active,
      },
      created,
      written,
    );
    cat.productIds[i] = variant.id;
    cat.templateIds[i] = tmpl.id;
    cat.uomIds[i] = uom;
    cat.fractional[i] = uomKey === 'kg' || uomKey === 'litre' || uomKey === 'meter' ? 1 : 0;
    cat.cost[i] = cost;
    cat.storable[i] = kind === 'storable' && active ? 1 : 0;

    const dc = weighted(r, [
      [DemandClass.smooth, 0.5],
      [DemandClass.erratic, 0.2],
      [DemandClass.intermittent, 0.2],
      [DemandClass.lumpy, 0.1],
    ] as Array<[number, number]>);
    const medianWeekly = [12, 8, 1.5, 2.5][dc];
    cat.demandClass[i] = dc;
    cat.meanWeekly[i] = clamp(Math.exp(r.normal(Math.log(medianWeekly), 0.9)), 0.05, 2000);
    cat.seasonAmplitude[i] = r.next() < 0.6 ? r.next() * 0.45 : 0;
    cat.seasonPeakWeek[i] = r.next() * 52;
    let mask = 0;
    for (let wh = 0; wh < warehouses; wh++) if (r.chance(0.75)) mask |= 1 << wh;
    cat.stockedIn[i] = mask || 1 << r.int(0, warehouses - 1);

    if (kind === 'service') continue;
    const pool = byFamily[familyIndex].length ? byFamily[familyIndex] : suppliers;
    const primary = r.pick(pool);
    const lines = r.chance(0.2) ? [primary, r.pick(suppliers)] : [primary];
    lines.forEach((sup, seq) => {
      // ~3% of vendor lines carry no lead time (0 days) for data-quality tests.
      const delay = r.chance(0.03) ? 0 : Math.max(1, Math.round(sup.baseDelay * (0.7 + r.next() * 0.7)));
      const pack = cat.fractional[i] ? r.pick([1, 5, 25]) : r.pick(PACKS);
      const expired = seq === 1 && r.chance(0.1);
      // Drawn on every version so the same seed gives the same catalog on 16 and 19.
      const discount = r.chance(0.05) ? r.int(2, 10) : 0;
      w.insert(
        'product.supplierinfo',
        {
          partner_id: sup.id,
          product_tmpl_id: tmpl.id,
          product_id: false,
          sequence: seq + 1,
          min_qty: r.pick(MOQS),
          price: money(cost * (0.92 + r.next() * 0.16) * (sup.currency === base.currency.USD ? 1.08 : 1)),
          currency_id: sup.currency,
          company_id: false,
          delay,
          product_code: `${sup.ref}-${i + 1}`,
          product_name: r.chance(0.3) ? `${family.name} item ${i + 1}` : false,
          date_start: false,
          date_end: expired ? w.date(options.asOf - r.int(30, 300) * 86400) : false,
          x_pack_size: pack,
          discount,
          product_uom_id: uom,
        },
        created,
        written,
      );
      cat.supplierinfoCount++;
      if (seq === 0) {
        cat.primarySupplier[i] = sup.id;
        cat.primaryDelay[i] = delay || sup.baseDelay;
        cat.packSize[i] = pack;
      }
    });
  }
  return cat;
}
