/**
 * X12 850 Purchase Order ↔ SupplierOrder. We send 850s; reading one back serves round trips and
 * the sandbox supplier. Segments: BEG (03 PO number, 05 date), CUR, N1*ST ship-to, PO1 loop
 * (01 line, 02 qty, 03 unit, 04 price, 06/07.. id pairs) with DTM*002 need-by, CTT (line count,
 * hash total of quantities). 004010 and 005010 lay these segments out the same; 005010 differs in
 * the envelope (ISA11 repetition separator, optional ST03).
 */
import { el, seg, type EdiSegment, type EdiSet, type SegmentSpec } from '../tree';
import type { SupplierOrder } from './canonical';
import {
  Findings,
  compactDate,
  decimal,
  first,
  formatNumber,
  loops,
  mapUnit,
  ourLocation,
  partnerLocation,
  pickSku,
  x12ProductIds,
  ymd,
  X12_SKU_QUALIFIERS,
  type DocumentFacts,
  type DocumentParty,
} from './common';
import { toPartnerUnit } from '../../partners/units';
import type { TransactionMap } from './map';

export function x12Parties(segments: readonly EdiSegment[]): DocumentParty[] {
  return segments.filter((s) => s.tag === 'N1').map((s) => ({ role: el(s, 1), name: el(s, 2), qualifier: el(s, 3), id: el(s, 4) }));
}

function facts(set: EdiSet): DocumentFacts {
  const beg = first(set.segments, 'BEG');
  const items = set.segments.filter((s) => s.tag === 'PO1');
  return {
    number: beg ? el(beg, 3) : null,
    date: beg ? ymd(el(beg, 5)) : null,
    parties: x12Parties(set.segments),
    lineCount: items.length,
    lines: items.map((s) => ({ productId: x12ProductIds(s, 6)[0]?.id ?? '', quantity: decimal(el(s, 2)), unit: el(s, 3) })),
  };
}

export const x12_850: TransactionMap<SupplierOrder> = {
  standard: 'x12',
  type: '850',
  kind: 'supplier_order',
  functionalId: 'PO',
  facts,
  toCanonical(set, ctx) {
    const f = new Findings(set);
    const { before, loops: items } = loops(set.segments, 'PO1', ['CTT', 'AMT']);
    const beg = first(before, 'BEG');
    if (!beg) f.add('DOC_FIELD_MISSING', null, 'no BEG segment');
    const shipTo = first(before, 'N1', (s) => el(s, 1) === 'ST');
    const preferred = ctx.profile?.skuQualifiers ?? X12_SKU_QUALIFIERS;
    const supplierQ = ctx.profile?.supplierItemQualifier ?? 'VP';
    const order: SupplierOrder = {
      po_id: el(beg, 3),
      supplier: ctx.profile?.id ?? ctx.interchange.receiver.id,
      order_date: ymd(el(beg, 5)) ?? '',
      currency: el(first(before, 'CUR'), 2) || null,
      ship_to: shipTo ? ourLocation(el(shipTo, 4) || el(shipTo, 2), ctx.profile) : '',
      ship_to_name: el(shipTo, 2) || null,
      lines: items.map((loop) => {
        const po1 = loop[0];
        const ids = x12ProductIds(po1, 6);
        const qty = decimal(el(po1, 2));
        if (qty === null) f.add('DOC_VALUE_INVALID', po1, `PO102 "${el(po1, 2)}" is not a quantity`);
        const dtm = first(loop, 'DTM', (s) => el(s, 1) === '002');
        return {
          line_id: el(po1, 1),
          sku: pickSku(ids, preferred, f, po1),
          supplier_sku: ids.find((p) => p.qualifier === supplierQ)?.id ?? null,
          quantity: qty ?? 0,
          uom: mapUnit(el(po1, 3), 'x12', ctx.profile, f, po1),
          unit_price: decimal(el(po1, 4)),
          need_by: dtm ? ymd(el(dtm, 2)) : null,
        };
      }),
    };
    if (order.order_date === '') f.add('DOC_FIELD_MISSING', beg, 'BEG05 order date missing or invalid');
    return { value: f.problems.some((p) => p.severity === 'error') ? null : order, problems: f.problems };
  },
  fromCanonical(order, { profile }) {
    const skuQ = profile?.skuQualifiers?.[0] ?? 'BP';
    const supplierQ = profile?.supplierItemQualifier ?? 'VP';
    const out: SegmentSpec[] = [seg('BEG', '00', 'SA', order.po_id, '', compactDate(order.order_date))];
    if (order.currency) out.push(seg('CUR', 'BY', order.currency));
    // N103 '92' = id assigned by the buyer: our location code unless the profile maps it.
    out.push(seg('N1', 'ST', order.ship_to_name ?? order.ship_to, '92', partnerLocation(order.ship_to, profile)));
    for (const line of order.lines) {
      const ids = [skuQ, line.sku, ...(line.supplier_sku ? [supplierQ, line.supplier_sku] : [])];
      const price = line.unit_price === null || line.unit_price === undefined ? '' : formatNumber(line.unit_price);
      out.push(seg('PO1', line.line_id, formatNumber(line.quantity), toPartnerUnit(line.uom, 'x12', profile?.units), price, '', ...ids));
      if (line.need_by) out.push(seg('DTM', '002', compactDate(line.need_by)));
    }
    // CTT02 is a hash total: the sum of the PO102 quantities.
    out.push(seg('CTT', String(order.lines.length), formatNumber(order.lines.reduce((a, l) => a + l.quantity, 0))));
    return out;
  },
};
