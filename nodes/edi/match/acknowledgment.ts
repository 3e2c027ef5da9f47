import type { PoAcknowledgment } from '../../canonical/contracts';
import { clearFindings, delayFinding, shortFinding, type Finding } from './findings';
import { daysBetween, findOrderLine, type OrderLine } from './order-lines';

export type AckLineOutcome = 'accepted' | 'changed' | 'rejected' | 'not_on_order';

export interface AckLineResult {
  po_line_id: string | null;
  sku: string;
  outcome: AckLineOutcome;
  ordered_qty: number | null;
  confirmed_qty: number;
  quantity_change: number | null;
  expected_date: string | null;
  promised_date: string | null;
  days_late: number | null;
}

export interface AckCheck {
  po_id: string;
  supplier: string;
  outcome: 'accepted' | 'changed' | 'rejected';
  lines: AckLineResult[];
  /** Order lines the acknowledgment does not mention. */
  unanswered: string[];
  findings: Finding[];
}

/**
 * A PO acknowledgment (855 / ORDRSP) against the order: each line is accepted as ordered, changed
 * (another quantity or a later date) or rejected. A later date raises a supplier delay, a smaller
 * quantity a short supply; a line back to what was ordered clears both. The supplier's own line
 * status is believed when it says rejected, but a line it calls accepted is still compared.
 */
export function checkAcknowledgment(ack: PoAcknowledgment, order: OrderLine[]): AckCheck {
  const lines: AckLineResult[] = [];
  const findings: Finding[] = [];
  for (const line of ack.lines) {
    const ordered = findOrderLine(order, line.po_line_id, line.sku);
    const promised = line.promised_date ?? null;
    if (!ordered) {
      lines.push({
        po_line_id: line.po_line_id ?? null,
        sku: line.sku,
        outcome: 'not_on_order',
        ordered_qty: null,
        confirmed_qty: line.quantity,
        quantity_change: null,
        expected_date: null,
        promised_date: promised,
        days_late: null,
      });
      continue;
    }
    // The order went out for what was still to come: ordered minus already received.
    const asked = Math.max(0, ordered.ordered - ordered.received);
    const rejected = line.status === 'rejected' || line.quantity === 0;
    const confirmed = rejected ? 0 : line.quantity;
    const late = promised && ordered.expectedDate ? daysBetween(ordered.expectedDate, promised) : null;
    const changed = confirmed !== asked || (late !== null && late > 0) || line.status === 'changed' || line.status === 'backordered';
    const outcome: AckLineOutcome = rejected ? 'rejected' : changed ? 'changed' : 'accepted';
    lines.push({
      po_line_id: ordered.lineId,
      sku: line.sku,
      outcome,
      ordered_qty: asked,
      confirmed_qty: confirmed,
      quantity_change: confirmed - asked,
      expected_date: ordered.expectedDate,
      promised_date: promised,
      days_late: late,
    });
    const sku = ordered.sku ?? line.sku;
    const found: Finding[] = [];
    if (late !== null && late > 0 && !rejected)
      found.push(delayFinding(ack.po_id, sku, ack.supplier, ordered.expectedDate as string, promised as string, late));
    if (confirmed < asked) found.push(shortFinding(ack.po_id, sku, ack.supplier, asked, confirmed, 'confirms'));
    findings.push(...(found.length ? found : clearFindings(ack.po_id, sku, ack.supplier)));
  }
  const answered = new Set(lines.map((l) => l.po_line_id));
  const unanswered = order.filter((l) => !answered.has(l.lineId) && l.ordered - l.received > 0).map((l) => l.lineId);
  const matched = lines.filter((l) => l.outcome !== 'not_on_order');
  const outcome =
    matched.length && matched.every((l) => l.outcome === 'rejected')
      ? 'rejected'
      : lines.every((l) => l.outcome === 'accepted') && !unanswered.length
        ? 'accepted'
        : 'changed';
  return { po_id: ack.po_id, supplier: ack.supplier, outcome, lines, unanswered, findings };
}
