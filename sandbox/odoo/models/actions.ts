import { checkAccess } from '../access';
import { userError } from '../errors';
import { childIds } from '../orm/names';
import type { Env, Rec } from '../orm/types';
import { applyUpdate, createRecords, writeRecords } from '../orm/write';

/** Business methods callable over RPC. They run their side effects as superuser, like Odoo's sudo() calls. */
function sudo(env: Env): Env {
  return { ...env, su: true };
}

function locationByUsage(env: Env, usage: string): number | false {
  return env.db.store('stock.location').records.find((l) => l.usage === usage && l.active !== false)?.id ?? false;
}

function lines(env: Env, model: string, orderId: number): Rec[] {
  return childIds(env, model, 'order_id', orderId).map((id) => env.db.store(model).get(id) as Rec);
}

/** purchase.order.button_confirm: draft/sent -> purchase, and an incoming picking with one move per line. */
export function purchaseButtonConfirm(env: Env, orders: Rec[]): boolean {
  checkAccess(env.groups, env.db.model('purchase.order'), 'write');
  const profile = env.db.profile;
  const su = sudo(env);
  for (const order of orders) {
    if (order.state !== 'draft' && order.state !== 'sent') continue;
    writeRecords(su, env.db.model('purchase.order'), [order], { state: 'purchase', date_approve: env.tx.now });
    const type = env.db.store('stock.picking.type').get(order.picking_type_id as number);
    const orderLines = lines(env, 'purchase.order.line', order.id).filter((l) => typeof l.product_id === 'number');
    if (!type || orderLines.length === 0) continue;
    const scheduled =
      orderLines
        .map((l) => l.date_planned as string)
        .filter(Boolean)
        .sort()[0] ?? env.tx.now;
    const [picking] = createRecords(su, env.db.model('stock.picking'), [
      {
        picking_type_id: type.id,
        partner_id: order.partner_id,
        origin: order.name,
        location_id: locationByUsage(env, 'supplier'),
        location_dest_id: type.default_location_dest_id,
        scheduled_date: scheduled,
        purchase_id: order.id,
        company_id: order.company_id,
        state: 'assigned',
      },
    ]);
    createRecords(
      su,
      env.db.model('stock.move'),
      orderLines.map((line) => ({
        ...(profile.moveName ? { name: line.name } : {}),
        product_id: line.product_id,
        product_uom_qty: line.product_qty,
        // 17+: `quantity` of a receipt is set as soon as it is ready; 16's quantity_done stays 0 until validation.
        [profile.moveQtyField]: profile.moveQtyField === 'quantity' ? line.product_qty : 0,
        product_uom: line[profile.orderLineUomField],
        state: 'assigned',
        date: line.date_planned || scheduled,
        location_id: picking.location_id,
        location_dest_id: picking.location_dest_id,
        partner_id: order.partner_id,
        picking_id: picking.id,
        picking_type_id: type.id,
        purchase_line_id: line.id,
        origin: order.name,
        warehouse_id: type.warehouse_id,
        company_id: order.company_id,
      })),
    );
  }
  return true;
}

/** purchase.order.button_cancel returns None in Odoo: JSON-RPC omits `result`, XML-RPC cannot marshal it. */
export function purchaseButtonCancel(env: Env, orders: Rec[]): undefined {
  checkAccess(env.groups, env.db.model('purchase.order'), 'write');
  const su = sudo(env);
  for (const order of orders) {
    const pickings = (env.db.store('stock.picking').index('purchase_id').get(order.id) ?? []).map((id) => env.db.store('stock.picking').get(id) as Rec);
    if (pickings.some((p) => p.state === 'done')) {
      throw userError(`Unable to cancel purchase order ${order.name as string} as some receptions have already been done.`);
    }
    cancelPickings(su, pickings);
    writeRecords(su, env.db.model('purchase.order'), [order], { state: 'cancel' });
  }
  return undefined;
}

/** purchase.order.button_done (16-18, "Lock"): state done, returns None. 19 replaced the state by a `locked` flag. */
export function purchaseButtonDone(env: Env, orders: Rec[]): undefined {
  checkAccess(env.groups, env.db.model('purchase.order'), 'write');
  writeRecords(sudo(env), env.db.model('purchase.order'), orders, { state: 'done', priority: '0' });
  return undefined;
}

