/**
 * The supplier's EDIFACT messages (D96A/D01B layouts, which agree for these segments): CONTRL
 * syntax report, ORDRSP order response, DESADV despatch advice, INVOIC invoice. Line ids come back
 * in RFF+LI and item ids as the ORDERS sent them (LIN C212, then PIA).
 */
import { amount, type OrderPlan, type Shipment } from './decide';
import { seg, type Element, type Interchange, type Party, type SegmentOut } from './syntax/types';
import type { ItemId } from './order';
import type { Verdict } from './verdict';
import { num } from './answers-x12';

const compact = (iso: string) => iso.replace(/-/g, '');
const party = (p: Party): string[] => [p.id, p.qualifier];
/** NAD C082: id, code list, agency (9 = GS1 for qualifier 14 ids, else 92 = assigned by buyer). */
const nadId = (p: Party): string[] => [p.id, '', p.qualifier === '14' ? '9' : '92'];

function itemSegments(lineNumber: number, action: string, ids: readonly ItemId[]): SegmentOut[] {
  const [first, ...others] = ids;
  const out = [seg('LIN', String(lineNumber), action, first ? [first.id, first.qualifier] : '')];
  if (others.length > 0) out.push(seg('PIA', '1', ...others.map((i): Element => [i.id, i.qualifier])));
  return out;
}

/** UCI for the interchange (7 acknowledged, 4 rejected) and one UCM per message it held. */
export function contrl(received: Interchange, verdict: Verdict): SegmentOut[] {
  const messages = received.groups.flatMap((g, gi) => g.messages.map((m, mi) => ({ m, refusal: verdict.messages[gi]?.[mi] ?? null })));
  const groupRefused = verdict.groups.some((g) => g !== null);
  const allRefused =
    verdict.interchange !== null || groupRefused || (messages.length > 0 && messages.every((x) => x.refusal !== null)) || messages.length === 0;
  const uci: Element[] = [received.reference, party(received.sender), party(received.receiver), allRefused ? '4' : '7'];
  const top = verdict.interchange ?? verdict.groups.find((g) => g !== null) ?? null;
  if (top?.code) uci.push(top.code);
  const out: SegmentOut[] = [seg('UCI', ...uci)];
  for (const { m, refusal } of messages) {
    const id: Element = [m.type, m.version.slice(0, 1), m.version.slice(1), 'UN'];
    out.push(refusal === null ? seg('UCM', m.reference, id, '7') : seg('UCM', m.reference, id, '4', refusal.code));
  }
  return out;
}

export function ordrsp(plan: OrderPlan, buyer: Party, supplier: Party): SegmentOut[] {
  const fn = { accepted: '29', changed: '4', rejected: '27' }[plan.status];
  const out: SegmentOut[] = [
    seg('BGM', '231', plan.ackId, fn),
    seg('DTM', ['137', compact(plan.ackDate), '102']),
    seg('RFF', ['ON', plan.order.poNumber]),
    seg('NAD', 'BY', nadId(buyer)),
    seg('NAD', 'SU', nadId(supplier)),
  ];
  plan.lines.forEach((l, i) => {
    const action = { accepted: '5', changed: '3', rejected: '7' }[l.status];
    out.push(...itemSegments(i + 1, action, l.line.ids));
    out.push(seg('QTY', ['21', num(l.line.quantity), l.line.unit]), seg('QTY', ['113', num(l.confirmedQty), l.line.unit]));
    if (l.status !== 'rejected') out.push(seg('DTM', ['69', compact(l.promisedDate), '102']));
    out.push(seg('RFF', ['LI', l.line.lineId]));
  });
  out.push(seg('UNS', 'S'));
  return out;
}

export function desadv(plan: OrderPlan, shipment: Shipment, buyer: Party, supplier: Party): SegmentOut[] {
  const shipTo = plan.order.shipTo;
  const out: SegmentOut[] = [
    seg('BGM', '351', shipment.asnId, '9'),
    seg('DTM', ['137', compact(shipment.shipDate), '102']),
    seg('DTM', ['11', `${compact(shipment.shipDate)}0800`, '203']),
    seg('DTM', ['17', `${compact(shipment.expectedDate)}1000`, '203']),
    seg('RFF', ['ON', plan.order.poNumber]),
    seg('RFF', ['BM', shipment.tracking]),
    seg('NAD', 'SU', nadId(supplier)),
    seg('NAD', 'BY', nadId(buyer)),
  ];
  if (shipTo) out.push(seg('NAD', 'DP', [shipTo.id, '', shipTo.qualifier]));
  out.push(seg('TDT', '20', '', '', '', [shipment.carrier]), seg('CPS', '1'));
  shipment.lines.forEach((l, i) => {
    out.push(...itemSegments(i + 1, '', l.line.ids), seg('QTY', ['12', num(l.shippedQty), l.line.unit]), seg('RFF', ['LI', l.line.lineId]));
  });
  out.push(seg('CNT', ['2', String(shipment.lines.length)]));
  return out;
}

export function invoic(plan: OrderPlan, shipment: Shipment, currency: string, buyer: Party, supplier: Party): SegmentOut[] {
  const out: SegmentOut[] = [
    seg('BGM', '380', shipment.invoiceId, '9'),
    seg('DTM', ['137', compact(shipment.invoiceDate), '102']),
    seg('RFF', ['ON', plan.order.poNumber]),
    seg('NAD', 'SU', nadId(supplier)),
    seg('NAD', 'BY', nadId(buyer)),
    seg('CUX', ['2', currency, '4']),
    seg('PAT', '1'),
    seg('DTM', ['13', compact(shipment.dueDate), '102']),
  ];
  shipment.lines.forEach((l, i) => {
    out.push(
      ...itemSegments(i + 1, '', l.line.ids),
      seg('QTY', ['47', num(l.invoicedQty), l.line.unit]),
      seg('MOA', ['203', num(amount(l.invoicedQty, l.invoicedPrice))]),
      seg('PRI', ['AAA', num(l.invoicedPrice)]),
      seg('RFF', ['LI', l.line.lineId]),
    );
  });
  // MOA+79: total line items amount; +77: invoice amount (the same here: the sandbox invoices no tax).
  out.push(seg('UNS', 'S'), seg('MOA', ['79', num(shipment.invoiceTotal)]), seg('MOA', ['77', num(shipment.invoiceTotal)]));
  return out;
}
