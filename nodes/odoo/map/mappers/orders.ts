import type { OpenPurchaseOrder, OpenSalesOrder } from '../../../canonical/contracts';
import type { OdooRecord } from '../../client/types';
import type { MappingContext } from '../context';
import type { OdooMapper } from '../mapper';
import { convert } from '../uom';
import { date, many2one, many2oneId, number, text } from '../values';

async function ordersOf(context: MappingContext, model: string, lines: OdooRecord[], fields: string[]): Promise<Map<number, OdooRecord>> {
  const ids = [...new Set(lines.map((l) => many2oneId(l.order_id)).filter((id): id is number => id !== null))];
  const orders = ids.length ? await context.client.read(model, ids, fields) : [];
  return new Map(orders.map((o) => [o.id, o]));
}

/** Purchase lines of confirmed orders not fully received; the open part is stock in transit. */
export const openPurchaseOrderMapper: OdooMapper = {
  contract: 'open_purchase_order@1',
  model: 'purchase.order.line',
  fields: (context) => ['order_id', 'product_id', 'product_qty', 'qty_received', 'date_planned', context.profile.orderLineUom],
  domain: (context) => [['order_id.state', 'in', context.profile.confirmedPurchaseStates]],
  async mapPage(records, context) {
    const [uoms, products, typeWarehouse] = [await context.uoms(), await context.products(), await context.warehouseOfPickingType()];
    const orders = await ordersOf(context, 'purchase.order', records, ['name', 'partner_id', 'date_order', 'picking_type_id', 'state', 'company_id']);
    const partners = await context.partnerCodes([...orders.values()].map((o) => many2oneId(o.partner_id)).filter((id): id is number => id !== null));
    const out: OpenPurchaseOrder[] = [];
    for (const line of records) {
      const order = orders.get(many2oneId(line.order_id) ?? -1);
      const product = products.get(many2oneId(line.product_id) ?? -1);
      if (!order || !product) continue;
      const stockUom = uoms.get(product.uomId ?? -1);
      const lineUom = uoms.get(many2oneId(line[context.profile.orderLineUom]) ?? -1);
      const ordered = convert(number(line.product_qty), lineUom, stockUom);
      const received = convert(number(line.qty_received), lineUom, stockUom);
      if (received >= ordered) continue;
      const partnerId = many2oneId(order.partner_id);
      out.push({
        po_id: String(order.name),
        line_id: String(line.id),
        supplier: partnerId !== null ? (partners.get(partnerId)?.ref ?? `P${partnerId}`) : 'unknown',
        sku: product.sku,
        location: typeWarehouse.get(many2oneId(order.picking_type_id) ?? -1)?.code ?? 'unknown',
        ordered_qty: ordered,
        received_qty: received,
        in_transit_qty: ordered - received,
        uom: stockUom?.code ?? 'EA',
        order_date: date(order.date_order),
        expected_date: date(line.date_planned) ?? date(order.date_order) ?? new Date().toISOString().slice(0, 10),
        status: received > 0 ? 'partially_received' : 'confirmed',
        company: context.companyCode(order.company_id),
        source: { system: 'odoo', record_id: String(line.id) },
      });
    }
    return out;
  },
};

/** Sale lines of confirmed orders not fully delivered. */
export const openSalesOrderMapper: OdooMapper = {
  contract: 'open_sales_order@1',
  model: 'sale.order.line',
  fields: (context) => ['order_id', 'product_id', 'product_uom_qty', 'qty_delivered', context.profile.orderLineUom],
  domain: (context) => [['order_id.state', 'in', context.profile.confirmedSaleStates]],
  async mapPage(records, context) {
    const [uoms, products, warehouses] = [await context.uoms(), await context.products(), await context.warehouses()];
    const byId = new Map(warehouses.map((w) => [w.id, w]));
    const orders = await ordersOf(context, 'sale.order', records, ['name', 'partner_id', 'date_order', 'commitment_date', 'warehouse_id', 'company_id']);
    const out: OpenSalesOrder[] = [];
    for (const line of records) {
      const order = orders.get(many2oneId(line.order_id) ?? -1);
      const product = products.get(many2oneId(line.product_id) ?? -1);
      if (!order || !product) continue;
      const stockUom = uoms.get(product.uomId ?? -1);
      const lineUom = uoms.get(many2oneId(line[context.profile.orderLineUom]) ?? -1);
      const ordered = convert(number(line.product_uom_qty), lineUom, stockUom);
      const delivered = convert(number(line.qty_delivered), lineUom, stockUom);
      if (delivered >= ordered) continue;
      out.push({
        order_id: String(order.name),
        line_id: String(line.id),
        sku: product.sku,
        location: byId.get(many2oneId(order.warehouse_id) ?? -1)?.code ?? 'unknown',
        customer: text(many2one(order.partner_id)?.name),
        ordered_qty: ordered,
        delivered_qty: delivered,
        open_qty: ordered - delivered,
        uom: stockUom?.code ?? 'EA',
        order_date: date(order.date_order),
        required_date: date(order.commitment_date) ?? date(order.date_order) ?? new Date().toISOString().slice(0, 10),
        company: context.companyCode(order.company_id),
        source: { system: 'odoo', record_id: String(line.id) },
      });
    }
    return out;
  },
};
