import type { DemandHistory } from '../../../canonical/contracts';
import type { OdooMapper } from '../mapper';
import { convert } from '../uom';
import { many2one, many2oneId, number, utc } from '../values';

/** Done moves from an internal location to a customer: what was delivered, in the stock unit. */
export const demandHistoryMapper: OdooMapper = {
  contract: 'demand_history@1',
  model: 'stock.move',
  fields: (context) => [
    'product_id',
    'product_uom',
    context.profile.moveDoneQty,
    'product_uom_qty',
    'date',
    'location_id',
    'picking_id',
    'origin',
    'company_id',
  ],
  domain: () => [
    ['state', '=', 'done'],
    ['location_id.usage', '=', 'internal'],
    ['location_dest_id.usage', '=', 'customer'],
  ],
  async mapPage(records, context) {
    const [uoms, products, locationWarehouse] = [await context.uoms(), await context.products(), await context.warehouseOfLocation()];
    const out: DemandHistory[] = [];
    for (const move of records) {
      const product = products.get(many2oneId(move.product_id) ?? -1);
      const warehouse = locationWarehouse.get(many2oneId(move.location_id) ?? -1);
      const when = utc(move.date);
      if (!product || !warehouse || !when) continue;
      const done = number(move[context.profile.moveDoneQty]) || number(move.product_uom_qty);
      out.push({
        txn_id: many2one(move.picking_id)?.name || (typeof move.origin === 'string' && move.origin) || `MOVE-${move.id}`,
        line_id: String(move.id),
        type: 'sale',
        status: 'done',
        sku: product.sku,
        location: warehouse.code,
        date: when,
        quantity: convert(done, uoms.get(many2oneId(move.product_uom) ?? -1), uoms.get(product.uomId ?? -1)),
        uom: uoms.get(product.uomId ?? -1)?.code ?? 'EA',
        customer: null,
        net_price: null,
        currency: null,
        company: context.companyCode(move.company_id),
        source: { system: 'odoo', record_id: String(move.id) },
      });
    }
    return out;
  },
};
