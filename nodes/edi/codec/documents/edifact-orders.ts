/**
 * EDIFACT ORDERS ↔ SupplierOrder. We send ORDERS; reading one back serves round trips and the
 * sandbox supplier. BGM 220 (order), DTM+137 order date, CUX+2 currency, NAD+DP ship-to; per
 * line LIN (C212 with 7143 'IN' = buyer's item number, our SKU), PIA+1 'SA' the supplier's
 * number, QTY+21 ordered quantity, DTM+2 requested delivery, PRI+AAA net price, RFF+LI our PO line.
 */
import { el, seg, type SegmentSpec } from '../tree';
import type { SupplierOrder } from './canonical';
import { Findings, compactDate, formatNumber, mapUnit, ourLocation, partnerLocation, pickSku, EDIFACT_SKU_QUALIFIERS, first, decimal } from './common';
import { bgmNumber, dtm, edifactFacts, edifactProductIds, lineLoops, nadId, qty, rff } from './edifact-common';
import { toPartnerUnit } from '../../partners/units';
import type { TransactionMap } from './map';

export const edifact_orders: TransactionMap<SupplierOrder> = {
  standard: 'edifact',
  type: 'ORDERS',
  kind: 'supplier_order',
  facts: (set) => edifactFacts(set, ['137', '4'], ['21']),
  toCanonical(set, ctx) {
    const f = new Findings(set);
    const { header, lines } = lineLoops(set.segments);
    const orderDate = dtm(header, '137', '4');
    if (!orderDate) f.add('DOC_FIELD_MISSING', first(header, 'BGM'), 'no order date (DTM+137)');
    const dp = first(header, 'NAD', (s) => ['DP', 'ST'].includes(el(s, 1)));
    const preferred = ctx.profile?.skuQualifiers ?? EDIFACT_SKU_QUALIFIERS;
    const supplierQ = ctx.profile?.supplierItemQualifier ?? 'SA';
    const cux = first(header, 'CUX');
    const value: SupplierOrder = {
      po_id: bgmNumber(header),
      supplier: ctx.profile?.id ?? ctx.interchange.receiver.id,
      order_date: orderDate?.date ?? '',
      currency: cux ? el(cux, 1, 2) || null : null,
      ship_to: dp ? ourLocation(el(dp, 2, 1), ctx.profile) : '',
      ship_to_name: dp ? el(dp, 4, 1) || null : null,
      lines: lines.map((loop, i) => {
        const lin = loop[0];
        const ids = edifactProductIds(loop);
        const q = qty(loop, '21', '1');
        if (!q || q.value === null) f.add('DOC_VALUE_INVALID', q?.segment ?? lin, 'no ordered quantity (QTY+21)');
        const pri = first(loop, 'PRI');
        const need = dtm(loop, '2', '69', '64');
        return {
          line_id: rff(loop, 'LI') ?? (el(lin, 1) || String(i + 1)),
          sku: pickSku(ids, preferred, f, lin),
          supplier_sku: ids.find((p) => p.qualifier === supplierQ)?.id ?? null,
          quantity: q?.value ?? 0,
          uom: mapUnit(q?.unit ?? '', 'edifact', ctx.profile, f, q?.segment ?? lin),
          unit_price: pri ? decimal(el(pri, 1, 2)) : null,
          need_by: need?.date ?? null,
        };
      }),
    };
    if (!value.po_id) f.add('DOC_FIELD_MISSING', first(header, 'BGM'), 'BGM order number missing');
    return { value: f.problems.some((p) => p.severity === 'error') ? null : value, problems: f.problems };
  },
  fromCanonical(order, { profile }) {
    const skuQ = profile?.skuQualifiers?.[0] ?? 'IN';
    const supplierQ = profile?.supplierItemQualifier ?? 'SA';
    const out: SegmentSpec[] = [seg('BGM', '220', order.po_id, '9'), seg('DTM', ['137', compactDate(order.order_date), '102'])];
    if (order.currency) out.push(seg('CUX', ['2', order.currency, '9']));
    if (profile) {
      out.push(seg('NAD', 'BY', nadId(profile.us)));
      out.push(seg('NAD', 'SU', nadId(profile.partner)));
    }
    out.push(seg('NAD', 'DP', [partnerLocation(order.ship_to, profile), '', '92'], '', order.ship_to_name ?? ''));
    order.lines.forEach((line, i) => {
      out.push(seg('LIN', String(i + 1), '', [line.sku, skuQ]));
      if (line.supplier_sku) out.push(seg('PIA', '1', [line.supplier_sku, supplierQ]));
      out.push(seg('QTY', ['21', formatNumber(line.quantity), toPartnerUnit(line.uom, 'edifact', profile?.units)]));
      if (line.need_by) out.push(seg('DTM', ['2', compactDate(line.need_by), '102']));
      if (line.unit_price !== null && line.unit_price !== undefined) out.push(seg('PRI', ['AAA', formatNumber(line.unit_price)]));
      out.push(seg('RFF', ['LI', line.line_id]));
    });
    out.push(seg('UNS', 'S'), seg('CNT', ['2', String(order.lines.length)]));
    return out;
  },
};
