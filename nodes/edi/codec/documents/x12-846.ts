/**
 * X12 846 Inventory Inquiry/Advice → SupplierStockReport. BIA: 02 report type, 03 report id,
 * 04/05 date and time; DTM*007 (effective) gives the moment counted when present. N1*WH/ST names
 * the warehouse. LIN loop: ids; QTY 01 qualifier (DE 673), 02 quantity, 03 unit (004010 puts the
 * unit in QTY03; some partners send a UIT segment after the QTY instead, both are read).
 */
import { el, seg, type EdiSegment, type EdiSet, type SegmentSpec } from '../tree';
import type { SupplierStockRecord, SupplierStockReport } from './canonical';
import type { StockQuantityField } from '../../partners/types';
import {
  Findings,
  compactDate,
  compactTime,
  decimal,
  first,
  formatNumber,
  loops,
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

/** DE 673 defaults: 17 on hand, 33 available for sale, QH on hold (reserved), 63 on order (in transit). */
export const X12_STOCK_QUANTITIES: Readonly<Record<string, StockQuantityField>> = Object.freeze({
  '17': 'on_hand',
  '33': 'available',
  QH: 'reserved',
  '63': 'in_transit',
});

function qtyUnit(loop: readonly EdiSegment[], qty: EdiSegment): string {
  const i = loop.indexOf(qty);
  const next = loop[i + 1];
  return el(qty, 3) || (next?.tag === 'UIT' ? el(next, 1) : '');
}

function facts(set: EdiSet): DocumentFacts {
  const bia = first(set.segments, 'BIA');
  const { loops: items } = loops(set.segments, 'LIN', ['CTT']);
  return {
    number: bia ? el(bia, 3) : null,
    date: bia ? ymd(el(bia, 4)) : null,
    parties: x12Parties(set.segments),
    lineCount: items.length,
    lines: items.map((loop) => {
      const qty = first(loop, 'QTY');
      return { productId: x12ProductIds(loop[0], 2)[0]?.id ?? '', quantity: qty ? decimal(el(qty, 2)) : null, unit: qty ? qtyUnit(loop, qty) : '' };
    }),
  };
}

export const x12_846: TransactionMap<SupplierStockReport> = {
  standard: 'x12',
  type: '846',
  kind: 'stock_report',
  functionalId: 'IB',
  facts,
  toCanonical(set, ctx) {
    const f = new Findings(set);
    const { before, loops: items } = loops(set.segments, 'LIN', ['CTT']);
    const bia = first(before, 'BIA');
    if (!bia) f.add('DOC_FIELD_MISSING', null, 'no BIA segment');
    const dtm = first(before, 'DTM', (s) => el(s, 1) === '007');
    const asOf = (dtm ? timestamp(el(dtm, 2), el(dtm, 3)) : null) ?? timestamp(el(bia, 4), el(bia, 5));
    const wh = first(before, 'N1', (s) => ['WH', 'ST'].includes(el(s, 1)));
    const location = wh ? ourLocation(el(wh, 4) || el(wh, 2), ctx.profile) : null;
    const table = { ...X12_STOCK_QUANTITIES, ...ctx.profile?.stockQuantities };
    const preferred = ctx.profile?.skuQualifiers ?? X12_SKU_QUALIFIERS;
    const records: SupplierStockRecord[] = items.map((loop) => {
      const lin = loop[0];
      const ids = x12ProductIds(lin, 2);
      const record: SupplierStockRecord = {
        sku: pickSku(
          ids.filter((p) => p.qualifier !== 'LT'),
          preferred,
          f,
          lin,
        ),
        location,
        uom: '',
        on_hand: null,
        available: null,
        reserved: null,
        in_transit: null,
        lot: ids.find((p) => p.qualifier === 'LT')?.id ?? null,
      };
      for (const qty of loop.filter((s) => s.tag === 'QTY')) {
        const field = table[el(qty, 1)];
        const n = decimal(el(qty, 2));
        if (!field) continue;
        if (n === null) f.add('DOC_VALUE_INVALID', qty, `QTY02 "${el(qty, 2)}" is not a quantity`);
        else record[field] = (record[field] ?? 0) + n;
        if (!record.uom) record.uom = mapUnit(qtyUnit(loop, qty), 'x12', ctx.profile, f, qty);
      }
      if (!record.uom) record.uom = mapUnit(el(first(loop, 'UIT'), 1), 'x12', ctx.profile, f, lin);
      return record;
    });
    const value: SupplierStockReport = {
      report_id: el(bia, 3),
      supplier: supplierCode(ctx, 'sender'),
      as_of: asOf ?? '',
      interchange_ref: ctx.interchange.controlReference,
      records,
    };
    if (!value.as_of) f.add('DOC_FIELD_MISSING', bia, 'no report date (DTM*007, BIA04)');
    return { value: f.problems.some((p) => p.severity === 'error') ? null : value, problems: f.problems };
  },
  fromCanonical(report, { profile }) {
    const skuQ = profile?.skuQualifiers?.[0] ?? 'BP';
    const table = { ...X12_STOCK_QUANTITIES, ...profile?.stockQuantities };
    const qualifierOf = (field: StockQuantityField) => Object.entries(table).find(([, v]) => v === field)?.[0];
    const out: SegmentSpec[] = [seg('BIA', '00', 'SI', report.report_id, compactDate(report.as_of), compactTime(report.as_of))];
    out.push(seg('DTM', '007', compactDate(report.as_of), compactTime(report.as_of)));
    const locations = [...new Set(report.records.map((r) => r.location))];
    if (locations.length === 1 && locations[0]) out.push(seg('N1', 'WH', locations[0], '92', partnerLocation(locations[0], profile)));
    report.records.forEach((r, i) => {
      out.push(seg('LIN', String(i + 1), skuQ, r.sku, ...(r.lot ? ['LT', r.lot] : [])));
      const unit = toPartnerUnit(r.uom, 'x12', profile?.units);
      for (const field of ['on_hand', 'available', 'reserved', 'in_transit'] as const) {
        const q = qualifierOf(field);
        const n = r[field];
        if (q && n !== null) out.push(seg('QTY', q, formatNumber(n), unit));
      }
    });
    out.push(seg('CTT', String(report.records.length)));
    return out;
  },
};
