/**
 * X12 810 Invoice → invoice@1. BIG: 01 invoice date, 02 invoice number, 03 PO date, 04 PO number.
 * CUR02 currency. ITD: 06 net due date, else invoice date + 07 net days. IT1 loop: 01 PO line,
 * 02 qty, 03 unit, 04 unit price, id pairs from 06. TDS01 is the invoice total with implied two
 * decimals (type N2); TXI02 tax amounts. X12 has no line amount, so it is qty × price.
 */
import { el, seg, type EdiSet, type SegmentSpec } from '../tree';
import type { Invoice } from './canonical';
import {
  Findings,
  addDays,
  compactDate,
  decimal,
  first,
  formatNumber,
  loops,
  mapUnit,
  money,
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

function facts(set: EdiSet): DocumentFacts {
  const big = first(set.segments, 'BIG');
  const items = set.segments.filter((s) => s.tag === 'IT1');
  return {
    number: big ? el(big, 2) : null,
    date: big ? ymd(el(big, 1)) : null,
    parties: x12Parties(set.segments),
    lineCount: items.length,
    lines: items.map((s) => ({ productId: x12ProductIds(s, 6)[0]?.id ?? '', quantity: decimal(el(s, 2)), unit: el(s, 3) })),
  };
}

export const x12_810: TransactionMap<Invoice> = {
  standard: 'x12',
  type: '810',
  kind: 'invoice',
  functionalId: 'IN',
  facts,
  toCanonical(set, ctx) {
    const f = new Findings(set);
    const { before, loops: items, after } = loops(set.segments, 'IT1', ['TDS', 'CTT']);
    const big = first(before, 'BIG');
    if (!big) f.add('DOC_FIELD_MISSING', null, 'no BIG segment');
    const invoiceDate = ymd(el(big, 1));
    if (!invoiceDate) f.add('DOC_FIELD_MISSING', big, `BIG01 invoice date "${el(big, 1)}" missing or invalid`);
    let currency = el(first(before, 'CUR'), 2);
    if (!currency) {
      // ISO 4217 'XXX' means "no currency": honest when neither the file nor the profile says.
      currency = ctx.profile?.currency ?? 'XXX';
      f.add('DOC_DEFAULTED', big, `no CUR segment; currency ${currency} assumed`);
    }
    const itd = first(before, 'ITD');
    const netDays = decimal(el(itd, 7));
    const dueDate = ymd(el(itd, 6)) ?? (invoiceDate && netDays !== null ? addDays(invoiceDate, netDays) : null);
    const preferred = ctx.profile?.skuQualifiers ?? X12_SKU_QUALIFIERS;
    const lines = items.map((loop, i) => {
      const it1 = loop[0];
      const qty = decimal(el(it1, 2));
      const price = decimal(el(it1, 4));
      if (qty === null) f.add('DOC_VALUE_INVALID', it1, `IT102 "${el(it1, 2)}" is not a quantity`);
      if (price === null) f.add('DOC_VALUE_INVALID', it1, `IT104 "${el(it1, 4)}" is not a unit price`);
      return {
        line_id: String(i + 1),
        po_line_id: el(it1, 1) || null,
        sku: pickSku(x12ProductIds(it1, 6), preferred, f, it1),
        quantity: qty ?? 0,
        uom: mapUnit(el(it1, 3), 'x12', ctx.profile, f, it1),
        unit_price: price ?? 0,
        amount: money((qty ?? 0) * (price ?? 0)),
      };
    });
    const taxes = after.filter((s) => s.tag === 'TXI').map((s) => decimal(el(s, 2)) ?? 0);
    const tax = taxes.length > 0 ? money(taxes.reduce((a, b) => a + b, 0)) : null;
    const tds = first(after, 'TDS');
    const gross = tds ? decimal(el(tds, 1)) : null;
    const value: Invoice = {
      invoice_id: el(big, 2),
      supplier: supplierCode(ctx, 'sender'),
      po_id: el(big, 4) || null,
      invoice_date: invoiceDate ?? '',
      due_date: dueDate,
      currency,
      interchange_ref: ctx.interchange.controlReference,
      lines,
      tax_amount: tax,
      // TDS01 includes tax and charges; invoice@1 wants the total before tax.
      total_amount: gross !== null ? money(gross / 100 - (tax ?? 0)) : money(lines.reduce((a, l) => a + l.amount, 0)),
    };
    if (!value.invoice_id) f.add('DOC_FIELD_MISSING', big, 'BIG02 invoice number missing');
    if (lines.length === 0) f.add('DOC_FIELD_MISSING', null, 'no IT1 lines');
    return { value: f.problems.some((p) => p.severity === 'error') ? null : value, problems: f.problems };
  },
  fromCanonical(inv, { profile }) {
    const skuQ = profile?.skuQualifiers?.[0] ?? 'BP';
    const out: SegmentSpec[] = [seg('BIG', compactDate(inv.invoice_date), inv.invoice_id, '', inv.po_id ?? '')];
    out.push(seg('CUR', 'SE', inv.currency));
    if (inv.due_date) out.push(seg('ITD', '01', '3', '', '', '', compactDate(inv.due_date)));
    for (const line of inv.lines) {
      out.push(
        seg(
          'IT1',
          line.po_line_id ?? '',
          formatNumber(line.quantity),
          toPartnerUnit(line.uom, 'x12', profile?.units),
          formatNumber(line.unit_price),
          '',
          skuQ,
          line.sku,
        ),
      );
    }
    const tax = inv.tax_amount ?? 0;
    out.push(seg('TDS', String(Math.round((inv.total_amount + tax) * 100))));
    if (inv.tax_amount !== null && inv.tax_amount !== undefined) out.push(seg('TXI', 'TX', formatNumber(inv.tax_amount)));
    out.push(seg('CTT', String(inv.lines.length)));
    return out;
  },
};
