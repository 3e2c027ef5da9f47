/**
 * X12 855 Purchase Order Acknowledgment → po_acknowledgment@1. BAK: 02 acknowledgment type,
 * 03 PO number, 04 PO date, 08 seller's reference (our ack_id), 09 acknowledgment date (since
 * 004010; older files lack it, so the group date GS04 stands in). PO1 loop: 01 PO line, 02 qty
 * ordered, 03 unit, ids; ACK: 01 line status, 02 qty, 03 unit, 04 date qualifier, 05 date.
 */
import { el, seg, type EdiSet, type SegmentSpec } from '../tree';
import type { PoAcknowledgment } from './canonical';
import {
  Findings,
  compactDate,
  decimal,
  first,
  formatNumber,
  loops,
  mapUnit,
  pickSku,
  supplierCode,
  x12ProductIds,
  ymd,
  X12_SKU_QUALIFIERS,
  type DocumentFacts,
} from './common';
import { x12Parties } from './x12-850';
import { toPartnerUnit } from '../../partners/units';
import type { TransactionMap } from './map';

type HeaderStatus = PoAcknowledgment['status'];
type LineStatus = PoAcknowledgment['lines'][number]['status'];

/** BAK02 (DE 587) → header status. */
const ACK_TYPES: Record<string, HeaderStatus> = {
  AD: 'accepted',
  AK: 'accepted',
  AT: 'accepted',
  AC: 'changed',
  AE: 'changed',
  RD: 'rejected',
  RF: 'rejected',
  RJ: 'rejected',
  RO: 'rejected',
};
/** ACK01 (DE 668) → line status. */
const LINE_CODES: Record<string, LineStatus> = {
  IA: 'accepted',
  AC: 'accepted',
  IB: 'backordered',
  BP: 'backordered',
  IR: 'rejected',
  ID: 'rejected',
  R1: 'rejected',
  R2: 'rejected',
  R3: 'rejected',
  R4: 'rejected',
  IC: 'changed',
  IQ: 'changed',
  IP: 'changed',
  IS: 'changed',
  DR: 'changed',
  IW: 'changed',
  IF: 'changed',
};
const BACK: Record<LineStatus, string> = { accepted: 'IA', backordered: 'IB', rejected: 'IR', changed: 'IC' };
/** ACK04/DTM qualifiers that carry the date the supplier promises: 067 delivery, 068 ship, 017 estimated delivery. */
const PROMISE_QUALIFIERS = ['067', '068', '017', '002'];

function facts(set: EdiSet): DocumentFacts {
  const bak = first(set.segments, 'BAK');
  const items = set.segments.filter((s) => s.tag === 'PO1');
  return {
    number: bak ? el(bak, 8) || el(bak, 3) : null,
    date: bak ? (ymd(el(bak, 9)) ?? ymd(el(bak, 4))) : null,
    parties: x12Parties(set.segments),
    lineCount: items.length,
    lines: items.map((s) => ({ productId: x12ProductIds(s, 6)[0]?.id ?? '', quantity: decimal(el(s, 2)), unit: el(s, 3) })),
  };
}

export const x12_855: TransactionMap<PoAcknowledgment> = {
  standard: 'x12',
  type: '855',
  kind: 'po_acknowledgment',
  functionalId: 'PR',
  facts,
  toCanonical(set, ctx) {
    const f = new Findings(set);
    const { before, loops: items } = loops(set.segments, 'PO1', ['CTT']);
    const bak = first(before, 'BAK');
    if (!bak) f.add('DOC_FIELD_MISSING', null, 'no BAK segment');
    const status = ACK_TYPES[el(bak, 2)];
    if (bak && !status) f.add('DOC_DEFAULTED', bak, `BAK02 "${el(bak, 2)}" is not a known acknowledgment type; status "changed" assumed`);
    let ackDate = ymd(el(bak, 9));
    if (!ackDate) {
      ackDate = ymd(ctx.group.date);
      f.add('DOC_DEFAULTED', bak, 'BAK09 acknowledgment date missing; the group date (GS04) is used');
    }
    const preferred = ctx.profile?.skuQualifiers ?? X12_SKU_QUALIFIERS;
    const headerStatus: HeaderStatus = status ?? 'changed';
    const lines = items.map((loop) => {
      const po1 = loop[0];
      const ack = first(loop, 'ACK');
      const ordered = decimal(el(po1, 2));
      const confirmed = ack ? decimal(el(ack, 2)) : null;
      const lineStatus: LineStatus = ack
        ? (LINE_CODES[el(ack, 1)] ?? 'changed')
        : headerStatus === 'rejected'
          ? 'rejected'
          : headerStatus === 'changed'
            ? 'changed'
            : 'accepted';
      const ackDateQ = ack && PROMISE_QUALIFIERS.includes(el(ack, 4)) ? ymd(el(ack, 5)) : null;
      const dtm = first(loop, 'DTM', (s) => PROMISE_QUALIFIERS.includes(el(s, 1)));
      return {
        po_line_id: el(po1, 1),
        sku: pickSku(x12ProductIds(po1, 6), preferred, f, po1),
        ordered_qty: ordered,
        quantity: confirmed ?? (lineStatus === 'rejected' ? 0 : (ordered ?? 0)),
        uom: mapUnit(el(ack, 3) || el(po1, 3), 'x12', ctx.profile, f, ack ?? po1),
        status: lineStatus,
        promised_date: ackDateQ ?? (dtm ? ymd(el(dtm, 2)) : null),
      };
    });
    const value: PoAcknowledgment = {
      po_id: el(bak, 3),
      ack_id: el(bak, 8) || null,
      supplier: supplierCode(ctx, 'sender'),
      ack_date: ackDate ?? '',
      status: headerStatus,
      received_at: ctx.receivedAt ?? new Date().toISOString(),
      interchange_ref: ctx.interchange.controlReference,
      lines,
    };
    if (!value.po_id) f.add('DOC_FIELD_MISSING', bak, 'BAK03 purchase order number missing');
    if (!value.ack_date) f.add('DOC_FIELD_MISSING', bak, 'no acknowledgment date (BAK09, GS04)');
    return { value: f.problems.some((p) => p.severity === 'error') ? null : value, problems: f.problems };
  },
  fromCanonical(ack, { profile }) {
    const skuQ = profile?.skuQualifiers?.[0] ?? 'BP';
    const type = { accepted: 'AD', changed: 'AC', rejected: 'RJ' }[ack.status];
    const out: SegmentSpec[] = [seg('BAK', '00', type, ack.po_id, compactDate(ack.ack_date), '', '', '', ack.ack_id ?? '', compactDate(ack.ack_date))];
    for (const line of ack.lines) {
      const unit = toPartnerUnit(line.uom, 'x12', profile?.units);
      const ordered = line.ordered_qty === null || line.ordered_qty === undefined ? '' : formatNumber(line.ordered_qty);
      out.push(seg('PO1', line.po_line_id, ordered, unit, '', '', skuQ, line.sku));
      const date: string[] = line.promised_date ? ['068', compactDate(line.promised_date)] : [];
      out.push(seg('ACK', BACK[line.status], formatNumber(line.quantity), unit, ...date));
    }
    out.push(seg('CTT', String(ack.lines.length)));
    return out;
  },
};
