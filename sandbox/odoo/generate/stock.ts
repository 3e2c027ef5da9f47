import type { Rng } from '../prng';
import type { BaseData } from './base';
import type { Catalog } from './catalog';
import type { DatasetWriter } from './writer';

export interface StockOptions {
  asOf: number;
}

export interface StockCounts {
  quants: number;
  orderpoints: number;
}

function quantity(cat: Catalog, i: number, weeks: number): number {
  const raw = cat.meanWeekly[i] * weeks;
  return cat.fractional[i] ? Math.round(raw * 10) / 10 : Math.round(raw);
}

/**
 * Quants per product and location: the main stock location of each warehouse that carries the product, plus shelf
 * sub-locations with a probability tuned to about five quants per product. ~1% are negative, ~15% partly reserved.
 * Reordering rules on ~30% of (product, warehouse) pairs.
 */
export function generateStock(w: DatasetWriter, rng: Rng, base: BaseData, cat: Catalog, options: StockOptions): StockCounts {
  const counts: StockCounts = { quants: 0, orderpoints: 0 };
  const stockedShare = 0.75 * base.warehouses.length;
  // About five quants per stock-tracked product (5.5 per storable, as ~9% of the catalog is not stock-tracked).
  const shelfChance = Math.max(0, Math.min(1, (5.5 / stockedShare - 1) / 2));
  const profile = w.db.profile;
  const r = rng.fork('quants');
  const opRng = rng.fork('orderpoints');
  for (let i = 0; i < cat.count; i++) {
    if (!cat.storable[i]) continue;
    const productId = cat.productIds[i];
    base.warehouses.forEach((wh, whIndex) => {
      if (!(cat.stockedIn[i] & (1 << whIndex))) return;
      const locations = [wh.stockLocationId, ...wh.shelfLocationIds.filter(() => r.chance(shelfChance))];
      for (const location of locations) {
        let qty = quantity(cat, i, 1 + r.next() * 7);
        if (r.chance(0.01)) qty = -Math.max(1, quantity(cat, i, r.next()));
        const reserved = qty > 0 && r.chance(0.15) ? (cat.fractional[i] ? Math.round(qty * r.next() * 10) / 10 : Math.floor(qty * r.next())) : 0;
        const moved = options.asOf - r.int(1, 60 * 24) * 3600;
        w.insert(
          'stock.quant',
          {
            product_id: productId,
            location_id: location,
            lot_id: false,
            quantity: qty,
            reserved_quantity: reserved,
            inventory_quantity: 0,
            in_date: w.datetime(moved - 86400 * r.int(0, 300)),
            company_id: wh.companyId,
          },
          moved - 86400 * 400,
          moved,
        );
        counts.quants++;
      }
      if (!opRng.chance(0.3)) return;
      const leadWeeks = Math.max(1, cat.primaryDelay[i] / 7);
      const min = quantity(cat, i, leadWeeks + 1);
      const vals: Record<string, unknown> = {
        name: `OP/${String(++counts.orderpoints).padStart(5, '0')}`,
        product_id: productId,
        location_id: wh.stockLocationId,
        warehouse_id: wh.id,
        product_min_qty: min,
        product_max_qty: min + quantity(cat, i, 4),
        trigger: opRng.chance(0.8) ? 'auto' : 'manual',
        company_id: wh.companyId,
        active: true,
      };
      if (profile.orderpoint.qtyMultiple) vals.qty_multiple = cat.packSize[i] || 1;
      const created = options.asOf - opRng.int(30, 700) * 86400;
      w.insert('stock.warehouse.orderpoint', vals, created, opRng.chance(0.2) ? options.asOf - opRng.int(1, 30) * 86400 : created);
    });
  }
  w.db.setSequence('stock.orderpoint', counts.orderpoints);
  return counts;
}
