/**
 * EDIFACT ORDRSP → po_acknowledgment@1. BGM 231 with 1225 message function (29 accepted without
 * amendment, 27 not accepted, 4/28/30 changes), RFF+ON the order, DTM+137 the response date.
 * Lines: LIN 1229 action (5 accepted, 3 changed, 6 accepted with amendment, 7 not accepted,
 * 2 deleted), QTY+21 ordered, QTY+113 (or 12) confirmed, QTY+83 backordered, DTM+69/67/2 promised
 * delivery, RFF+LI our PO line.
 */
import { el, seg, type SegmentSpec } from '../tree';
import type { PoAcknowledgment } from './canonical';
import { Findings, compactDate, first, formatNumber, mapUnit, pickSku, supplierCode, EDIFACT_SKU_QUALIFIERS } from './common';
import { bgmNumber, dtm, edifactFacts, edifactProductIds, interchangeDate, lineLoops, nadId, qty, quantities, rff } from './edifact-common';
import { toPartnerUnit } from '../../partners/units';
import type { TransactionMap } from './map';

type HeaderStatus = PoAcknowledgment['status'];
type LineStatus = PoAcknowledgment['lines'][number]['status'];

const FUNCTION: Record<string, HeaderStatus> = { '29': 'accepted', '27': 'rejected', '4': 'changed', '28': 'changed', '30': 'changed' };
const ACTION: Record<string, LineStatus> = { '5': 'accepted', '3': 'changed', '6': 'changed', '7': 'rejected', '2': 'rejected' };

export const edifact_ordrsp: TransactionMap<PoAcknowledgment> = {
  standard: 'edifact',
  type: 'ORDRSP',
  kind: 'po_acknowledgment',
  facts: (set) => edifactFacts(set, ['137'], ['113', '12', '21']),
  toCanonical(set, ctx) {
    const f = new Findings(set);
    const { header, lines: loops } = lineLoops(set.segments);
    const bgm = first(header, 'BGM');
    const declared = FUNCTION[el(bgm, 3)];
    const preferred = ctx.profile?.skuQualifiers ?? EDIFACT_SKU_QUALIFIERS;
    const lines = loops.map((loop, i) => {
      const lin = loop[0];
      const back = qty(loop, '83');
      const confirmed = qty(loop, '113', '12');
      const ordered = qty(loop, '21');
      let status: LineStatus = ACTION[el(lin, 2)] ?? (declared === 'rejected' ? 'rejected' : declared === 'changed' ? 'changed' : 'accepted');
      if (back && (back.value ?? 0) > 0) status = 'backordered';
      // Partners on local code lists (e.g. German energy market ORDRSP) use other qualifiers: take the first.
      const used = (status === 'backordered' ? back : confirmed) ?? ordered ?? quantities(loop)[0] ?? null;
      if (!used) f.add('DOC_FIELD_MISSING', lin, `line ${el(lin, 1) || i + 1} has no quantity`);
      return {
        po_line_id: rff(loop, 'LI') ?? (el(lin, 1) || String(i + 1)),
        sku: pickSku(edifactProductIds(loop), preferred, f, lin),
        ordered_qty: confirmed || back ? (ordered?.value ?? null) : null,
        quantity: status === 'rejected' && !confirmed ? 0 : (used?.value ?? 0),
        uom: mapUnit(used?.unit ?? '', 'edifact', ctx.profile, f, used?.segment ?? lin),
        status,
        promised_date: dtm(loop, '69', '67', '2', '17')?.date ?? null,
      };
    });
    // Without a recognised 1225 the lines decide: all as ordered → accepted, all refused → rejected.
    const status: HeaderStatus =
      declared ??
      (lines.length > 0 && lines.every((l) => l.status === 'accepted')
        ? 'accepted'
        : lines.length > 0 && lines.every((l) => l.status === 'rejected')
          ? 'rejected'
          : 'changed');
    let ackDate = dtm(header, '137')?.date ?? null;
    if (!ackDate) {
      ackDate = interchangeDate(ctx.interchange);
      f.add('DOC_DEFAULTED', bgm, 'no DTM+137; the interchange date is used as acknowledgment date');
    }
    const value: PoAcknowledgment = {
      po_id: rff(header, 'ON') ?? '',
      ack_id: bgmNumber(header) || null,
      supplier: supplierCode(ctx, 'sender'),
      ack_date: ackDate ?? '',
      status,
      received_at: ctx.receivedAt ?? new Date().toISOString(),
      interchange_ref: ctx.interchange.controlReference,
      lines,
    };
    if (!value.po_id) f.add('DOC_FIELD_MISSING', bgm, 'no RFF+ON order reference');
    if (!value.ack_date) f.add('DOC_FIELD_MISSING', bgm, 'no acknowledgment date');
    return { value: f.problems.some((p) => p.severity === 'error') ? null : value, problems: f.problems };
  },
  fromCanonical(ack, { profile }) {
    const skuQ = profile?.skuQualifiers?.[0] ?? 'IN';
    const fn = { accepted: '29', changed: '4', rejected: '27' }[ack.status];
    const out: SegmentSpec[] = [seg('BGM', '231', ack.ack_id ?? '', fn), seg('DTM', ['137', compactDate(ack.ack_date), '102']), seg('RFF', ['ON', ack.po_id])];
    if (profile) out.push(seg('NAD', 'BY', nadId(profile.us)), seg('NAD', 'SU', nadId(profile.partner)));
    ack.lines.forEach((line, i) => {
      const unit = toPartnerUnit(line.uom, 'edifact', profile?.units);
      const action = { accepted: '5', changed: '3', rejected: '7', backordered: '3' }[line.status];
      out.push(seg('LIN', String(i + 1), action, [line.sku, skuQ]));
      if (line.ordered_qty !== null && line.ordered_qty !== undefined) out.push(seg('QTY', ['21', formatNumber(line.ordered_qty), unit]));
      out.push(seg('QTY', [line.status === 'backordered' ? '83' : '113', formatNumber(line.quantity), unit]));
      if (line.promised_date) out.push(seg('DTM', ['69', compactDate(line.promised_date), '102']));
      out.push(seg('RFF', ['LI', line.po_line_id]));
    });
    out.push(seg('UNS', 'S'));
    return out;
  },
};
