import { InputError } from '../../lib/errors';
import type { WmsConfirmation, WmsStockEvent, WmsTopic } from '../client/types';
import { toConfirmation, type OrderConfirmation } from './confirmations';

/** A stock movement as planbridge passes it on: one change of on hand at one sku and location. */
export interface StockMovement {
  event_id: string;
  type: WmsStockEvent['type'];
  sku: string;
  location: string;
  lot: string | null;
  uom: string;
  quantity_delta: number;
  /** On hand after the change, when the WMS says. */
  on_hand: number | null;
  reference: string | null;
  at: string;
  source: { system: 'wms'; record_id: string };
}

const TYPES = new Set(['adjustment', 'receipt', 'shipment', 'cycle_count']);

export function toStockMovement(event: WmsStockEvent): StockMovement {
  return {
    event_id: event.event_id,
    type: event.type,
    sku: event.sku,
    location: event.location,
    lot: event.lot ?? null,
    uom: event.uom || 'EA',
    quantity_delta: event.quantity_delta,
    on_hand: typeof event.on_hand === 'number' ? event.on_hand : null,
    reference: event.reference ?? null,
    at: event.at,
    source: { system: 'wms', record_id: event.event_id },
  };
}

/** What one topic's entries become, and the id that makes an entry unique across push and poll. */
export interface TopicMapping<T> {
  idOf(entry: T): string;
  map(entry: unknown): T;
}

function stockEvent(entry: unknown): StockMovement {
  const e = (entry ?? {}) as Partial<WmsStockEvent>;
  if (typeof e.event_id !== 'string' || !e.event_id) throw new InputError('A stock event has no event_id', 'WMS_EVENT_INVALID');
  if (!TYPES.has(String(e.type)))
    throw new InputError(`Stock event ${e.event_id} has the unknown type "${String(e.type)}"`, 'WMS_EVENT_INVALID', { event_id: e.event_id });
  if (typeof e.sku !== 'string' || typeof e.location !== 'string' || typeof e.quantity_delta !== 'number' || typeof e.at !== 'string') {
    throw new InputError(`Stock event ${e.event_id} lacks sku, location, quantity_delta or at`, 'WMS_EVENT_INVALID', { event_id: e.event_id });
  }
  return toStockMovement(e as WmsStockEvent);
}

function confirmation(entry: unknown): OrderConfirmation {
  const c = (entry ?? {}) as Partial<WmsConfirmation>;
  if (typeof c.confirmation_id !== 'string' || typeof c.order_id !== 'string' || !Array.isArray(c.lines)) {
    throw new InputError('A confirmation lacks confirmation_id, order_id or lines', 'WMS_CONFIRMATION_INVALID');
  }
  return toConfirmation(c as WmsConfirmation);
}

export const TOPICS: { stock_events: TopicMapping<StockMovement>; confirmations: TopicMapping<OrderConfirmation> } = {
  stock_events: { idOf: (e) => e.event_id, map: stockEvent },
  confirmations: { idOf: (c) => c.confirmation_id, map: confirmation },
};

/** A push body `{ topic, items }` checked against the topic the endpoint serves. */
export function parsePush(body: unknown, topic: WmsTopic): unknown[] {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new InputError('The push body must be a JSON object { topic, items }', 'WMS_PUSH_INVALID');
  const b = body as { topic?: unknown; items?: unknown };
  if (b.topic !== undefined && b.topic !== topic) throw new InputError(`This endpoint takes ${topic}, not ${String(b.topic)}`, 'WMS_PUSH_INVALID');
  if (!Array.isArray(b.items)) throw new InputError('The push body has no items array', 'WMS_PUSH_INVALID');
  return b.items;
}
