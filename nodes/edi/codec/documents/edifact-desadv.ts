/**
 * EDIFACT DESADV → asn@1. BGM 351 (despatch advice) number, DTM+11 despatch, DTM+17/132/2
 * expected delivery or arrival, RFF+ON order, RFF+BM/CN tracking, NAD+DP/ST ship-to, TDT C040
 * carrier. Packing levels (CPS/PAC) are skipped; per LIN: ids (LIN C212, PIA), QTY+12 despatched
 * quantity, GIN+BX or PIA 'NB' batch, DTM+36 expiry, RFF+LI our PO line, RFF+ON when the header has none.
 */
import { el, seg, type EdiSegment, type SegmentSpec } from '../tree';
import type { Asn } from './canonical';
import { Findings, compactDate, first, formatNumber, mapUnit, ourLocation, partnerLocation, pickSku, supplierCode, EDIFACT_SKU_QUALIFIERS } from './common';
import { bgmNumber, dtm, edifactFacts, edifactProductIds, lineLoops, nadId, qty, quantities, rff } from './edifact-common';
import { toPartnerUnit } from '../../partners/units';
import type { TransactionMap } from './map';

const timeOf = (iso: string) => iso.slice(0, 16).replace(/[-:T]/g, '');

export const edifact_desadv: TransactionMap<Asn> = {
  standard: 'edifact',
  type: 'DESADV',
  kind: 'asn',
  facts: (set) => edifactFacts(set, ['137', '11'], ['12']),
  toCanonical(set, ctx) {
    const f = new Findings(set);
    const { header, lines: loops } = lineLoops(set.segments, ['CNT', 'UNS']);
    // Header = everything before the first packing or line level.
    const head = header.filter((_, i) => !header.slice(0, i + 1).some((s) => s.tag === 'CPS'));
    const bgm = first(head, 'BGM');
    let shipped = dtm(head, '11')?.timestamp ?? null;
    if (!shipped) {
      shipped = dtm(head, '137')?.timestamp ?? null;
      f.add('DOC_DEFAULTED', bgm, 'no DTM+11 despatch date; the document date is used');
    }
    let expected = dtm(head, '17', '132', '2', '69')?.timestamp ?? null;
    if (!expected) {
      expected = shipped;
      f.add('DOC_DEFAULTED', bgm, 'no DTM+17/132/2 expected date; the despatch date is used');
    }
    const dp = first(head, 'NAD', (s) => ['DP', 'ST'].includes(el(s, 1)));
    const tdt = first(head, 'TDT');
    const preferred = ctx.profile?.skuQualifiers ?? EDIFACT_SKU_QUALIFIERS;
    const lines = loops.map((loop: EdiSegment[], i) => {
      const lin = loop[0];
      const ids = edifactProductIds(loop);
      const q = qty(loop, '12') ?? quantities(loop)[0] ?? null;
      if (!q || q.value === null) f.add('DOC_VALUE_INVALID', q?.segment ?? lin, 'no despatched quantity (QTY+12)');
      const gin = first(loop, 'GIN', (s) => el(s, 1) === 'BX');
      const lot = gin ? el(gin, 2, 1) : (ids.find((p) => p.qualifier === 'NB')?.id ?? null);
      return {
        line_id: el(lin, 1) || String(i + 1),
        po_line_id: rff(loop, 'LI'),
        sku: pickSku(
          ids.filter((p) => p.qualifier !== 'NB'),
          preferred,
          f,
          lin,
        ),
        quantity: q?.value ?? 0,
        uom: mapUnit(q?.unit ?? '', 'edifact', ctx.profile, f, q?.segment ?? lin),
        lot: lot || null,
        expiry: dtm(loop, '36')?.date ?? null,
      };
    });
    if (lines.length === 0) f.add('DOC_FIELD_MISSING', bgm, 'no LIN lines');
    const value: Asn = {
      asn_id: bgmNumber(head),
      supplier: supplierCode(ctx, 'sender'),
      po_id: rff(head, 'ON') ?? loops.map((l) => rff(l, 'ON')).find((x) => x) ?? null,
      ship_to: dp ? ourLocation(el(dp, 2, 1), ctx.profile) : null,
      shipped_at: shipped ?? '',
      expected_at: expected ?? '',
      // TDT C040: 3127 carrier id, 3128 carrier name.
      carrier: tdt ? el(tdt, 5, 1) || el(tdt, 5, 4) || null : null,
      tracking: rff(head, 'BM') ?? rff(head, 'CN'),
      interchange_ref: ctx.interchange.controlReference,
      lines,
    };
    if (!value.asn_id) f.add('DOC_FIELD_MISSING', bgm, 'BGM despatch advice number missing');
    if (!value.shipped_at) f.add('DOC_FIELD_MISSING', bgm, 'no despatch or document date');
    return { value: f.problems.some((p) => p.severity === 'error') ? null : value, problems: f.problems };
  },
  fromCanonical(asn, { profile }) {
    const skuQ = profile?.skuQualifiers?.[0] ?? 'IN';
    const out: SegmentSpec[] = [
      seg('BGM', '351', asn.asn_id, '9'),
      seg('DTM', ['137', compactDate(asn.shipped_at), '102']),
      seg('DTM', ['11', timeOf(asn.shipped_at), '203']),
      seg('DTM', ['17', timeOf(asn.expected_at), '203']),
    ];
    if (asn.po_id) out.push(seg('RFF', ['ON', asn.po_id]));
    if (asn.tracking) out.push(seg('RFF', ['BM', asn.tracking]));
    if (profile) out.push(seg('NAD', 'SU', nadId(profile.partner)), seg('NAD', 'BY', nadId(profile.us)));
    if (asn.ship_to) out.push(seg('NAD', 'DP', [partnerLocation(asn.ship_to, profile), '', '92']));
    if (asn.carrier) out.push(seg('TDT', '20', '', '', '', [asn.carrier]));
    out.push(seg('CPS', '1'));
    asn.lines.forEach((line, i) => {
      out.push(seg('LIN', line.line_id ?? String(i + 1), '', [line.sku, skuQ]));
      out.push(seg('QTY', ['12', formatNumber(line.quantity), toPartnerUnit(line.uom, 'edifact', profile?.units)]));
      if (line.expiry) out.push(seg('DTM', ['36', compactDate(line.expiry), '102']));
      if (line.lot) out.push(seg('GIN', 'BX', line.lot));
      if (line.po_line_id) out.push(seg('RFF', ['LI', line.po_line_id]));
    });
    out.push(seg('CNT', ['2', String(asn.lines.length)]));
    return out;
  },
};
