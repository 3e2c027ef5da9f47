/**
 * What the supplier does with an order, decided line by line from the seed and the line's content
 * alone (never from the clock or the order files arrive in), so the same order always gets the same
 * answers: accept, change (later date or smaller quantity) or reject; ship on time or late, in full
 * or short; invoice as shipped or, now and then, with a price or quantity that does not match.
 * Dates run on a timeline from the order date, so files are reproducible byte for byte.
 */
import { createHash } from 'node:crypto';
import { Prng } from '../planning/prng';
import type { Order, OrderLine } from './order';

/** Probabilities per line; each applies to the lines that reach that step. */
export interface Rates {
  rejected: number;
  changed: number;
  late: number;
  short: number;
  invoiceMismatch: number;
}

export const DEFAULT_RATES: Rates = { rejected: 0.1, changed: 0.2, late: 0.25, short: 0.2, invoiceMismatch: 0.15 };

export interface LinePlan {
  line: OrderLine;
  status: 'accepted' | 'changed' | 'rejected';
  change: 'date' | 'quantity' | null;
  confirmedQty: number;
  /** YYYY-MM-DD the supplier promises delivery. */
  promisedDate: string;
  shippedQty: number;
  /** YYYY-MM-DD; null when the line is not shipped. */
  shipDate: string | null;
  late: boolean;
  short: boolean;
  /** The price the supplier keeps for the item: the order's, else its own list price. */
  unitPrice: number;
  invoicedQty: number;
  invoicedPrice: number;
  mismatch: 'price' | 'quantity' | null;
}

export interface Shipment {
  asnId: string;
  invoiceId: string;
  /** YYYY-MM-DD; shipped at 08:00 UTC, expected at 10:00 UTC. */
  shipDate: string;
  expectedDate: string;
  carrier: string;
  tracking: string;
  lines: LinePlan[];
  invoiceDate: string;
  dueDate: string;
  /** Sum of the invoiced line amounts (before tax; the sandbox invoices no tax). */
  invoiceTotal: number;
}

export interface OrderPlan {
  order: Order;
  ackId: string;
  ackDate: string;
  status: 'accepted' | 'changed' | 'rejected';
  lines: LinePlan[];
  shipments: Shipment[];
}

const LEAD_DAYS = 7;
const TRANSIT_DAYS = 2;
const PAYMENT_DAYS = 30;

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

export function seedOf(...parts: Array<string | number | null>): number {
  return createHash('sha256').update(parts.map(String).join('\u0000')).digest().readUInt32BE(0);
}

/** A smaller quantity: whole units for whole quantities, else two decimals; null when nothing smaller fits. */
function less(quantity: number, factor: number): number | null {
  const q = Number.isInteger(quantity) ? Math.floor(quantity * factor) : round(quantity * factor, 2);
  return q > 0 && q < quantity ? q : null;
}

export function amount(quantity: number, price: number): number {
  return round(quantity * price, 2);
}

function planLine(order: Order, line: OrderLine, seed: number, rates: Rates): LinePlan {
  const rng = new Prng(seedOf(seed, order.poNumber, line.lineId, JSON.stringify(line.ids), line.quantity, line.unit, line.needBy));
  const sku = line.ids[0]?.id ?? line.lineId;
  const unitPrice = line.price ?? round(1 + (seedOf('price', sku) % 9900) / 100, 2);
  const base = line.needBy ?? addDays(order.orderDate, LEAD_DAYS);
  const plan: LinePlan = {
    line,
    status: 'accepted',
    change: null,
    confirmedQty: line.quantity,
    promisedDate: base,
    shippedQty: 0,
    shipDate: null,
    late: false,
    short: false,
    unitPrice,
    invoicedQty: 0,
    invoicedPrice: unitPrice,
    mismatch: null,
  };
  // Draw every number up front, so one rate changing does not shift the other decisions of the line.
  const [rReject, rChange, rKind, rFactor, rDays, rLate, rLateDays, rShort, rShortFactor, rMismatch, rMismatchKind] = Array.from({ length: 11 }, () =>
    rng.next(),
  );
  if (rReject < rates.rejected) {
    return { ...plan, status: 'rejected', confirmedQty: 0 };
  }
  if (rChange < rates.changed) {
    const smaller = rKind < 0.5 ? less(line.quantity, 0.5 + rFactor * 0.4) : null;
    plan.status = 'changed';
    if (smaller !== null) {
      plan.change = 'quantity';
      plan.confirmedQty = smaller;
    } else {
      plan.change = 'date';
      plan.promisedDate = addDays(base, 3 + Math.floor(rDays * 8));
    }
  }
  const ackDate = addDays(order.orderDate, 1);
  let shipDate = addDays(plan.promisedDate, -TRANSIT_DAYS);
  if (shipDate < ackDate) shipDate = ackDate;
  if (rLate < rates.late) {
    plan.late = true;
    shipDate = addDays(shipDate, 2 + Math.floor(rLateDays * 6));
  }
  plan.shipDate = shipDate;
  plan.shippedQty = plan.confirmedQty;
  if (rShort < rates.short) {
    const shorter = less(plan.confirmedQty, 0.5 + rShortFactor * 0.45);
    if (shorter !== null) {
      plan.short = true;
      plan.shippedQty = shorter;
    }
  }
  plan.invoicedQty = plan.shippedQty;
  if (rMismatch < rates.invoiceMismatch) {
    if (rMismatchKind < 0.5) {
      plan.mismatch = 'price';
      plan.invoicedPrice = round(unitPrice * 1.1 + 0.01, 2);
    } else {
      plan.mismatch = 'quantity';
      plan.invoicedQty =
        plan.shippedQty + (Number.isInteger(plan.shippedQty) ? Math.max(1, Math.round(plan.shippedQty * 0.1)) : round(plan.shippedQty * 0.1, 2));
    }
  }
  return plan;
}

export function planOrder(order: Order, seed: number, rates: Rates = DEFAULT_RATES): OrderPlan {
  const lines = order.lines.map((l) => planLine(order, l, seed, rates));
  const status = lines.every((l) => l.status === 'accepted') ? 'accepted' : lines.every((l) => l.status === 'rejected') ? 'rejected' : 'changed';
  const dates = [...new Set(lines.filter((l) => l.shipDate !== null).map((l) => l.shipDate as string))].sort();
  const shipments = dates.map((shipDate, i): Shipment => {
    const shipped = lines.filter((l) => l.shipDate === shipDate);
    const n = i + 1;
    return {
      asnId: `ASN-${order.poNumber}-${n}`,
      invoiceId: `INV-${order.poNumber}-${n}`,
      shipDate,
      expectedDate: addDays(shipDate, TRANSIT_DAYS),
      carrier: 'SBXC',
      tracking: `1Z${String(seedOf(seed, order.poNumber, shipDate)).padStart(10, '0')}`,
      lines: shipped,
      invoiceDate: shipDate,
      dueDate: addDays(shipDate, PAYMENT_DAYS),
      invoiceTotal: round(
        shipped.reduce((sum, l) => sum + amount(l.invoicedQty, l.invoicedPrice), 0),
        2,
      ),
    };
  });
  return { order, ackId: `ACK-${order.poNumber}`, ackDate: addDays(order.orderDate, 1), status, lines, shipments };
}