/** sale.order.action_confirm: -> sale, and an outgoing picking from the order's warehouse. */
export function saleActionConfirm(env: Env, orders: Rec[]): boolean {
  checkAccess(env.groups, env.db.model('sale.order'), 'write');
  const profile = env.db.profile;
  const su = sudo(env);
  for (const order of orders) {
    if (order.state !== 'draft' && order.state !== 'sent') {
      throw userError(`The following orders are not in a state requiring confirmation: ${order.name as string}`);
    }
    writeRecords(su, env.db.model('sale.order'), [order], { state: 'sale', date_order: env.tx.now });
    const wh = env.db.store('stock.warehouse').get(order.warehouse_id as number);
    const type = wh && env.db.store('stock.picking.type').get(wh.out_type_id as number);
    const orderLines = lines(env, 'sale.order.line', order.id).filter((l) => typeof l.product_id === 'number');
    if (!wh || !type || orderLines.length === 0) continue;
    const [picking] = createRecords(su, env.db.model('stock.picking'), [
      {
        picking_type_id: type.id,
        partner_id: order.partner_id,
        origin: order.name,
        location_id: wh.lot_stock_id,
        location_dest_id: locationByUsage(env, 'customer'),
        scheduled_date: order.commitment_date || env.tx.now,
        sale_id: order.id,
        company_id: order.company_id,
        state: 'confirmed',
      },
    ]);
    createRecords(
      su,
      env.db.model('stock.move'),
      orderLines.map((line) => ({
        ...(profile.moveName ? { name: line.name } : {}),
        product_id: line.product_id,
        product_uom_qty: line.product_uom_qty,
        product_uom: line[profile.orderLineUomField],
        state: 'confirmed',
        date: picking.scheduled_date,
        location_id: picking.location_id,
        location_dest_id: picking.location_dest_id,
        partner_id: order.partner_id,
        picking_id: picking.id,
        picking_type_id: type.id,
        sale_line_id: line.id,
        origin: order.name,
        warehouse_id: wh.id,
        company_id: order.company_id,
      })),
    );
  }
  return true;
}

export function saleActionCancel(env: Env, orders: Rec[]): boolean {
  checkAccess(env.groups, env.db.model('sale.order'), 'write');
  const su = sudo(env);
  for (const order of orders) {
    const pickings = (env.db.store('stock.picking').index('sale_id').get(order.id) ?? []).map((id) => env.db.store('stock.picking').get(id) as Rec);
    cancelPickings(
      su,
      pickings.filter((p) => p.state !== 'done'),
    );
    writeRecords(su, env.db.model('sale.order'), [order], { state: 'cancel' });
  }
  return true;
}

function cancelPickings(su: Env, pickings: Rec[]): void {
  for (const picking of pickings) {
    if (picking.state === 'done' || picking.state === 'cancel') continue;
    const moves = childIds(su, 'stock.move', 'picking_id', picking.id).map((id) => su.db.store('stock.move').get(id) as Rec);
    writeRecords(
      su,
      su.db.model('stock.move'),
      moves.filter((m) => m.state !== 'done'),
      { state: 'cancel' },
    );
    writeRecords(su, su.db.model('stock.picking'), [picking], { state: 'cancel' });
  }
}

/** stock.picking.button_validate: every open move done for its full quantity; quants and received/delivered quantities follow. */
export function pickingButtonValidate(env: Env, pickings: Rec[]): boolean {
  checkAccess(env.groups, env.db.model('stock.picking'), 'write');
  const profile = env.db.profile;
  const su = sudo(env);
  for (const picking of pickings) {
    if (picking.state === 'done' || picking.state === 'cancel') continue;
    const moves = childIds(env, 'stock.move', 'picking_id', picking.id).map((id) => env.db.store('stock.move').get(id) as Rec);
    for (const move of moves) {
      if (move.state === 'done' || move.state === 'cancel') continue;
      const qty = (move[profile.moveQtyField] as number) || (move.product_uom_qty as number);
      writeRecords(su, env.db.model('stock.move'), [move], {
        state: 'done',
        [profile.moveQtyField]: qty,
        date: env.tx.now,
        ...(profile.movePicked ? { picked: true } : {}),
      });
      shiftQuant(su, move.product_id as number, move.location_id as number, -qty);
      shiftQuant(su, move.product_id as number, move.location_dest_id as number, qty);
      addToLine(su, 'purchase.order.line', move.purchase_line_id, 'qty_received', qty);
      addToLine(su, 'sale.order.line', move.sale_line_id, 'qty_delivered', qty);
    }
    writeRecords(su, env.db.model('stock.picking'), [picking], { state: 'done', date_done: env.tx.now });
  }
  return true;
}

function shiftQuant(su: Env, productId: number, locationId: number, qty: number): void {
  const location = su.db.store('stock.location').get(locationId);
  if (!location || location.usage !== 'internal') return;
  const quants = su.db.store('stock.quant');
  const existing = (quants.index('product_id').get(productId) ?? [])
    .map((id) => quants.get(id) as Rec)
    .find((q) => q.location_id === locationId && q.lot_id === false);
  if (existing) {
    applyUpdate(su, quants.def, existing, { quantity: (existing.quantity as number) + qty, write_date: su.tx.now, write_uid: su.uid });
    su.tx.record({ kind: 'write', model: 'stock.quant', id: existing.id, fields: ['quantity'] });
  } else {
    createRecords(su, quants.def, [{ product_id: productId, location_id: locationId, quantity: qty, in_date: su.tx.now, company_id: location.company_id }]);
  }
}

function addToLine(su: Env, model: string, lineId: unknown, field: string, qty: number): void {
  if (typeof lineId !== 'number') return;
  const line = su.db.store(model).get(lineId);
  if (line) writeRecords(su, su.db.model(model), [line], { [field]: (line[field] as number) + qty });
}

/** res.users.context_get: the user's lang and tz, plus uid (JSON-2 docs use it to learn the key's user). */
export function contextGet(env: Env): Record<string, unknown> {
  const user = env.db.store('res.users').get(env.uid);
  return { lang: user?.lang || 'en_US', tz: user?.tz || false, uid: env.uid };
}
