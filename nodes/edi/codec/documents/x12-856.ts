/**
 * X12 856 Ship Notice/Manifest → asn@1. BSN: 02 shipment id, 03/04 date and time. The body is a
 * hierarchy of HL segments (HL01 id, HL02 parent, HL03 level): S shipment (TD5 carrier, REF*BM/CN
 * tracking, DTM*011 shipped, DTM*017/067 expected, N1*ST ship-to), O order (PRF01 PO number),
 * P/T pack and tare (ignored), I item (LIN ids incl. LT lot, SN1 02 qty / 03 unit, DTM*036 expiry).
 */
import { el, seg, type EdiSegment, type EdiSet, type SegmentSpec } from '../tree';
import type { Asn } from './canonical';
import {
  Findings,
  compactDate,
  compactTime,
  decimal,
  first,
  formatNumber,
  mapUnit,
  ourLocation,
  partnerLocation,
  pickSku,
  supplierCode,
  timestamp,
  x12ProductIds,
  ymd,
  X12_SKU_QUALIFIERS,
  type DocumentFacts,
} from './common';
import { x12Parties } from './x12-850';
import { toPartnerUnit } from '../../partners/units';
import type { TransactionMap } from './map';

interface HlNode {
  id: string;
  parent: string;
  level: string;
  segments: EdiSegment[];
}

/** Groups the body by HL; segments before the first HL (BSN, DTM) are the header. */
export function hierarchy(segments: readonly EdiSegment[]): { header: EdiSegment[]; nodes: HlNode[] } {
  const header: EdiSegment[] = [];
  const nodes: HlNode[] = [];
  for (const s of segments) {
    if (s.tag === 'HL') nodes.push({ id: el(s, 1), parent: el(s, 2), level: el(s, 3), segments: [s] });
    else if (s.tag === 'CTT') continue;
    else if (nodes.length > 0) nodes[nodes.length - 1].segments.push(s);
    else header.push(s);
  }
  return { header, nodes };
}

function facts(set: EdiSet): DocumentFacts {
  const bsn = first(set.segments, 'BSN');
  const items = hierarchy(set.segments).nodes.filter((n) => n.level === 'I');
  return {
    number: bsn ? el(bsn, 2) : null,
    date: bsn ? ymd(el(bsn, 3)) : null,
    parties: x12Parties(set.segments),
    lineCount: items.length,
    lines: items.map((n) => {
      const lin = first(n.segments, 'LIN');
      const sn1 = first(n.segments, 'SN1');
      return { productId: lin ? (x12ProductIds(lin, 2)[0]?.id ?? '') : '', quantity: decimal(el(sn1, 2)), unit: el(sn1, 3) };
    }),
  };
}

