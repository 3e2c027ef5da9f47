/** The wire shapes of docs/wms-contract.md, as the WMS sends and accepts them. */

export interface WmsStockRow {
  sku: string;
  location: string;
  lot?: string | null;
  uom?: string;
  on_hand: number;
  allocated?: number;
  available?: number;
  in_transit?: number;
  counted_at?: string | null;
}

export interface WmsStockPage {
  snapshot_id: string;
  as_of: string;
  items: WmsStockRow[];
  next_cursor: string | null;
  has_more?: boolean;
}

export type WmsStockEventType = 'adjustment' | 'receipt' | 'shipment' | 'cycle_count';

export interface WmsStockEvent {
  event_id: string;
  seq?: number;
  type: WmsStockEventType;
  sku: string;
  location: string;
  lot?: string | null;
  uom?: string;
  quantity_delta: number;
  on_hand?: number | null;
  reference?: string | null;
  at: string;
}

export interface WmsOrderLine {
  line_no: number;
  sku: string;
  quantity: number;
  uom: string;
}

export interface WmsOrderRequest {
  external_id: string;
  type: 'transfer' | 'receipt';
  source_location?: string;
  destination_location: string;
  expected_date?: string;
  supplier_ref?: string;
  lines: WmsOrderLine[];
}

export interface WmsOrder extends WmsOrderRequest {
  order_id: string;
  status: string;
  created_at?: string;
}

export interface WmsConfirmationLine {
  line_no: number;
  sku: string;
  uom?: string;
  ordered_quantity: number;
  picked_quantity?: number | null;
  shipped_quantity?: number | null;
  received_quantity?: number | null;
}

export interface WmsConfirmation {
  confirmation_id: string;
  seq?: number;
  order_id: string;
  external_id: string;
  type: 'transfer' | 'receipt';
  confirmed_at: string;
  lines: WmsConfirmationLine[];
}

export interface WmsLogPage<T> {
  items: T[];
  next_cursor: string;
  has_more: boolean;
}

export type WmsTopic = 'stock_events' | 'confirmations';
