import { randomUUID } from 'node:crypto';
import type { StockSnapshot } from '../../../canonical/contracts';
import { pagesById } from '../../client/paging';
import type { MappingContext, WarehouseInfo } from '../context';
import type { OdooMapper } from '../mapper';
import { convert } from '../uom';
import { many2oneId, number } from '../values';

interface Totals {
  onHand: number;
  reserved: number;
  inTransit: number;
}

/** Open quantity of confirmed purchase lines per product, for one warehouse, in the stock unit. */
async function inTransitOf(context: MappingContext, warehouse: WarehouseInfo, pageSize: number, totals: Map<number, Totals>): Promise<void> {
  const [uoms, products, typeWarehouse] = [await context.uoms(), await context.products(), await context.warehouseOfPickingType()];
  const pickingTypes = [...typeWarehouse.entries()].filter(([, w]) => w.id === warehouse.id).map(([id]) => id);
  if (!pickingTypes.length) return;
  const uomField = context.profile.orderLineUom;
  const domain = [
    ['order_id.state', 'in', context.profile.confirmedPurchaseStates],
    ['order_id.picking_type_id', 'in', pickingTypes],
  ];
  for await (const page of pagesById(context.client, {
    model: 'purchase.order.line',
    domain,
    fields: ['product_id', 'product_qty', 'qty_received', uomField],
    pageSize,
  })) {
    for (const line of page.records) {
      const productId = many2oneId(line.product_id);
      const product = productId !== null ? products.get(productId) : undefined;
      if (!product) continue;
      const open = convert(number(line.product_qty) - number(line.qty_received), uoms.get(many2oneId(line[uomField]) ?? -1), uoms.get(product.uomId ?? -1));
      if (open <= 0) continue;
      const entry = totals.get(productId as number) ?? { onHand: 0, reserved: 0, inTransit: 0 };
      entry.inTransit += open;
      totals.set(productId as number, entry);
    }
  }
}

/**
 * stock.quant summed per product and warehouse (all internal locations below it), with reserved,
 * plus what confirmed purchase orders still bring. One warehouse at a time, so memory holds one
 * warehouse's products, never the whole stock table.
 */
export const stockSnapshotMapper: OdooMapper = {
  contract: 'stock_snapshot@1',
  model: 'stock.quant',
  fields: () => ['product_id', 'location_id', 'quantity', 'reserved_quantity'],
  domain: () => [['location_id.usage', '=', 'internal']],
  async *extract(context, pageSize, extraDomain) {
    const [uoms, products] = [await context.uoms(), await context.products()];
    const snapshotId = randomUUID();
    const asOf = new Date().toISOString();
    for (const warehouse of await context.warehouses()) {
      if (!warehouse.viewLocationId) continue;
      const totals = new Map<number, Totals>();
      const domain = [...extraDomain, ['location_id', 'child_of', warehouse.viewLocationId], ['location_id.usage', '=', 'internal']];
      for await (const page of pagesById(context.client, { model: 'stock.quant', domain, fields: ['product_id', 'quantity', 'reserved_quantity'], pageSize })) {
        for (const quant of page.records) {
          const productId = many2oneId(quant.product_id);
          if (productId === null) continue;
          const entry = totals.get(productId) ?? { onHand: 0, reserved: 0, inTransit: 0 };
          entry.onHand += number(quant.quantity);
          entry.reserved += number(quant.reserved_quantity);
          totals.set(productId, entry);
        }
      }
      await inTransitOf(context, warehouse, pageSize, totals);
      let rows: StockSnapshot[] = [];
      for (const [productId, t] of totals) {
        const product = products.get(productId);
        if (!product) continue;
        rows.push({
          snapshot_id: snapshotId,
          as_of: asOf,
          sku: product.sku,
          location: warehouse.code,
          uom: uoms.get(product.uomId ?? -1)?.code ?? 'EA',
          on_hand: t.onHand,
          reserved: t.reserved,
          available: t.onHand - t.reserved,
          in_transit: t.inTransit,
          lot: null,
          full: true,
          company: context.companyCode(warehouse.companyId),
          source: { system: 'odoo', record_id: null },
        });
        if (rows.length === pageSize) {
          yield rows;
          rows = [];
        }
      }
      if (rows.length) yield rows;
    }
  },
};
