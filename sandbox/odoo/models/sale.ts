import { boolean, char, companyId, computed, datetime, defineModel, float, integer, many2many, many2one, one2many, related, selection } from '../orm/fields';
import type { Env, ModelDef } from '../orm/types';
import { userError } from '../errors';
import type { VersionProfile } from '../versions';
import { lineTotal, prepareSaleLine } from './order-lines';

const STATE_LABELS: Record<string, string> = { draft: 'Quotation', sent: 'Quotation Sent', sale: 'Sales Order', done: 'Locked', cancel: 'Cancelled' };

function defaultWarehouse(env: Env): number | false {
  const found = env.db.store('stock.warehouse').records.find((w) => w.company_id === env.companyId && w.active !== false);
  return found?.id ?? false;
}

export function saleModels(profile: VersionProfile): ModelDef[] {
  const uomField = profile.orderLineUomField;
  const states = profile.saleStates.map((s) => [s, STATE_LABELS[s]] as const);
  return [
    defineModel({
      name: 'sale.order',
      description: 'Sales Order',
      fields: {
        name: char('Order Reference', { required: true, default: 'New' }),
        partner_id: many2one('res.partner', 'Customer', { required: true, index: true }),
        client_order_ref: char('Customer Reference'),
        origin: char('Source Document'),
        date_order: datetime('Order Date', { required: true, default: (env: Env) => env.tx.now }),
        commitment_date: datetime('Delivery Date'),
        state: selection(states, 'Status', { default: 'draft' }),
        locked: profile.saleLocked && boolean('Locked'),
        order_line: one2many('sale.order.line', 'order_id', 'Order Lines'),
        warehouse_id: many2one('stock.warehouse', 'Warehouse', { required: true, default: defaultWarehouse }),
        company_id: companyId({ required: true }),
        user_id: many2one('res.users', 'Salesperson', { default: (env: Env) => env.uid }),
        note: char('Terms and conditions'),
        amount_total: computed(float('Total'), (rec, env) => lineTotal(env, 'sale.order.line', rec.id, 'product_uom_qty')),
        picking_ids: computed(many2many('stock.picking', 'Transfers'), (rec, env) => env.db.store('stock.picking').index('sale_id').get(rec.id)?.slice() ?? []),
      },
      hooks: {
        prepareCreate: (vals, env) => {
          if (!vals.name || vals.name === 'New') vals.name = `S${String(env.db.nextSequence('sale.order')).padStart(5, '0')}`;
        },
        checkUnlink: (recs) => {
          if (recs.some((r) => r.state !== 'draft' && r.state !== 'cancel')) {
            throw userError('You can not delete a sent quotation or a confirmed sales order. You must first cancel it.');
          }
        },
      },
    }),
    defineModel({
      name: 'sale.order.line',
      description: 'Sales Order Line',
      fields: {
        order_id: many2one('sale.order', 'Order Reference', { required: true, ondelete: 'cascade', index: true }),
        name: char('Description', { required: true }),
        sequence: integer('Sequence', { default: 10 }),
        product_id: many2one('product.product', 'Product', { index: true }),
        product_uom_qty: float('Quantity', { required: true, default: 1 }),
        [uomField]: many2one('uom.uom', 'Unit'),
        price_unit: float('Unit Price', { required: true, aggregator: undefined }),
        price_subtotal: computed(float('Subtotal'), (rec) => Math.round((rec.product_uom_qty as number) * (rec.price_unit as number) * 100) / 100),
        qty_delivered: float('Delivery Quantity'),
        qty_invoiced: float('Invoiced Quantity'),
        move_ids: one2many('stock.move', 'sale_line_id', 'Stock Moves'),
        order_partner_id: related('order_id.partner_id', many2one('res.partner', 'Customer')),
        state: related('order_id.state', selection(states, 'Order Status')),
        company_id: companyId(),
      },
      hooks: { prepareCreate: (vals, env) => prepareSaleLine(env, vals, uomField) },
    }),
  ];
}
