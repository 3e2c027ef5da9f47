/**
 * EDIFACT INVRPT → SupplierStockReport. BGM 35 (inventory report) number, DTM+137 document
 * date/time (the moment counted, unless DTM+179 gives the inventory date), NAD+WH/GY/DP warehouse;
 * per LIN: ids (PIA 'NB' = batch), LOC+18 warehouse for the line, QTY by 6063 qualifier.
 * Only 145 "actual stock" is mapped by default; partners who report more (reserved, on order)
 * name their qualifiers in profile.stockQuantities.
 */
import { el, seg, type SegmentSpec } from '../tree';
import type { SupplierStockRecord, SupplierStockReport } from './canonical';
import type { StockQuantityField } from '../../partners/types';
import { Findings, first, formatNumber, mapUnit, ourLocation, partnerLocation, pickSku, supplierCode, EDIFACT_SKU_QUALIFIERS } from './common';
import { bgmNumber, dtm, edifactFacts, edifactProductIds, lineLoops, quantities } from './edifact-common';
import { toPartnerUnit } from '../../partners/units';
import type { TransactionMap } from './map';

export const EDIFACT_STOCK_QUANTITIES: Readonly<Record<string, StockQuantityField>> = Object.freeze({ '145': 'on_hand' });

const timeOf = (iso: string) => iso.slice(0, 16).replace(/[-:T]/g, '');

export const edifact_invrpt: TransactionMap<SupplierStockReport> = {
  standard: 'edifact',
  type: 'INVRPT',
  kind: 'stock_report',
  facts: (set) => edifactFacts(set, ['137', '179'], ['145']),
  toCanonical(set, ctx) {
    const f = new Findings(set);
    const { header, lines: loops } = lineLoops(set.segments);
    const bgm = first(header, 'BGM');
    const asOf = dtm(header, '179', '137')?.timestamp ?? null;
    if (!asOf) f.add('DOC_FIELD_MISSING', bgm, 'no report date (DTM+179 or DTM+137)');
    const wh = first(header, 'NAD', (s) => ['WH', 'GY', 'DP'].includes(el(s, 1)));
    const headerLocation = wh ? ourLocation(el(wh, 2, 1), ctx.profile) : null;
    const table = { ...EDIFACT_STOCK_QUANTITIES, ...ctx.profile?.stockQuantities };
    const preferred = ctx.profile?.skuQualifiers ?? EDIFACT_SKU_QUALIFIERS;
    const records: SupplierStockRecord[] = loops.map((loop) => {
      const lin = loop[0];
      const ids = edifactProductIds(loop);
      const loc = first(loop, 'LOC', (s) => el(s, 1) === '18');
      const record: SupplierStockRecord = {
        sku: pickSku(
          ids.filter((p) => p.qualifier !== 'NB'),
          preferred,
          f,
          lin,
        ),
        location: loc ? ourLocation(el(loc, 2, 1), ctx.profile) : headerLocation,
        uom: '',
        on_hand: null,
        available: null,
        reserved: null,
        in_transit: null,
        lot: ids.find((p) => p.qualifier === 'NB')?.id ?? null,
      };
      for (const q of quantities(loop)) {
        const field = table[q.qualifier];
        if (!field) continue;
        if (q.value === null) f.add('DOC_VALUE_INVALID', q.segment, `QTY "${el(q.segment, 1, 2)}" is not a quantity`);
        else record[field] = (record[field] ?? 0) + q.value;
        if (!record.uom) record.uom = mapUnit(q.unit, 'edifact', ctx.profile, f, q.segment);
      }
      if (!record.uom) record.uom = mapUnit(quantities(loop)[0]?.unit ?? '', 'edifact', ctx.profile, f, lin);
      return record;
    });
    const value: SupplierStockReport = {
      report_id: bgmNumber(header),
      supplier: supplierCode(ctx, 'sender'),
      as_of: asOf ?? '',
      interchange_ref: ctx.interchange.controlReference,
      records,
    };
    return { value: f.problems.some((p) => p.severity === 'error') ? null : value, problems: f.problems };
  },
  fromCanonical(report, { profile }) {
    const skuQ = profile?.skuQualifiers?.[0] ?? 'IN';
    const table = { ...EDIFACT_STOCK_QUANTITIES, ...profile?.stockQuantities };
    const qualifierOf = (field: StockQuantityField) => Object.entries(table).find(([, v]) => v === field)?.[0];
    const out: SegmentSpec[] = [seg('BGM', '35', report.report_id, '9'), seg('DTM', ['137', timeOf(report.as_of), '203'])];
    const locations = [...new Set(report.records.map((r) => r.location))];
    const shared = locations.length === 1 ? locations[0] : null;
    if (shared) out.push(seg('NAD', 'WH', [partnerLocation(shared, profile), '', '92']));
    report.records.forEach((r, i) => {
      out.push(seg('LIN', String(i + 1), '', [r.sku, skuQ]));
      if (r.lot) out.push(seg('PIA', '1', [r.lot, 'NB']));
      if (r.location && !shared) out.push(seg('LOC', '18', [partnerLocation(r.location, profile), '', '92']));
      const unit = toPartnerUnit(r.uom, 'edifact', profile?.units);
      for (const field of ['on_hand', 'available', 'reserved', 'in_transit'] as const) {
        const q = qualifierOf(field);
        const n = r[field];
        if (q && n !== null) out.push(seg('QTY', [q, formatNumber(n), unit]));
      }
    });
    return out;
  },
};
