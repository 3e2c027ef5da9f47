import { active, boolean, char, companyId, computed, datetime, defineModel, float, integer, many2one, one2many, selection } from '../orm/fields';
import type { Env, ModelDef, Rec } from '../orm/types';
import { userError } from '../errors';
import type { VersionProfile } from '../versions';
import { productQuantities } from './stock-quantities';

const USAGES = [
  ['supplier', 'Vendor Location'],
  ['view', 'View'],
  ['internal', 'Internal Location'],
  ['customer', 'Customer Location'],
  ['inventory', 'Inventory Loss'],
  ['production', 'Production'],
  ['transit', 'Transit Location'],
] as const;
const PICKING_CODES = [
  ['incoming', 'Receipt'],
  ['outgoing', 'Delivery'],
  ['internal', 'Internal Transfer'],
] as const;
const PICKING_STATES = [
  ['draft', 'Draft'],
  ['waiting', 'Waiting Another Operation'],
  ['confirmed', 'Waiting'],
  ['assigned', 'Ready'],
  ['done', 'Done'],
  ['cancel', 'Cancelled'],
] as const;
const MOVE_STATES = [
  ['draft', 'New'],
  ['waiting', 'Waiting Another Move'],
  ['confirmed', 'Waiting Availability'],
  ['partially_available', 'Partially Available'],
  ['assigned', 'Available'],
  ['done', 'Done'],
  ['cancel', 'Cancelled'],
] as const;

function sequenceName(env: Env, vals: Record<string, unknown>): string | undefined {
  const type = typeof vals.picking_type_id === 'number' ? env.db.store('stock.picking.type').get(vals.picking_type_id) : undefined;
  if (!type) return undefined;
  const wh = env.db.store('stock.warehouse').get(type.warehouse_id as number);
  const prefix = `${(wh?.code as string) ?? 'WH'}/${type.sequence_code as string}/`;
  return `${prefix}${String(env.db.nextSequence(prefix)).padStart(5, '0')}`;
}

function orderpointQty(rec: Rec, env: Env): ReturnType<typeof productQuantities> {
  return productQuantities({ ...env, context: { ...env.context, location: rec.location_id } }, rec.product_id as number);
}

