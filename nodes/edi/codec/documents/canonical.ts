/**
 * The canonical shapes the transaction maps read and write. asn@1, po_acknowledgment@1 and
 * invoice@1 come straight from the contract registry (docs/contracts.md). Three shapes have no
 * contract yet and are defined here:
 * - SupplierOrder: the purchase order we send (X12 850, EDIFACT ORDERS). It is the open part of
 *   one PO from open_purchase_order@1 lines plus what a supplier needs (price, ship-to name).
 * - SupplierStockReport: a supplier's inventory report (X12 846, EDIFACT INVRPT). Suppliers report
 *   some of on hand / available / reserved / in transit, so each is nullable; `toStockSnapshots`
 *   turns records into stock_snapshot@1 rows once a snapshot id is assigned.
 * - FunctionalAck: a syntax acknowledgment (X12 997, EDIFACT CONTRL), in or out.
 */
import type { Asn, Invoice, OpenPurchaseOrder, PoAcknowledgment, StockSnapshot } from '../../../canonical/contracts';
import type { PartyId, Standard } from '../tree';

export type { Asn, Invoice, OpenPurchaseOrder, PoAcknowledgment, StockSnapshot };

export interface SupplierOrderLine {
  /** Our PO line id; X12 PO101 / EDIFACT RFF+LI, echoed back in 855/856/810 and ORDRSP/DESADV/INVOIC. */
  line_id: string;
  sku: string;
  /** The supplier's item number, sent next to ours when known. */
  supplier_sku?: string | null;
  quantity: number;
  /** UN/ECE Rec 20; converted to the partner's code on the way out. */
  uom: string;
  unit_price?: number | null;
  /** YYYY-MM-DD. */
  need_by?: string | null;
}

export interface SupplierOrder {
  po_id: string;
  supplier: string;
  /** YYYY-MM-DD. */
  order_date: string;
  currency?: string | null;
  /** Receiving location code (ours); sent as the partner knows it via profile.locations. */
  ship_to: string;
  ship_to_name?: string | null;
  lines: SupplierOrderLine[];
}

export interface SupplierStockRecord {
  sku: string;
  /** Our location code when the report names a mapped warehouse, else the partner's id, else null. */
  location: string | null;
  uom: string;
  on_hand: number | null;
  available: number | null;
  reserved: number | null;
  in_transit: number | null;
  lot: string | null;
}

export interface SupplierStockReport {
  report_id: string;
  supplier: string;
  /** UTC timestamp the stock was counted. */
  as_of: string;
  interchange_ref: string | null;
  records: SupplierStockRecord[];
}

export type AckStatus = 'accepted' | 'accepted_with_errors' | 'partially_accepted' | 'rejected';

export interface AckError {
  /** X12 AK3/AK4/AK5/AK9 code or EDIFACT 0085 syntax error code. */
  code: string;
  segment_tag: string | null;
  /** Position of the segment within its set/message (ST/UNH = 1). */
  segment_position: number | null;
  element_position: number | null;
}

export interface AckedSet {
  type: string | null;
  control_ref: string;
  status: 'accepted' | 'accepted_with_errors' | 'rejected';
  errors: AckError[];
}

export interface FunctionalAck {
  standard: Standard;
  /** Interchange acknowledged: EDIFACT UCI 0020; X12 997 does not carry it (null). */
  interchange_ref: string | null;
  /** Sender and recipient of the acknowledged interchange (EDIFACT UCI S002/S003); null for X12. */
  interchange_parties: { sender: PartyId; recipient: PartyId } | null;
  /** X12 AK101 / group functional id; null for EDIFACT without groups. */
  functional_id: string | null;
  /** X12 AK102 (GS06 of the acknowledged group). */
  group_ref: string | null;
  status: AckStatus;
  sets: AckedSet[];
  /** Errors at group (AK9) or interchange (UCI) level. */
  errors: AckError[];
  /** X12 AK902/AK903/AK904: sets included, received, accepted. */
  counts: { included: number; received: number; accepted: number } | null;
}

/** Builds a SupplierOrder from the open_purchase_order@1 lines of one PO (what the planner approved). */
export function supplierOrderFromOpenPurchaseOrders(
  lines: readonly OpenPurchaseOrder[],
  extra: { currency?: string; prices?: Record<string, number>; ship_to_name?: string } = {},
): SupplierOrder {
  if (lines.length === 0) throw new Error('supplierOrderFromOpenPurchaseOrders needs at least one line');
  const first = lines[0];
  return {
    po_id: first.po_id,
    supplier: first.supplier,
    order_date: first.order_date ?? first.expected_date,
    currency: extra.currency ?? null,
    ship_to: first.location,
    ship_to_name: extra.ship_to_name ?? null,
    lines: lines.map((l) => ({
      line_id: l.line_id,
      sku: l.sku,
      supplier_sku: null,
      quantity: l.ordered_qty - l.received_qty,
      uom: l.uom,
      unit_price: extra.prices?.[l.line_id] ?? null,
      need_by: l.expected_date,
    })),
  };
}

/**
 * Turns supplier stock records into stock_snapshot@1 rows. Missing figures follow one documented
 * rule: on_hand falls back to available, available to on_hand − reserved, reserved and
 * in_transit to 0. Records without a location take `defaultLocation`.
 */
export function toStockSnapshots(report: SupplierStockReport, snapshotId: string, defaultLocation: string): StockSnapshot[] {
  return report.records.map((r) => {
    const reserved = r.reserved ?? 0;
    const onHand = r.on_hand ?? r.available ?? 0;
    return {
      snapshot_id: snapshotId,
      as_of: report.as_of,
      sku: r.sku,
      location: r.location ?? defaultLocation,
      uom: r.uom,
      on_hand: onHand,
      reserved,
      available: r.available ?? onHand - reserved,
      in_transit: r.in_transit ?? 0,
      lot: r.lot,
      full: true,
      company: null,
      source: { system: 'edi', record_id: report.report_id },
    };
  });
}