export const x12_856: TransactionMap<Asn> = {
  standard: 'x12',
  type: '856',
  kind: 'asn',
  functionalId: 'SH',
  facts,
  toCanonical(set, ctx) {
    const f = new Findings(set);
    const { header, nodes } = hierarchy(set.segments);
    const bsn = first(header, 'BSN');
    if (!bsn) f.add('DOC_FIELD_MISSING', null, 'no BSN segment');
    const shipment = nodes.find((n) => n.level === 'S');
    const scope = [...header, ...(shipment?.segments ?? [])];
    const dtm = (q: string) => {
      const d = first(scope, 'DTM', (s) => el(s, 1) === q);
      return d ? timestamp(el(d, 2), el(d, 3)) : null;
    };
    let shippedAt = dtm('011');
    if (!shippedAt) {
      shippedAt = timestamp(el(bsn, 3), el(bsn, 4));
      f.add('DOC_DEFAULTED', bsn, 'no DTM*011 ship date; the BSN date is used');
    }
    let expectedAt = dtm('017') ?? dtm('067') ?? dtm('002');
    if (!expectedAt) {
      expectedAt = shippedAt;
      f.add('DOC_DEFAULTED', bsn, 'no DTM*017/067/002 expected date; the ship date is used');
    }
    const td5 = first(scope, 'TD5');
    const shipTo = first(scope, 'N1', (s) => el(s, 1) === 'ST');
    const tracking = first(scope, 'REF', (s) => ['BM', 'CN', '2I'].includes(el(s, 1)));
    const preferred = ctx.profile?.skuQualifiers ?? X12_SKU_QUALIFIERS;
    const items = nodes.filter((n) => n.level === 'I');
    const orders = nodes
      .filter((n) => n.level === 'O')
      .map((n) => el(first(n.segments, 'PRF'), 1))
      .filter(Boolean);
    const lines = items.map((item) => {
      const lin = first(item.segments, 'LIN');
      const sn1 = first(item.segments, 'SN1');
      const at = lin ?? item.segments[0];
      const ids = lin ? x12ProductIds(lin, 2) : [];
      const qty = decimal(el(sn1, 2));
      if (qty === null) f.add('DOC_VALUE_INVALID', sn1 ?? at, `item HL ${item.id}: SN102 "${el(sn1, 2)}" is not a quantity`);
      const expiry = first(item.segments, 'DTM', (s) => el(s, 1) === '036');
      return {
        line_id: item.id,
        po_line_id: el(lin, 1) || null,
        sku: pickSku(
          ids.filter((p) => p.qualifier !== 'LT'),
          preferred,
          f,
          at,
        ),
        quantity: qty ?? 0,
        uom: mapUnit(el(sn1, 3), 'x12', ctx.profile, f, sn1 ?? at),
        lot: ids.find((p) => p.qualifier === 'LT')?.id ?? null,
        expiry: expiry ? ymd(el(expiry, 2)) : null,
      };
    });
    if (lines.length === 0) f.add('DOC_FIELD_MISSING', null, 'no item (HL*I) levels');
    if (new Set(orders).size > 1) f.add('DOC_DEFAULTED', null, `ships ${new Set(orders).size} orders; po_id is the first (${orders[0]})`);
    const value: Asn = {
      asn_id: el(bsn, 2),
      supplier: supplierCode(ctx, 'sender'),
      po_id: orders[0] ?? null,
      ship_to: shipTo ? ourLocation(el(shipTo, 4) || el(shipTo, 2), ctx.profile) : null,
      shipped_at: shippedAt ?? '',
      expected_at: expectedAt ?? '',
      // TD503 is the carrier's SCAC; TD505 the routing text when there is no SCAC.
      carrier: td5 ? el(td5, 3) || el(td5, 5) || null : null,
      tracking: tracking ? el(tracking, 2) : null,
      interchange_ref: ctx.interchange.controlReference,
      lines,
    };
    if (!value.asn_id) f.add('DOC_FIELD_MISSING', bsn, 'BSN02 shipment id missing');
    if (!value.shipped_at) f.add('DOC_FIELD_MISSING', bsn, 'no usable ship date (DTM*011, BSN03)');
    return { value: f.problems.some((p) => p.severity === 'error') ? null : value, problems: f.problems };
  },
  fromCanonical(asn, { profile }) {
    const skuQ = profile?.skuQualifiers?.[0] ?? 'BP';
    const out: SegmentSpec[] = [seg('BSN', '00', asn.asn_id, compactDate(asn.shipped_at), compactTime(asn.shipped_at))];
    out.push(seg('HL', '1', '', 'S'));
    if (asn.carrier) out.push(seg('TD5', '', '2', asn.carrier));
    if (asn.tracking) out.push(seg('REF', 'BM', asn.tracking));
    out.push(seg('DTM', '011', compactDate(asn.shipped_at), compactTime(asn.shipped_at)));
    out.push(seg('DTM', '017', compactDate(asn.expected_at), compactTime(asn.expected_at)));
    if (asn.ship_to) out.push(seg('N1', 'ST', asn.ship_to, '92', partnerLocation(asn.ship_to, profile)));
    out.push(seg('HL', '2', '1', 'O'));
    if (asn.po_id) out.push(seg('PRF', asn.po_id));
    asn.lines.forEach((line, i) => {
      // Item HL ids continue after the shipment (1) and order (2) levels unless the line brings its own.
      const id = line.line_id && /^\d+$/.test(line.line_id) && Number(line.line_id) > 2 ? line.line_id : String(i + 3);
      out.push(seg('HL', id, '2', 'I'));
      out.push(seg('LIN', line.po_line_id ?? '', skuQ, line.sku, ...(line.lot ? ['LT', line.lot] : [])));
      out.push(seg('SN1', '', formatNumber(line.quantity), toPartnerUnit(line.uom, 'x12', profile?.units)));
      if (line.expiry) out.push(seg('DTM', '036', compactDate(line.expiry)));
    });
    out.push(seg('CTT', String(asn.lines.length)));
    return out;
  },
};
