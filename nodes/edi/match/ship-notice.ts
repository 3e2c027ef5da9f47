import type { Asn } from '../../canonical/contracts';
import { clearFindings, delayFinding, shortFinding, type Finding } from './findings';
import { daysBetween, findOrderLine, type OrderLine } from './order-lines';

export interface AsnLineResult {
  po_line_id: string | null;
  sku: string;
  shipped_qty: number;
  open_qty: number | null;
  short_qty: number | null;
  expected_date: string | null;
  days_late: number | null;
}

/** One measured supplier lead time: from the order date to the date the goods are now expected. */
export interface LeadTime {
  supplier: string;
  sku: string;
  po_id: string;
  order_date: string;
  shipped_at: string;
  expected_at: string;
  lead_time_days: number;
}

export interface AsnCheck {
  asn_id: string;
  po_id: string | null;
  supplier: string;
  lines: AsnLineResult[];
  /** What the incoming receipt in Odoo should now say. */
  receipt: { po_id: string | null; scheduled_date: string };
  lead_times: LeadTime[];
  findings: Finding[];
}

/**
 * A ship notice (856 / DESADV) against the order: what ships now is in transit until received, the
 * receipt is expected when the notice says, and the lead time the supplier achieved is measured per
 * item. Arriving after the ordered date raises a supplier delay; shipping less than is still open,
 * a short supply.
 */
export function checkShipNotice(asn: Asn, order: OrderLine[]): AsnCheck {
  const po = asn.po_id ?? asn.asn_id;
  const expectedDay = asn.expected_at.slice(0, 10);
  const lines: AsnLineResult[] = [];
  const leadTimes: LeadTime[] = [];
  const findings: Finding[] = [];
  for (const line of asn.lines) {
    const ordered = findOrderLine(order, line.po_line_id, line.sku);
    const open = ordered ? Math.max(0, ordered.ordered - ordered.received) : null;
    const late = ordered?.expectedDate ? daysBetween(ordered.expectedDate, expectedDay) : null;
    lines.push({
      po_line_id: ordered?.lineId ?? line.po_line_id ?? null,
      sku: line.sku,
      shipped_qty: line.quantity,
      open_qty: open,
      short_qty: open === null ? null : Math.max(0, open - line.quantity),
      expected_date: ordered?.expectedDate ?? null,
      days_late: late,
    });
    if (!ordered) continue;
    const sku = ordered.sku ?? line.sku;
    if (ordered.orderDate) {
      leadTimes.push({
        supplier: asn.supplier,
        sku,
        po_id: po,
        order_date: ordered.orderDate,
        shipped_at: asn.shipped_at,
        expected_at: asn.expected_at,
        lead_time_days: daysBetween(ordered.orderDate, expectedDay),
      });
    }
    const found: Finding[] = [];
    if (late !== null && late > 0) found.push(delayFinding(po, sku, asn.supplier, ordered.expectedDate as string, expectedDay, late));
    if (open !== null && line.quantity < open) found.push(shortFinding(po, sku, asn.supplier, open, line.quantity, 'ships'));
    findings.push(...(found.length ? found : clearFindings(po, sku, asn.supplier)));
  }
  return {
    asn_id: asn.asn_id,
    po_id: asn.po_id ?? null,
    supplier: asn.supplier,
    lines,
    receipt: { po_id: asn.po_id ?? null, scheduled_date: asn.expected_at },
    lead_times: leadTimes,
    findings,
  };
}
