import { char, companyId, computed, datetime, defineModel, float, integer, many2many, many2one, one2many, related, selection, boolean } from '../orm/fields';
import type { Env, ModelDef, Rec } from '../orm/types';
import { userError } from '../errors';
import type { VersionProfile } from '../versions';
import { companyCurrency } from './product';
import { lineTotal, preparePurchaseLine } from './order-lines';

const STATE_LABELS: Record<string, string> = {
  draft: 'RFQ',
  sent: 'RFQ Sent',
  'to approve': 'To Approve',
  purchase: 'Purchase Order',
  done: 'Locked',
  cancel: 'Cancelled',
};

function defaultIncomingType(env: Env): number | false {
  const types = env.db.store('stock.picking.type');
  const found = types.records.find((t) => t.code === 'incoming' && t.company_id === env.companyId && t.active !== false);
  return found?.id ?? false;
}

function receiptStatus(rec: Rec, env: Env): string | false {
  const pickings = pickingIds(env, rec.id).map((id) => env.db.store('stock.picking').get(id) as Rec);
  if (pickings.length === 0 || pickings.every((p) => p.state === 'cancel')) return false;
  if (pickings.every((p) => p.state === 'done' || p.state === 'cancel')) return 'full';
  return pickings.some((p) => p.state === 'done') ? 'partial' : 'pending';
}

function pickingIds(env: Env, orderId: number): number[] {
  return env.db.store('stock.picking').index('purchase_id').get(orderId)?.slice() ?? [];
}

export function purchaseModels(profile: VersionProfile): ModelDef[] {
  const uomField = profile.orderLineUomField;
  return [
    defineModel({
      name: 'purchase.order',
      description: 'Purchase Order',
      fields: {
        name: char('Order Reference', { required: true, default: 'New' }),
        priority: selection(
          [
            ['0', 'Normal'],
            ['1', 'Urgent'],
          ],
          'Priority',
          { default: '0' },
        ),
        partner_id: many2one('res.partner', 'Vendor', { required: true, index: true }),
        partner_ref: char('Vendor Reference'),
        origin: char('Source Document'),
        date_order: datetime('Order Deadline', { required: true, default: (env: Env) => env.tx.now }),
        date_approve: datetime('Confirmation Date'),
        date_planned: datetime('Expected Arrival'),
        state: selection(
          profile.purchaseStates.map((s) => [s, STATE_LABELS[s]] as const),
          'Status',
          { default: 'draft' },
        ),
        locked: profile.purchaseLocked && boolean('Locked'),
        acknowledged: profile.purchaseLocked && boolean('Acknowledged'),
        order_line: one2many('purchase.order.line', 'order_id', 'Order Lines'),
        [profile.purchaseNoteField]: char('Terms and Conditions'),
        currency_id: many2one('res.currency', 'Currency', { required: true, default: (env: Env) => companyCurrency(env) }),
        company_id: companyId({ required: true }),
        picking_type_id: many2one('stock.picking.type', 'Deliver To', { required: true, default: defaultIncomingType }),
        user_id: many2one('res.users', 'Buyer', { default: (env: Env) => env.uid }),
        amount_untaxed: computed(float('Untaxed Amount'), (rec, env) => lineTotal(env, 'purchase.order.line', rec.id, 'product_qty')),
        amount_total: computed(float('Total'), (rec, env) => lineTotal(env, 'purchase.order.line', rec.id, 'product_qty')),
        receipt_status: computed(
          selection(
            [
              ['pending', 'Not Received'],
              ['partial', 'Partially Received'],
              ['full', 'Fully Received'],
            ],
            'Receipt Status',
          ),
          receiptStatus,
        ),
        picking_ids: computed(many2many('stock.picking', 'Receptions'), (rec, env) => pickingIds(env, rec.id)),
      },
      hooks: {
        prepareCreate: (vals, env) => {
          if (!vals.name || vals.name === 'New') vals.name = `P${String(env.db.nextSequence('purchase.order')).padStart(5, '0')}`;
        },
        checkUnlink: (recs) => {
          if (recs.some((r) => r.state !== 'draft' && r.state !== 'cancel')) throw userError('In order to delete a purchase order, you must cancel it first.');
        },
      },
    }),
    defineModel({
      name: 'purchase.order.line',
      description: 'Purchase Order Line',
      fields: {
        order_id: many2one('purchase.order', 'Order Reference', { required: true, ondelete: 'cascade', index: true }),
        name: char('Description', { required: true }),
        sequence: integer('Sequence', { default: 10 }),
        product_id: many2one('product.product', 'Product', { index: true }),
        product_qty: float('Quantity', { required: true, default: 1 }),
        product_uom_qty: computed(float('Total Quantity'), (rec) => rec.product_qty),
        [uomField]: many2one('uom.uom', 'Unit'),
        price_unit: float('Unit Price', { required: true, aggregator: undefined }),
        discount: profile.supplierinfo.discount && float('Discount (%)', { aggregator: undefined }),
        price_subtotal: computed(float('Subtotal'), (rec) => Math.round((rec.product_qty as number) * (rec.price_unit as number) * 100) / 100),
        date_planned: datetime('Expected Arrival'),
        qty_received: float('Received Qty'),
        qty_invoiced: float('Billed Qty'),
        move_ids: one2many('stock.move', 'purchase_line_id', 'Reservation'),
        partner_id: related('order_id.partner_id', many2one('res.partner', 'Partner')),
        date_order: related('order_id.date_order', datetime('Order Date')),
        // Section and note lines (no product) sit among the order lines, as in Odoo.
        display_type: selection(
          [
            ['line_section', 'Section'],
            ['line_note', 'Note'],
          ],
          'Display Type',
        ),
        state: related(
          'order_id.state',
          selection(
            profile.purchaseStates.map((s) => [s, STATE_LABELS[s]] as const),
            'Status',
          ),
        ),
        company_id: companyId(),
      },
      hooks: {
        prepareCreate: (vals, env) => preparePurchaseLine(env, vals, uomField),
        checkUnlink: (recs, env) => {
          const orders = env.db.store('purchase.order');
          const locked = recs.find((r) => ['purchase', 'done'].includes(orders.get(r.order_id as number)?.state as string));
          if (locked) throw userError(`Cannot delete a purchase order line which is in state '${orders.get(locked.order_id as number)?.state as string}'.`);
        },
      },
    }),
  ];
}
