import type { Invoice } from '../../canonical/contracts';
import type { Finding } from './findings';
import { findOrderLine, type OrderLine } from './order-lines';

export interface MatchTolerance {
  /** Largest accepted difference between invoice and order price, in percent of the order price. */
  pricePercent: number;
  /** Largest quantity invoiced beyond what was received, in the stock unit. */
  quantity: number;
}

export const DEFAULT_TOLERANCE: MatchTolerance = { pricePercent: 1, quantity: 0 };

export type InvoiceLineOutcome = 'matched' | 'price_mismatch' | 'not_received' | 'not_on_order';

export interface InvoiceLineResult {
  po_line_id: string | null;
  sku: string;
  outcome: InvoiceLineOutcome;
  ordered_qty: number | null;
  received_qty: number | null;
  invoiced_qty: number;
  order_price: number | null;
  invoice_price: number;
  /** What the mismatch would cost if paid: extra units at the invoice price plus the price difference on the rest. */
  amount_at_risk: number;
}

export interface InvoiceMatch {
  invoice_id: string;
  po_id: string | null;
  supplier: string;
  outcome: 'matched' | 'mismatch';
  lines: InvoiceLineResult[];
  /** The invoice's lines do not add up to its stated total. */
  total_mismatch: number | null;
  amount_at_risk: number;
  findings: Finding[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * The three-way match: each invoice line against the order (price) and the receipt (quantity). A
 * line matches when its price is within tolerance of the ordered price and no more is invoiced than
 * was received; otherwise it is a mismatch, one alert per invoice.
 */
export function matchInvoice(invoice: Invoice, order: OrderLine[], tolerance: MatchTolerance = DEFAULT_TOLERANCE): InvoiceMatch {
  const lines: InvoiceLineResult[] = invoice.lines.map((line) => {
    const ordered = findOrderLine(order, line.po_line_id, line.sku);
    if (!ordered) {
      return {
        po_line_id: line.po_line_id ?? null,
        sku: line.sku,
        outcome: 'not_on_order',
        ordered_qty: null,
        received_qty: null,
        invoiced_qty: line.quantity,
        order_price: null,
        invoice_price: line.unit_price,
        amount_at_risk: round2(line.amount),
      };
    }
    const extra = Math.max(0, line.quantity - ordered.received - tolerance.quantity);
    const priceGap = ordered.unitPrice === null ? 0 : line.unit_price - ordered.unitPrice;
    const priceOff = ordered.unitPrice !== null && Math.abs(priceGap) > (Math.abs(ordered.unitPrice) * tolerance.pricePercent) / 100;
    const outcome: InvoiceLineOutcome = extra > 0 ? 'not_received' : priceOff ? 'price_mismatch' : 'matched';
    const atRisk = extra * line.unit_price + (priceOff ? Math.max(0, priceGap) * Math.min(line.quantity, ordered.received) : 0);
    return {
      po_line_id: ordered.lineId,
      sku: line.sku,
      outcome,
      ordered_qty: ordered.ordered,
      received_qty: ordered.received,
      invoiced_qty: line.quantity,
      order_price: ordered.unitPrice,
      invoice_price: line.unit_price,
      amount_at_risk: round2(atRisk),
    };
  });
  const sum = round2(invoice.lines.reduce((s, l) => s + l.amount, 0));
  const totalMismatch = Math.abs(sum - invoice.total_amount) > 0.01 ? round2(invoice.total_amount - sum) : null;
  const bad = lines.filter((l) => l.outcome !== 'matched');
  const amountAtRisk = round2(bad.reduce((s, l) => s + l.amount_at_risk, 0));
  const outcome = bad.length || totalMismatch !== null ? 'mismatch' : 'matched';
  const po = invoice.po_id ?? null;
  const what = bad.map((l) => `${l.sku} ${l.outcome.replace(/_/g, ' ')}`).concat(totalMismatch !== null ? [`total differs by ${totalMismatch}`] : []);
  const finding: Finding = {
    key: `invoice_mismatch:${invoice.supplier}:${invoice.invoice_id}`,
    type: 'invoice_mismatch',
    severity: amountAtRisk > 1000 ? 'critical' : 'warning',
    message: `Invoice ${invoice.invoice_id} from ${invoice.supplier}${po ? ` for ${po}` : ''}: ${what.join('; ')} (${amountAtRisk} ${invoice.currency} at risk)`,
    po_id: po ?? '',
    sku: null,
    supplier: invoice.supplier,
  };
  return {
    invoice_id: invoice.invoice_id,
    po_id: po,
    supplier: invoice.supplier,
    outcome,
    lines,
    total_mismatch: totalMismatch,
    amount_at_risk: amountAtRisk,
    findings: outcome === 'mismatch' ? [finding] : [{ ...finding, severity: 'info', message: `Invoice ${invoice.invoice_id} matches`, clear: true }],
  };
}
