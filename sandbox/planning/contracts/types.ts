/** Canonical records as docs/contracts.md defines them; written from the contract, not imported from nodes/. */

export interface SourceRef {
  system: string;
  record_id?: string | null;
}

export interface ItemRecord {
  sku: string;
  name: string;
  uom: string;
  category?: string | null;
  status: 'active' | 'inactive' | 'discontinued';
  superseded_by?: string | null;
  supersession_factor?: number | null;
  unit_volume_m3?: number | null;
  unit_weight_kg?: number | null;
  unit_cost?: number | null;
  currency?: string | null;
  company?: string | null;
  source?: SourceRef;
  updated_at: string;
}

export interface ItemSupplierRecord {
  sku: string;
  supplier: string;
  supplier_name?: string | null;
  supplier_sku?: string | null;
  lead_time_days?: number | null;
  lead_time_stddev_days?: number | null;
  uom: string;
  moq: number;
  pack_size: number;
  purchase_uom?: string | null;
  purchase_uom_factor?: number | null;
  unit_cost: number;
  landed_cost?: number | null;
  currency: string;
  preferred?: boolean;
  valid_from?: string | null;
  valid_to?: string | null;
  company?: string | null;
  source?: SourceRef;
  updated_at: string;
}

export interface LocationRecord {
  code: string;
  name: string;
  type: 'warehouse' | 'internal' | 'transit' | 'supplier' | 'customer' | 'virtual';
  warehouse?: string | null;
  group?: string | null;
  active: boolean;
  company?: string | null;
  source?: SourceRef;
  updated_at: string;
}

export interface StockSnapshotRecord {
  snapshot_id: string;
  as_of: string;
  sku: string;
  location: string;
  uom: string;
  on_hand: number;
  reserved: number;
  available: number;
  in_transit: number;
  lot?: string | null;
  full?: boolean;
  company?: string | null;
  source?: SourceRef;
}

export interface DemandHistoryRecord {
  txn_id: string;
  line_id: string;
  type: 'sale' | 'transfer' | 'consumption' | 'return';
  status?: 'done' | 'cancelled';
  sku: string;
  location: string;
  date: string;
  quantity: number;
  uom: string;
  customer?: string | null;
  net_price?: number | null;
  currency?: string | null;
  company?: string | null;
  source?: SourceRef;
}

export interface OpenSalesOrderRecord {
  order_id: string;
  line_id: string;
  sku: string;
  location: string;
  customer?: string | null;
  ordered_qty: number;
  delivered_qty: number;
  open_qty: number;
  uom: string;
  order_date?: string | null;
  required_date: string;
  company?: string | null;
  source?: SourceRef;
}

export interface OpenPurchaseOrderRecord {
  po_id: string;
  line_id: string;
  supplier: string;
  sku: string;
  location: string;
  ordered_qty: number;
  received_qty: number;
  in_transit_qty: number;
  uom: string;
  order_date?: string | null;
  expected_date: string;
  status: 'draft' | 'sent' | 'confirmed' | 'partially_received';
  company?: string | null;
  source?: SourceRef;
}

export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

export interface RecommendationRecord {
  recommendation_id: string;
  plan_id: string;
  plan_version: number;
  type: 'purchase' | 'transfer';
  sku: string;
  location: string;
  supplier: string | null;
  source_location: string | null;
  quantity: number;
  uom: string;
  unit_cost: number | null;
  value: number | null;
  currency: string | null;
  order_by: string | null;
  need_by: string;
  reason: string;
  reason_code: string | null;
  valid_until: string;
  created_at: string;
  company: string | null;
  source: SourceRef;
}

export interface ForecastRecord {
  plan_id: string;
  plan_version: number;
  sku: string;
  location: string;
  period_start: string;
  period_end: string;
  quantity: number;
  lower: number | null;
  upper: number | null;
  uom: string;
  method: string | null;
  demand_class: DemandClass | null;
  company: string | null;
}

export interface StockPolicyRecord {
  plan_id: string;
  plan_version: number;
  sku: string;
  location: string;
  reorder_point: number;
  order_up_to: number;
  safety_stock: number;
  multiple: number | null;
  review_period_days: number | null;
  service_level: number | null;
  uom: string;
  valid_from: string | null;
  company: string | null;
}

/** The seven outbound datasets (ERP to planner), keyed by contract name. */
export interface PlanInput {
  item: ItemRecord[];
  item_supplier: ItemSupplierRecord[];
  location: LocationRecord[];
  stock_snapshot: StockSnapshotRecord[];
  demand_history: DemandHistoryRecord[];
  open_sales_order: OpenSalesOrderRecord[];
  open_purchase_order: OpenPurchaseOrderRecord[];
}

export type DatasetName = keyof PlanInput;

export const DATASET_NAMES: readonly DatasetName[] = [
  'item',
  'item_supplier',
  'location',
  'stock_snapshot',
  'demand_history',
  'open_sales_order',
  'open_purchase_order',
];

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

export function emptyInput(): PlanInput {
  return { item: [], item_supplier: [], location: [], stock_snapshot: [], demand_history: [], open_sales_order: [], open_purchase_order: [] };
}
