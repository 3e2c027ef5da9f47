import type { WmsConfirmation } from '../client/types';

export interface ConfirmationLine {
  line_no: number;
  sku: string;
  uom: string;
  ordered_qty: number;
  picked_qty: number | null;
  shipped_qty: number | null;
  received_qty: number | null;
  /** What arrived (or, before receipt, what left); the quantity that counts against the order. */
  confirmed_qty: number;
  short_qty: number;
}

/** A WMS's confirmation of one order, as planbridge passes it on. */
export interface OrderConfirmation {
  confirmation_id: string;
  order_id: string;
  external_id: string;
  type: 'transfer' | 'receipt';
  /** complete when every line came in full; short when any line did not. */
  status: 'complete' | 'short';
  confirmed_at: string;
  lines: ConfirmationLine[];
  source: { system: 'wms'; record_id: string };
}

const qty = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function toConfirmation(c: WmsConfirmation): OrderConfirmation {
  const lines = c.lines.map((line): ConfirmationLine => {
    const ordered = qty(line.ordered_quantity) ?? 0;
    const picked = qty(line.picked_quantity);
    const shipped = qty(line.shipped_quantity);
    const received = qty(line.received_quantity);
    const confirmed = received ?? shipped ?? picked ?? 0;
    return {
      line_no: line.line_no,
      sku: line.sku,
      uom: line.uom || 'EA',
      ordered_qty: ordered,
      picked_qty: picked,
      shipped_qty: shipped,
      received_qty: received,
      confirmed_qty: confirmed,
      short_qty: Math.max(0, Math.round((ordered - confirmed) * 1e6) / 1e6),
    };
  });
  return {
    confirmation_id: c.confirmation_id,
    order_id: c.order_id,
    external_id: c.external_id,
    type: c.type,
    status: lines.some((l) => l.short_qty > 0) ? 'short' : 'complete',
    confirmed_at: c.confirmed_at,
    lines,
    source: { system: 'wms', record_id: c.confirmation_id },
  };
}
