import type { Database } from './orm/database';
import { createRng } from './prng';
import { generateBase, type WarehouseData } from './generate/base';
import { generateCatalog } from './generate/catalog';
import { generateHistory } from './generate/history';
import { generateOrders } from './generate/orders';
import { generateStock } from './generate/stock';
import { DatasetWriter } from './generate/writer';

export interface DatasetOptions {
  seed: number;
  products: number;
  /** 3-5; default derived from the seed. */
  warehouses?: number;
  historyDays: number;
  /** Reference date; all generated dates lie before it. */
  asOf: Date;
  adminLogin: string;
}

/** What was generated, with the ids tests and benchmarks need to aim their calls. */
export interface DatasetSummary {
  seed: number;
  asOf: string;
  companyIds: number[];
  users: { root: number; admin: number; integration: number };
  uom: { unit: number; dozen: number; kg: number; g: number; litre: number; meter: number };
  locations: { suppliers: number; customers: number; inventory: number };
  warehouses: WarehouseData[];
  products: number;
  storableProducts: number;
  suppliers: number;
  customers: number;
  supplierinfos: number;
  quants: number;
  orderpoints: number;
  deliveries: number;
  deliveryMoves: number;
  receipts: number;
  receiptMoves: number;
  purchaseOrders: number;
  purchaseLines: number;
  saleOrders: number;
  saleLines: number;
}

/**
 * A deterministic distributor: same seed and options, same records and ids. Every area draws from its own
 * seeded stream, so e.g. changing the product count does not reshuffle the suppliers.
 */
export function generateDataset(db: Database, options: DatasetOptions): DatasetSummary {
  const rng = createRng(options.seed);
  const asOf = Math.floor(options.asOf.getTime() / 1000);
  const installedAt = asOf - (options.historyDays + 60) * 86400;
  const warehouses = options.warehouses ?? 3 + rng.fork('warehouses').int(0, 2);
  if (warehouses < 1 || warehouses > 5) throw new Error('Odoo sandbox: warehouses must be between 1 and 5');
  const w = new DatasetWriter(db, 1);
  const base = generateBase(w, { adminLogin: options.adminLogin, warehouses, installedAt });
  const cat = generateCatalog(w, rng.fork('catalog'), base, { products: options.products, asOf, installedAt });
  const stock = generateStock(w, rng.fork('stock'), base, cat, { asOf });
  const history = generateHistory(w, rng.fork('history'), base, cat, { asOf, historyDays: options.historyDays });
  const orders = generateOrders(w, rng.fork('orders'), base, cat, { asOf });
  let storable = 0;
  for (let i = 0; i < cat.count; i++) storable += cat.storable[i];
  return {
    seed: options.seed,
    asOf: w.datetime(asOf),
    companyIds: base.companyIds,
    users: base.users,
    uom: base.uom,
    locations: base.locations,
    warehouses: base.warehouses,
    products: cat.count,
    storableProducts: storable,
    suppliers: cat.supplierIds.length,
    customers: cat.customerIds.length,
    supplierinfos: cat.supplierinfoCount,
    ...stock,
    ...history,
    ...orders,
  };
}
