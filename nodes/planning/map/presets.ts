import type { ContractRef } from '../../canonical/contracts';
import { genericColumns, type Column } from './csv';

export type Dataset = 'item' | 'item_supplier' | 'location' | 'stock_snapshot' | 'demand_history' | 'open_sales_order' | 'open_purchase_order';

export const DATASETS: readonly Dataset[] = [
  'item',
  'item_supplier',
  'location',
  'stock_snapshot',
  'demand_history',
  'open_sales_order',
  'open_purchase_order',
];

export interface FileLayout {
  name: string;
  /** The data file of a dataset in a batch. */
  dataFile(dataset: Dataset, batchId: string): string;
  columns(dataset: Dataset): Column[];
  /** The control file that completes a delivery; written last. */
  controlFile(batchId: string): string;
  /** Order files the planner sends back: one per recommendation. */
  orderFile: RegExp;
  orderColumns: Column[];
}

const ref = (dataset: Dataset): ContractRef => `${dataset}@1` as ContractRef;

/** One file per dataset and batch, the contract's field names as columns. */
export const GENERIC: FileLayout = {
  name: 'generic',
  dataFile: (dataset, batchId) => `${dataset}_${batchId}.csv`,
  columns: (dataset) => genericColumns(ref(dataset)),
  controlFile: (batchId) => `control_${batchId}.csv`,
  orderFile: /^(po|tr)_.+\.csv$/,
  orderColumns: genericColumns('replenishment_recommendation@1'),
};

const NETSTOCK_FILES: Record<Dataset, string> = {
  item: 'master',
  item_supplier: 'supplier',
  location: 'location',
  stock_snapshot: 'stock',
  demand_history: 'sales',
  open_sales_order: 'co',
  open_purchase_order: 'po',
};

const col = (header: string, field: string): Column => ({ header, field });

const NETSTOCK_COLUMNS: Record<Dataset, Column[]> = {
  item: [
    col('ITEM', 'sku'),
    col('DESCRIPTION', 'name'),
    col('UOM', 'uom'),
    col('GROUP', 'category'),
    col('STATUS', 'status'),
    col('UNIT_COST', 'unit_cost'),
    col('CURRENCY', 'currency'),
    col('UPDATED', 'updated_at'),
  ],
  item_supplier: [
    col('ITEM', 'sku'),
    col('SUPPLIER', 'supplier'),
    col('SUPPLIER_NAME', 'supplier_name'),
    col('SUPPLIER_ITEM', 'supplier_sku'),
    col('LEAD_TIME', 'lead_time_days'),
    col('UOM', 'uom'),
    col('MOQ', 'moq'),
    col('ORDER_MULTIPLE', 'pack_size'),
    col('COST', 'unit_cost'),
    col('CURRENCY', 'currency'),
    col('PREFERRED', 'preferred'),
    col('UPDATED', 'updated_at'),
  ],
  location: [col('LOCATION', 'code'), col('DESCRIPTION', 'name'), col('TYPE', 'type'), col('ACTIVE', 'active'), col('UPDATED', 'updated_at')],
  stock_snapshot: [
    col('SNAPSHOT', 'snapshot_id'),
    col('AS_OF', 'as_of'),
    col('ITEM', 'sku'),
    col('LOCATION', 'location'),
    col('UOM', 'uom'),
    col('ON_HAND', 'on_hand'),
    col('RESERVED', 'reserved'),
    col('AVAILABLE', 'available'),
    col('IN_TRANSIT', 'in_transit'),
  ],
  demand_history: [
    col('DOCUMENT', 'txn_id'),
    col('LINE', 'line_id'),
    col('TYPE', 'type'),
    col('ITEM', 'sku'),
    col('LOCATION', 'location'),
    col('DATE', 'date'),
    col('QUANTITY', 'quantity'),
    col('UOM', 'uom'),
    col('CUSTOMER', 'customer'),
  ],
  open_sales_order: [
    col('ORDER', 'order_id'),
    col('LINE', 'line_id'),
    col('ITEM', 'sku'),
    col('LOCATION', 'location'),
    col('CUSTOMER', 'customer'),
    col('ORDERED', 'ordered_qty'),
    col('DELIVERED', 'delivered_qty'),
    col('OPEN', 'open_qty'),
    col('UOM', 'uom'),
    col('REQUIRED', 'required_date'),
  ],
  open_purchase_order: [
    col('ORDER', 'po_id'),
    col('LINE', 'line_id'),
    col('SUPPLIER', 'supplier'),
    col('ITEM', 'sku'),
    col('LOCATION', 'location'),
    col('ORDERED', 'ordered_qty'),
    col('RECEIVED', 'received_qty'),
    col('IN_TRANSIT', 'in_transit_qty'),
    col('UOM', 'uom'),
    col('DUE', 'expected_date'),
    col('STATUS', 'status'),
  ],
};

/**
 * A Netstock-style layout: fixed file names (master, supplier, location, stock, sales, co, po and a
 * control file) with upper-case columns, and one order file per order back (po_###, tr_###).
 */
export const NETSTOCK: FileLayout = {
  name: 'netstock',
  dataFile: (dataset) => `${NETSTOCK_FILES[dataset]}.csv`,
  columns: (dataset) => NETSTOCK_COLUMNS[dataset],
  controlFile: () => 'control.csv',
  orderFile: /^(po|tr)_.+\.csv$/,
  orderColumns: [
    col('RECOMMENDATION', 'recommendation_id'),
    col('PLAN', 'plan_id'),
    col('PLAN_VERSION', 'plan_version'),
    col('TYPE', 'type'),
    col('ITEM', 'sku'),
    col('LOCATION', 'location'),
    col('SUPPLIER', 'supplier'),
    col('FROM_LOCATION', 'source_location'),
    col('QUANTITY', 'quantity'),
    col('UOM', 'uom'),
    col('COST', 'unit_cost'),
    col('VALUE', 'value'),
    col('CURRENCY', 'currency'),
    col('ORDER_BY', 'order_by'),
    col('NEED_BY', 'need_by'),
    col('REASON', 'reason'),
    col('REASON_CODE', 'reason_code'),
    col('VALID_UNTIL', 'valid_until'),
    col('CREATED', 'created_at'),
  ],
};

export function layoutFor(name: string): FileLayout {
  return name === 'netstock' ? NETSTOCK : GENERIC;
}
