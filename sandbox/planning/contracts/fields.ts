import type { DatasetName } from './types';

/** Field kinds the light validator and the CSV reader both understand. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'date-time' | 'source' | readonly string[];

export interface FieldSpec {
  kind: FieldKind;
  required: boolean;
  nullable: boolean;
}

const req = (kind: FieldKind): FieldSpec => ({ kind, required: true, nullable: false });
const opt = (kind: FieldKind): FieldSpec => ({ kind, required: false, nullable: true });
/** Optional but never null (the contract types it without "| null"). */
const optNotNull = (kind: FieldKind): FieldSpec => ({ kind, required: false, nullable: false });

const common = { company: opt('string'), source: optNotNull('source') };

/** Field tables transcribed from docs/contracts.md for the seven outbound datasets. */
export const FIELDS: Record<DatasetName, Record<string, FieldSpec>> = {
  item: {
    sku: req('string'),
    name: req('string'),
    uom: req('string'),
    category: opt('string'),
    status: req(['active', 'inactive', 'discontinued']),
    superseded_by: opt('string'),
    supersession_factor: opt('number'),
    unit_volume_m3: opt('number'),
    unit_weight_kg: opt('number'),
    unit_cost: opt('number'),
    currency: opt('string'),
    ...common,
    updated_at: req('date-time'),
  },
  item_supplier: {
    sku: req('string'),
    supplier: req('string'),
    supplier_name: opt('string'),
    supplier_sku: opt('string'),
    lead_time_days: opt('number'),
    lead_time_stddev_days: opt('number'),
    uom: req('string'),
    moq: req('number'),
    pack_size: req('number'),
    purchase_uom: opt('string'),
    purchase_uom_factor: opt('number'),
    unit_cost: req('number'),
    landed_cost: opt('number'),
    currency: req('string'),
    preferred: optNotNull('boolean'),
    valid_from: opt('date'),
    valid_to: opt('date'),
    ...common,
    updated_at: req('date-time'),
  },
  location: {
    code: req('string'),
    name: req('string'),
    type: req(['warehouse', 'internal', 'transit', 'supplier', 'customer', 'virtual']),
    warehouse: opt('string'),
    group: opt('string'),
    active: req('boolean'),
    ...common,
    updated_at: req('date-time'),
  },
  stock_snapshot: {
    snapshot_id: req('string'),
    as_of: req('date-time'),
    sku: req('string'),
    location: req('string'),
    uom: req('string'),
    on_hand: req('number'),
    reserved: req('number'),
    available: req('number'),
    in_transit: req('number'),
    lot: opt('string'),
    full: optNotNull('boolean'),
    ...common,
  },
  demand_history: {
    txn_id: req('string'),
    line_id: req('string'),
    type: req(['sale', 'transfer', 'consumption', 'return']),
    status: optNotNull(['done', 'cancelled']),
    sku: req('string'),
    location: req('string'),
    date: req('date-time'),
    quantity: req('number'),
    uom: req('string'),
    customer: opt('string'),
    net_price: opt('number'),
    currency: opt('string'),
    ...common,
  },
  open_sales_order: {
    order_id: req('string'),
    line_id: req('string'),
    sku: req('string'),
    location: req('string'),
    customer: opt('string'),
    ordered_qty: req('number'),
    delivered_qty: req('number'),
    open_qty: req('number'),
    uom: req('string'),
    order_date: opt('date'),
    required_date: req('date'),
    ...common,
  },
  open_purchase_order: {
    po_id: req('string'),
    line_id: req('string'),
    supplier: req('string'),
    sku: req('string'),
    location: req('string'),
    ordered_qty: req('number'),
    received_qty: req('number'),
    in_transit_qty: req('number'),
    uom: req('string'),
    order_date: opt('date'),
    expected_date: req('date'),
    status: req(['draft', 'sent', 'confirmed', 'partially_received']),
    ...common,
  },
};
