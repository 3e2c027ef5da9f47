/**
 * EDIFACT INVOIC → invoice@1. BGM 380 (commercial invoice) number, DTM+137 (or 3) invoice date,
 * DTM+13 net due date, RFF+ON order, CUX+2 currency. Lines: QTY+47 invoiced quantity, PRI net
 * price per 5284 unit price basis (e.g. per 100), MOA+203 line amount, RFF+LI order line.
 * Summary (after UNS; first amount of each qualifier, later ones are per-tax-rate subtotals):
 * MOA+79 line total before tax, MOA+176/124 tax, MOA+77/86/39 invoice total with tax.
 */
import { el, seg, type SegmentSpec } from '../tree';
import type { Invoice } from './canonical';
import { Findings, compactDate, decimal, first, formatNumber, mapUnit, money, pickSku, supplierCode, EDIFACT_SKU_QUALIFIERS } from './common';
import { bgmNumber, dtm, edifactFacts, edifactProductIds, lineLoops, moa, nadId, qty, quantities, rff } from './edifact-common';
import { toPartnerUnit } from '../../partners/units';
import type { TransactionMap } from './map';

const PRICE_QUALIFIERS = ['AAA', 'INV', 'CAL', 'AAB'];

export const edifact_invoic: TransactionMap<Invoice> = {
  standard: 'edifact',
  type: 'INVOIC',
  kind: 'invoice',
  facts: (set) => edifactFacts(set, ['137', '3'], ['47', '46']),
  toCanonical(set, ctx) {
    const f = new Findings(set);
    const { header, lines: loops, summary } = lineLoops(set.segments, ['UNS']);
    const bgm = first(header, 'BGM');
    const date = dtm(header, '137', '3');
    if (!date) f.add('DOC_FIELD_MISSING', bgm, 'no invoice date (DTM+137 or DTM+3)');
    const cux = first(header, 'CUX', (s) => el(s, 1, 1) === '2') ?? first(header, 'CUX');
    let currency = cux ? el(cux, 1, 2) : '';
    if (!currency) {
      currency = ctx.profile?.currency ?? 'XXX';
      f.add('DOC_DEFAULTED', bgm, `no CUX currency; ${currency} assumed`);
    }
    const preferred = ctx.profile?.skuQualifiers ?? EDIFACT_SKU_QUALIFIERS;
    const lines = loops.map((loop, i) => {
      const lin = loop[0];
      const q = qty(loop, '47', '46') ?? quantities(loop)[0] ?? null;
      if (!q || q.value === null) f.add('DOC_VALUE_INVALID', q?.segment ?? lin, 'no invoiced quantity (QTY+47)');
      const pri = PRICE_QUALIFIERS.map((p) => first(loop, 'PRI', (s) => el(s, 1, 1) === p)).find((s) => s) ?? first(loop, 'PRI');
      // C509 5284 "unit price basis": the price is per that many units (e.g. 100).
      const basis = decimal(el(pri, 1, 5)) || 1;
      const price = pri ? decimal(el(pri, 1, 2)) : null;
      const amount = moa(loop, '203', '66', '38');
      const unitPrice = price !== null ? price / basis : amount !== null && q?.value ? amount / q.value : null;
      if (unitPrice === null) f.add('DOC_VALUE_INVALID', pri ?? lin, 'no unit price (PRI) or line amount (MOA+203)');
      return {
        line_id: el(lin, 1) || String(i + 1),
        po_line_id: rff(loop, 'LI'),
        sku: pickSku(edifactProductIds(loop), preferred, f, lin),
        quantity: q?.value ?? 0,
        uom: mapUnit(q?.unit ?? '', 'edifact', ctx.profile, f, q?.segment ?? lin),
        unit_price: unitPrice ?? 0,
        amount: amount ?? money((q?.value ?? 0) * (unitPrice ?? 0)),
      };
    });
    if (lines.length === 0) f.add('DOC_FIELD_MISSING', bgm, 'no LIN lines');
    const tax = moa(summary, '176', '124', '150');
    const gross = moa(summary, '77', '86', '39');
    const net = moa(summary, '79', '125');
    const value: Invoice = {
      invoice_id: bgmNumber(header),
      supplier: supplierCode(ctx, 'sender'),
      po_id: rff(header, 'ON') ?? loops.map((l) => rff(l, 'ON')).find((x) => x) ?? null,
      invoice_date: date?.date ?? '',
      due_date: dtm(header, '13')?.date ?? null,
      currency,
      interchange_ref: ctx.interchange.controlReference,
      lines,
      tax_amount: tax,
      total_amount: net ?? (gross !== null ? money(gross - (tax ?? 0)) : money(lines.reduce((a, l) => a + l.amount, 0))),
    };
    if (!value.invoice_id) f.add('DOC_FIELD_MISSING', bgm, 'BGM invoice number missing');
    return { value: f.problems.some((p) => p.severity === 'error') ? null : value, problems: f.problems };
  },
  fromCanonical(inv, { profile }) {
    const skuQ = profile?.skuQualifiers?.[0] ?? 'IN';
    const out: SegmentSpec[] = [seg('BGM', '380', inv.invoice_id, '9'), seg('DTM', ['137', compactDate(inv.invoice_date), '102'])];
    if (inv.po_id) out.push(seg('RFF', ['ON', inv.po_id]));
    if (profile) out.push(seg('NAD', 'SU', nadId(profile.partner)), seg('NAD', 'BY', nadId(profile.us)));
    out.push(seg('CUX', ['2', inv.currency, '4']));
    if (inv.due_date) out.push(seg('PAT', '1'), seg('DTM', ['13', compactDate(inv.due_date), '102']));
    inv.lines.forEach((line, i) => {
      out.push(seg('LIN', line.line_id ?? String(i + 1), '', [line.sku, skuQ]));
      out.push(seg('QTY', ['47', formatNumber(line.quantity), toPartnerUnit(line.uom, 'edifact', profile?.units)]));
      out.push(seg('MOA', ['203', formatNumber(line.amount)]));
      out.push(seg('PRI', ['AAA', formatNumber(line.unit_price)]));
      if (line.po_line_id) out.push(seg('RFF', ['LI', line.po_line_id]));
    });
    out.push(seg('UNS', 'S'), seg('MOA', ['79', formatNumber(inv.total_amount)]));
    if (inv.tax_amount !== null && inv.tax_amount !== undefined) out.push(seg('MOA', ['176', formatNumber(inv.tax_amount)]));
    out.push(seg('MOA', ['77', formatNumber(money(inv.total_amount + (inv.tax_amount ?? 0)))]));
    return out;
  },
};
