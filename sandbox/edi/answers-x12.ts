/**
 * The supplier's X12 documents, segment by segment (X12 004010/005010 layouts, which agree for
 * these sets): 997 functional acknowledgment, 855 PO acknowledgment, 856 ship notice, 810 invoice.
 * Item ids are echoed as the 850 sent them (PO106.. pairs), so the buyer finds its own SKU.
 */
import { amount, type OrderPlan, type Shipment } from './decide';
import { seg, type Element, type Interchange, type SegmentOut } from './syntax/types';
import type { ItemId } from './order';
import type { Verdict } from './verdict';

const compact = (iso: string) => iso.replace(/-/g, '');
export const num = (n: number) => String(n);
const idPairs = (ids: readonly ItemId[]): string[] => ids.flatMap((i) => [i.qualifier, i.id]);

/** One 997 set per functional group; an unreadable interchange gets one rejecting set for group '0'. */
export function x12FunctionalAcks(received: Interchange, verdict: Verdict): SegmentOut[][] {
  if (received.groups.length === 0) return [[seg('AK1', 'PO', '0'), seg('AK9', 'R', '0', '0', '0')]];
  return received.groups.map((group, g) => {
    const out: SegmentOut[] = [seg('AK1', group.id || 'PO', group.reference || '0')];
    let accepted = 0;
    group.messages.forEach((m, i) => {
      const refusal = verdict.messages[g]?.[i] ?? null;
      out.push(seg('AK2', m.type, m.reference));
      if (refusal === null) {
        accepted++;
        out.push(seg('AK5', 'A'));
      } else {
        out.push(seg('AK5', 'R', refusal.code));
      }
    });
    const n = String(group.messages.length);
    const groupError = verdict.groups[g] ?? null;
    const status = groupError !== null || accepted === 0 ? 'R' : accepted < group.messages.length ? 'P' : 'A';
    const codes: Element[] = groupError?.code ? [groupError.code] : [];
    out.push(seg('AK9', status, n, n, String(groupError !== null ? 0 : accepted), ...codes));
    return out;
  });
}

const ACK_CODES = { accepted: 'IA', rejected: 'IR', quantity: 'IQ', date: 'DR' } as const;

export function x12_855(plan: OrderPlan): SegmentOut[] {
  const type = { accepted: 'AD', changed: 'AC', rejected: 'RJ' }[plan.status];
  const out: SegmentOut[] = [seg('BAK', '00', type, plan.order.poNumber, compact(plan.order.orderDate), '', '', '', plan.ackId, compact(plan.ackDate))];
  for (const l of plan.lines) {
    out.push(seg('PO1', l.line.lineId, num(l.line.quantity), l.line.unit, l.line.price === null ? '' : num(l.line.price), '', ...idPairs(l.line.ids)));
    const code = l.status === 'changed' ? ACK_CODES[l.change ?? 'date'] : ACK_CODES[l.status];
    // 067: current schedule delivery, the date the supplier now promises.
    out.push(l.status === 'rejected' ? seg('ACK', code, '0', l.line.unit) : seg('ACK', code, num(l.confirmedQty), l.line.unit, '067', compact(l.promisedDate)));
  }
  out.push(seg('CTT', String(plan.lines.length)));
  return out;
}

export function x12_856(plan: OrderPlan, shipment: Shipment): SegmentOut[] {
  const shipTo = plan.order.shipTo;
  const out: SegmentOut[] = [
    seg('BSN', '00', shipment.asnId, compact(shipment.shipDate), '0800'),
    seg('HL', '1', '', 'S'),
    seg('TD5', '', '2', shipment.carrier),
    seg('REF', 'BM', shipment.tracking),
    seg('DTM', '011', compact(shipment.shipDate), '0800'),
    seg('DTM', '017', compact(shipment.expectedDate), '1000'),
  ];
  if (shipTo) out.push(seg('N1', 'ST', shipTo.name, shipTo.qualifier, shipTo.id));
  out.push(seg('HL', '2', '1', 'O'), seg('PRF', plan.order.poNumber));
  shipment.lines.forEach((l, i) => {
    out.push(seg('HL', String(i + 3), '2', 'I'), seg('LIN', l.line.lineId, ...idPairs(l.line.ids)), seg('SN1', '', num(l.shippedQty), l.line.unit));
  });
  out.push(seg('CTT', String(shipment.lines.length + 2)));
  return out;
}

export function x12_810(plan: OrderPlan, shipment: Shipment, currency: string): SegmentOut[] {
  const out: SegmentOut[] = [
    seg('BIG', compact(shipment.invoiceDate), shipment.invoiceId, compact(plan.order.orderDate), plan.order.poNumber),
    seg('CUR', 'SE', currency),
    seg('ITD', '01', '3', '', '', '', compact(shipment.dueDate), '30'),
  ];
  for (const l of shipment.lines) out.push(seg('IT1', l.line.lineId, num(l.invoicedQty), l.line.unit, num(l.invoicedPrice), '', ...idPairs(l.line.ids)));
  // TDS01 is an N2 amount: cents, no decimal point.
  const cents = shipment.lines.reduce((sum, l) => sum + Math.round(amount(l.invoicedQty, l.invoicedPrice) * 100), 0);
  out.push(seg('TDS', String(cents)), seg('CTT', String(shipment.lines.length)));
  return out;
}
