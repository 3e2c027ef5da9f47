/**
 * Reads a purchase order out of an X12 850 or an EDIFACT ORDERS message into the sandbox's own
 * order shape. Only what a supplier acts on is read: number, date, currency, ship-to, and per line
 * its id, quantity, unit, price, need-by date and item ids (echoed back in every answer, as real
 * suppliers do, so the buyer recognises its lines).
 */
import { value, type Message, type Segment } from './syntax/types';

export interface ItemId {
  qualifier: string;
  id: string;
}

export interface OrderLine {
  /** Our customer's line id: PO101, or RFF+LI (else the LIN number). */
  lineId: string;
  quantity: number;
  unit: string;
  price: number | null;
  /** YYYY-MM-DD. */
  needBy: string | null;
  ids: ItemId[];
}

export interface Order {
  poNumber: string;
  /** YYYY-MM-DD. */
  orderDate: string;
  currency: string | null;
  shipTo: { id: string; qualifier: string; name: string } | null;
  lines: OrderLine[];
  /** The message it came in (ST02 / UNH 0062) and its type and version. */
  messageType: string;
  messageReference: string;
  version: string;
}

export type OrderRead = { order: Order; problems: [] } | { order: null; problems: string[] };

/** CCYYMMDD (or YYMMDD, read as 20YY) → YYYY-MM-DD; null when it is not a calendar date. */
export function isoDate(v: string): string | null {
  const full = /^\d{6}$/.test(v) ? `20${v}` : v;
  if (!/^\d{8}$/.test(full)) return null;
  const iso = `${full.slice(0, 4)}-${full.slice(4, 6)}-${full.slice(6, 8)}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso ? null : iso;
}

function number(v: string): number | null {
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
}

function finish(order: Order, problems: string[]): OrderRead {
  if (!order.poNumber) problems.push('no order number');
  if (!order.orderDate) problems.push('no valid order date');
  if (order.lines.length === 0) problems.push('no order lines');
  return problems.length > 0 ? { order: null, problems } : { order, problems: [] };
}

/** 850: BEG03 number, BEG05 date, CUR02, N1*ST; PO1 01 line, 02 qty, 03 unit, 04 price, 06.. id pairs; DTM*002 need-by. */
export function read850(message: Message): OrderRead {
  const problems: string[] = [];
  const beg = message.body.find((s) => s.tag === 'BEG');
  const n1 = message.body.find((s) => s.tag === 'N1' && value(s, 1) === 'ST');
  const order: Order = {
    poNumber: value(beg, 3),
    orderDate: isoDate(value(beg, 5)) ?? '',
    currency:
      value(
        message.body.find((s) => s.tag === 'CUR'),
        2,
      ) || null,
    shipTo: n1 ? { name: value(n1, 2), qualifier: value(n1, 3), id: value(n1, 4) } : null,
    lines: [],
    messageType: message.type,
    messageReference: message.reference,
    version: message.version,
  };
  let line: OrderLine | null = null;
  for (const s of message.body) {
    if (s.tag === 'PO1') {
      const quantity = number(value(s, 2));
      if (quantity === null || quantity <= 0) problems.push(`PO1 ${value(s, 1)}: quantity "${value(s, 2)}" is not a positive number`);
      const ids: ItemId[] = [];
      for (let n = 6; n + 1 <= s.elements.length; n += 2) if (value(s, n + 1)) ids.push({ qualifier: value(s, n), id: value(s, n + 1) });
      line = { lineId: value(s, 1), quantity: quantity ?? 0, unit: value(s, 3), price: number(value(s, 4)), needBy: null, ids };
      order.lines.push(line);
    } else if (s.tag === 'DTM' && line && value(s, 1) === '002') {
      line.needBy = isoDate(value(s, 2));
    } else if (s.tag === 'CTT') {
      line = null;
    }
  }
  return finish(order, problems);
}

const dtmDate = (s: Segment | undefined) => isoDate(value(s, 1, 2).slice(0, 8));

/** ORDERS: BGM 1004, DTM+137, CUX+2, NAD+DP; LIN (C212 id), PIA, QTY+21, DTM+2, PRI+AAA, RFF+LI. */
export function readOrders(message: Message): OrderRead {
  const problems: string[] = [];
  const firstLin = message.body.findIndex((s) => s.tag === 'LIN');
  const header = firstLin < 0 ? message.body : message.body.slice(0, firstLin);
  const nad = header.find((s) => s.tag === 'NAD' && ['DP', 'ST'].includes(value(s, 1)));
  const order: Order = {
    poNumber: value(
      header.find((s) => s.tag === 'BGM'),
      2,
    ),
    orderDate: dtmDate(header.find((s) => s.tag === 'DTM' && value(s, 1) === '137')) ?? '',
    currency:
      value(
        header.find((s) => s.tag === 'CUX'),
        1,
        2,
      ) || null,
    shipTo: nad ? { id: value(nad, 2, 1), qualifier: value(nad, 2, 3), name: value(nad, 4, 1) } : null,
    lines: [],
    messageType: message.type,
    messageReference: message.reference,
    version: message.version,
  };
  type Draft = OrderLine & { linNumber: string; hasQuantity: boolean };
  const drafts: Draft[] = [];
  let line: Draft | null = null;
  for (const s of firstLin < 0 ? [] : message.body.slice(firstLin)) {
    if (s.tag === 'LIN') {
      line = { lineId: value(s, 1), linNumber: value(s, 1), hasQuantity: false, quantity: 0, unit: '', price: null, needBy: null, ids: [] };
      if (value(s, 3, 1)) line.ids.push({ id: value(s, 3, 1), qualifier: value(s, 3, 2) });
      drafts.push(line);
    } else if (!line || s.tag === 'UNS') {
      line = null;
    } else if (s.tag === 'PIA') {
      for (let n = 2; n <= s.elements.length; n++) if (value(s, n, 1)) line.ids.push({ id: value(s, n, 1), qualifier: value(s, n, 2) });
    } else if (s.tag === 'QTY' && value(s, 1, 1) === '21') {
      const quantity = number(value(s, 1, 2));
      if (quantity === null || quantity <= 0) problems.push(`LIN ${line.linNumber}: quantity "${value(s, 1, 2)}" is not a positive number`);
      line.quantity = quantity ?? 0;
      line.hasQuantity = true;
      line.unit = value(s, 1, 3);
    } else if (s.tag === 'DTM' && value(s, 1, 1) === '2') {
      line.needBy = dtmDate(s);
    } else if (s.tag === 'PRI') {
      line.price = number(value(s, 1, 2));
    } else if (s.tag === 'RFF' && value(s, 1, 1) === 'LI') {
      line.lineId = value(s, 1, 2);
    }
  }
  for (const l of drafts) if (!l.hasQuantity) problems.push(`LIN ${l.linNumber} has no QTY+21`);
  order.lines = drafts.map(({ lineId, quantity, unit, price, needBy, ids }) => ({ lineId, quantity, unit, price, needBy, ids }));
  return finish(order, problems);
}