export function stockModels(profile: VersionProfile): ModelDef[] {
  return [
    defineModel({
      name: 'stock.warehouse',
      description: 'Warehouse',
      fields: {
        name: char('Warehouse', { required: true }),
        code: char('Short Name', { required: true }),
        company_id: companyId({ required: true }),
        partner_id: many2one('res.partner', 'Address'),
        view_location_id: many2one('stock.location', 'View Location', { required: true }),
        lot_stock_id: many2one('stock.location', 'Location Stock', { required: true }),
        in_type_id: many2one('stock.picking.type', 'In Type'),
        out_type_id: many2one('stock.picking.type', 'Out Type'),
        int_type_id: many2one('stock.picking.type', 'Internal Type'),
        sequence: integer('Sequence', { default: 10 }),
        active: active(),
      },
      uniques: [
        { fields: ['name', 'company_id'], message: 'The name of the warehouse must be unique per company!' },
        { fields: ['code', 'company_id'], message: 'The short name of the warehouse must be unique per company!' },
      ],
    }),
    defineModel({
      name: 'stock.location',
      description: 'Inventory Locations',
      fields: {
        name: char('Location Name', { required: true }),
        complete_name: char('Full Location Name'),
        usage: selection(USAGES, 'Location Type', { default: 'internal', required: true }),
        location_id: many2one('stock.location', 'Parent Location', { index: true, ondelete: 'cascade' }),
        child_ids: one2many('stock.location', 'location_id', 'Contains'),
        warehouse_id: many2one('stock.warehouse', 'Warehouse'),
        barcode: char('Barcode'),
        company_id: companyId(),
        active: active(),
      },
      parentField: 'location_id',
      displayName: (rec) => rec.complete_name as string,
      hooks: {
        recompute: (rec, env) => {
          const parent = typeof rec.location_id === 'number' ? env.db.store('stock.location').get(rec.location_id) : undefined;
          return { complete_name: parent && rec.usage !== 'view' ? `${parent.complete_name as string}/${rec.name as string}` : rec.name };
        },
      },
    }),
    defineModel({
      name: 'stock.lot',
      description: 'Lot/Serial',
      fields: {
        name: char('Lot/Serial Number', { required: true }),
        product_id: many2one('product.product', 'Product', { required: true }),
        company_id: companyId({ required: true }),
      },
    }),
    defineModel({
      name: 'stock.quant',
      description: 'Quants',
      fields: {
        product_id: many2one('product.product', 'Product', { required: true, ondelete: 'restrict', index: true }),
        location_id: many2one('stock.location', 'Location', { required: true, ondelete: 'restrict', index: true }),
        lot_id: many2one('stock.lot', 'Lot/Serial Number', { ondelete: 'restrict' }),
        package_id: false,
        quantity: float('Quantity', { readonly: true }),
        reserved_quantity: float('Reserved Quantity', { readonly: true }),
        available_quantity: computed(float('Available Quantity'), (rec) => (rec.quantity as number) - (rec.reserved_quantity as number), { searchable: true }),
        inventory_quantity: float('Counted Quantity', { aggregator: undefined }),
        in_date: datetime('Incoming Date'),
        company_id: companyId(),
      },
      recName: null,
      displayName: (rec, env) => {
        const loc = env.db.store('stock.location').get(rec.location_id as number);
        return (loc?.complete_name as string) ?? `stock.quant,${rec.id}`;
      },
    }),
    defineModel({
      name: 'stock.picking.type',
      description: 'Picking Type',
      fields: {
        name: char('Operation Type', { required: true }),
        code: selection(PICKING_CODES, 'Type of Operation', { required: true }),
        sequence_code: char('Sequence Prefix', { required: true }),
        warehouse_id: many2one('stock.warehouse', 'Warehouse', { ondelete: 'cascade' }),
        default_location_src_id: many2one('stock.location', 'Default Source Location'),
        default_location_dest_id: many2one('stock.location', 'Default Destination Location'),
        company_id: companyId({ required: true }),
        active: active(),
      },
      displayName: (rec, env) => {
        const wh = env.db.store('stock.warehouse').get(rec.warehouse_id as number);
        return wh ? `${wh.name as string}: ${rec.name as string}` : (rec.name as string);
      },
    }),
    defineModel({
      name: 'stock.picking',
      description: 'Transfer',
      fields: {
        name: char('Reference', { default: '/' }),
        origin: char('Source Document'),
        partner_id: many2one('res.partner', 'Contact'),
        picking_type_id: many2one('stock.picking.type', 'Operation Type', { required: true, index: true }),
        location_id: many2one('stock.location', 'Source Location', { required: true }),
        location_dest_id: many2one('stock.location', 'Destination Location', { required: true }),
        scheduled_date: datetime('Scheduled Date', { default: (env: Env) => env.tx.now }),
        date_deadline: datetime('Deadline'),
        date_done: datetime('Date of Transfer'),
        state: selection(PICKING_STATES, 'Status', { default: 'draft' }),
        move_ids: one2many('stock.move', 'picking_id', 'Stock Moves'),
        purchase_id: many2one('purchase.order', 'Purchase Orders'),
        sale_id: many2one('sale.order', 'Sales Order'),
        company_id: companyId(),
        note: char('Notes'),
      },
      hooks: {
        prepareCreate: (vals, env) => {
          const type = typeof vals.picking_type_id === 'number' ? env.db.store('stock.picking.type').get(vals.picking_type_id) : undefined;
          // Since 16, source and destination are computed from the operation type when not given.
          if (type && !vals.location_id) vals.location_id = type.default_location_src_id;
          if (type && !vals.location_dest_id) vals.location_dest_id = type.default_location_dest_id;
          if (type && !vals.company_id) vals.company_id = type.company_id;
          if (!vals.name || vals.name === '/') vals.name = sequenceName(env, vals) ?? '/';
        },
        checkUnlink: (recs) => {
          if (recs.some((r) => r.state === 'done')) throw userError('You cannot delete a transfer that is done.');
        },
      },
    }),
    defineModel({
      name: 'stock.move',
      description: 'Stock Move',
      fields: {
        name: profile.moveName && char('Description'),
        reference: char('Reference'),
        origin: char('Source Document'),
        sequence: integer('Sequence', { default: 10 }),
        product_id: many2one('product.product', 'Product', { required: true, index: true }),
        product_uom_qty: float('Demand', { required: true }),
        [profile.moveQtyField]: float('Quantity'),
        picked: profile.movePicked && boolean('Picked'),
        product_uom: many2one('uom.uom', 'Unit', { required: true }),
        state: selection(MOVE_STATES, 'Status', { default: 'draft' }),
        date: datetime('Date Scheduled', { required: true, default: (env: Env) => env.tx.now }),
        date_deadline: datetime('Deadline'),
        location_id: many2one('stock.location', 'Source Location', { required: true }),
        location_dest_id: many2one('stock.location', 'Destination Location', { required: true }),
        location_final_id: profile.version >= 18 && many2one('stock.location', 'Final Location'),
        partner_id: many2one('res.partner', 'Destination Address'),
        picking_id: many2one('stock.picking', 'Transfer', { index: true }),
        picking_type_id: many2one('stock.picking.type', 'Operation Type'),
        purchase_line_id: many2one('purchase.order.line', 'Purchase Order Line', { index: true }),
        sale_line_id: many2one('sale.order.line', 'Sale Line', { index: true }),
        warehouse_id: many2one('stock.warehouse', 'Warehouse'),
        company_id: companyId({ required: true }),
      },
      recName: 'reference',
      displayName: (rec, env) => {
        const product = env.db.store('product.product').get(rec.product_id as number);
        const code = product?.default_code ? `[${product.default_code as string}] ` : '';
        return rec.reference ? `${rec.reference as string} - ${code}` : code.trim();
      },
      hooks: {
        prepareCreate: (vals, env) => {
          if (!vals.product_uom && typeof vals.product_id === 'number') {
            const product = env.db.store('product.product').get(vals.product_id);
            const tmpl = product && env.db.store('product.template').get(product.product_tmpl_id as number);
            vals.product_uom = tmpl?.uom_id ?? false;
          }
          if (!vals.reference && typeof vals.picking_id === 'number') vals.reference = env.db.store('stock.picking').get(vals.picking_id)?.name ?? false;
        },
      },
    }),
    defineModel({
      name: 'stock.warehouse.orderpoint',
      description: 'Minimum Inventory Rule',
      fields: {
        name: char('Name', { required: true, default: '/' }),
        product_id: many2one('product.product', 'Product', { required: true, ondelete: 'cascade', index: true }),
        location_id: many2one('stock.location', 'Location', { required: true, ondelete: 'cascade' }),
        warehouse_id: many2one('stock.warehouse', 'Warehouse', { required: true, ondelete: 'cascade' }),
        product_min_qty: float('Min Quantity', { aggregator: undefined }),
        product_max_qty: float('Max Quantity', { aggregator: undefined }),
        trigger: selection(
          [
            ['auto', 'Auto'],
            ['manual', 'Manual'],
          ],
          'Trigger',
          { default: 'auto', required: true },
        ),
        qty_multiple: profile.orderpoint.qtyMultiple && float('Multiple Quantity', { default: 1, aggregator: undefined }),
        replenishment_uom_id: profile.orderpoint.replenishmentUom && many2one('uom.uom', 'Multiple'),
        route_id: false,
        snoozed_until: datetime('Snoozed'),
        qty_on_hand: computed(float('On Hand'), (rec, env) => orderpointQty(rec, env).onHand),
        qty_forecast: computed(float('Forecast'), (rec, env) => {
          const q = orderpointQty(rec, env);
          return q.onHand + q.incoming - q.outgoing;
        }),
        company_id: companyId({ required: true }),
        active: active(),
      },
      uniques: [{ fields: ['product_id', 'location_id', 'company_id'], message: 'A replenishment rule already exists for this product on this location.' }],
      hooks: {
        prepareCreate: (vals, env) => {
          if (!vals.name || vals.name === '/') vals.name = `OP/${String(env.db.nextSequence('stock.orderpoint')).padStart(5, '0')}`;
          const wh = typeof vals.warehouse_id === 'number' ? env.db.store('stock.warehouse').get(vals.warehouse_id) : undefined;
          if (wh && !vals.location_id) vals.location_id = wh.lot_stock_id;
          if (!vals.warehouse_id && typeof vals.location_id === 'number') {
            const loc = env.db.store('stock.location').get(vals.location_id);
            vals.warehouse_id = loc?.warehouse_id ?? false;
          }
          if (wh && !vals.company_id) vals.company_id = wh.company_id;
        },
      },
    }),
  ];
}
