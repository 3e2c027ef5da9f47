import { Prng } from '../planning/prng';

export interface StockRow {
  sku: string;
  location: string;
  lot: string | null;
  uom: string;
  on_hand: number;
  allocated: number;
  in_transit: number;
  counted_at: string;
}

export type StockEventType = 'adjustment' | 'receipt' | 'shipment' | 'cycle_count';

export interface StockEvent {
  event_id: string;
  seq: number;
  type: StockEventType;
  sku: string;
  location: string;
  lot: string | null;
  uom: string;
  quantity_delta: number;
  on_hand: number;
  reference: string | null;
  at: string;
}

export interface OrderLine {
  line_no: number;
  sku: string;
  quantity: number;
  uom: string;
}

export interface Order {
  order_id: string;
  external_id: string;
  type: 'transfer' | 'receipt';
  status: 'open' | 'confirmed';
  created_at: string;
  source_location: string | null;
  destination_location: string;
  expected_date: string | null;
  supplier_ref: string | null;
  lines: OrderLine[];
}

export interface ConfirmationLine {
  line_no: number;
  sku: string;
  uom: string;
  ordered_quantity: number;
  picked_quantity: number | null;
  shipped_quantity: number | null;
  received_quantity: number;
}

export interface Confirmation {
  confirmation_id: string;
  seq: number;
  order_id: string;
  external_id: string;
  type: Order['type'];
  confirmed_at: string;
  lines: ConfirmationLine[];
}

export interface StoreOptions {
  seed: number;
  skus: string[];
  locations: string[];
  /** Share of order lines confirmed short (default 0.25). */
  shortShare: number;
  now: () => number;
  /** Initial stock instead of the generated one (e.g. taken from another system); logs no events. */
  initialStock?: InitialStockRow[];
}

/** A row of initial stock: on hand per sku and location (and lot); the rest defaults. */
export interface InitialStockRow {
  sku: string;
  location: string;
  on_hand: number;
  lot?: string | null;
  uom?: string;
  allocated?: number;
  in_transit?: number;
}

const pad = (n: number): string => String(n).padStart(6, '0');

/**
 * The warehouse's state: stock per sku, location and lot, the event log, orders and confirmations.
 * Everything random comes from one seeded stream, so the same seed and the same calls give the same
 * stock, ids and short lines.
 */
export class WmsStore {
  private readonly stock = new Map<string, StockRow>();
  readonly events: StockEvent[] = [];
  readonly orders = new Map<string, Order>();
  private readonly byExternalId = new Map<string, string>();
  readonly confirmations: Confirmation[] = [];
  private readonly snapshots = new Map<string, { as_of: string; rows: StockRow[] }>();
  private random: Prng;

  constructor(private readonly options: StoreOptions) {
    this.random = new Prng(options.seed);
    this.seedStock();
  }

  reset(): void {
    this.stock.clear();
    this.events.length = 0;
    this.orders.clear();
    this.byExternalId.clear();
    this.confirmations.length = 0;
    this.snapshots.clear();
    this.random = new Prng(this.options.seed);
    this.seedStock();
  }

  nowIso(): string {
    return new Date(this.options.now()).toISOString();
  }

  private seedStock(): void {
    const counted = new Date(this.options.now() - 7 * 86_400_000).toISOString();
    if (this.options.initialStock) {
      for (const r of this.options.initialStock) {
        const lot = r.lot ?? null;
        const row = this.stock.get(key(r.sku, r.location, lot));
        if (row) row.on_hand = round(row.on_hand + r.on_hand);
        else
          this.stock.set(key(r.sku, r.location, lot), {
            sku: r.sku,
            location: r.location,
            lot,
            uom: r.uom ?? 'EA',
            on_hand: round(r.on_hand),
            allocated: r.allocated ?? 0,
            in_transit: r.in_transit ?? 0,
            counted_at: counted,
          });
      }
      return;
    }
    for (const sku of this.options.skus) {
      for (const location of this.options.locations) {
        // Not every item is stocked everywhere, as in a real network.
        if (this.random.chance(0.2)) continue;
        const onHand = this.random.int(0, 400);
        const lot = this.random.chance(0.15) ? `L${this.random.int(1000, 9999)}` : null;
        this.stock.set(key(sku, location, lot), {
          sku,
          location,
          lot,
          uom: 'EA',
          on_hand: onHand,
          allocated: Math.min(onHand, this.random.int(0, 50)),
          in_transit: 0,
          counted_at: counted,
        });
      }
    }
  }

  private row(sku: string, location: string, lot: string | null = null): StockRow {
    const k = key(sku, location, lot);
    let row = this.stock.get(k);
    if (!row) {
      row = { sku, location, lot, uom: 'EA', on_hand: 0, allocated: 0, in_transit: 0, counted_at: this.nowIso() };
      this.stock.set(k, row);
    }
    return row;
  }

  rows(): StockRow[] {
    return [...this.stock.values()].sort((a, b) => key(a.sku, a.location, a.lot).localeCompare(key(b.sku, b.location, b.lot))).map((r) => ({ ...r }));
  }

  /** Freezes the current stock as a snapshot that pages read from. */
  openSnapshot(): { id: string; as_of: string; rows: StockRow[] } {
    const id = this.random.uuid();
    const snapshot = { as_of: this.nowIso(), rows: this.rows() };
    this.snapshots.set(id, snapshot);
    return { id, ...snapshot };
  }

  snapshot(id: string): { as_of: string; rows: StockRow[] } | undefined {
    return this.snapshots.get(id);
  }

  /** Changes on hand by `delta` and logs the event. */
  move(type: StockEventType, sku: string, location: string, delta: number, reference: string | null = null, lot: string | null = null): StockEvent {
    const row = this.row(sku, location, lot);
    row.on_hand = round(row.on_hand + delta);
    row.allocated = Math.min(row.allocated, Math.max(0, row.on_hand));
    if (type === 'cycle_count') row.counted_at = this.nowIso();
    const seq = this.events.length + 1;
    const event: StockEvent = {
      event_id: `ev-${pad(seq)}`,
      seq,
      type,
      sku,
      location,
      lot,
      uom: row.uom,
      quantity_delta: delta,
      on_hand: row.on_hand,
      reference,
      at: this.nowIso(),
    };
    this.events.push(event);
    return event;
  }

  /** A cycle count sets on hand to what was counted. */
  count(sku: string, location: string, counted: number, lot: string | null = null): StockEvent {
    const row = this.row(sku, location, lot);
    return this.move('cycle_count', sku, location, round(counted - row.on_hand), null, lot);
  }

  /** Creates an order, or returns the one created before under the same external id. */
  createOrder(input: Omit<Order, 'order_id' | 'status' | 'created_at'>): { order: Order; created: boolean } {
    const existing = this.byExternalId.get(input.external_id);
    if (existing) return { order: this.orders.get(existing) as Order, created: false };
    const order: Order = { ...input, order_id: `ORD-${pad(this.orders.size + 1)}`, status: 'open', created_at: this.nowIso() };
    this.orders.set(order.order_id, order);
    this.byExternalId.set(order.external_id, order.order_id);
    for (const line of order.lines) this.row(line.sku, order.destination_location).in_transit += line.quantity;
    return { order, created: true };
  }

  openOrders(): Order[] {
    return [...this.orders.values()].filter((o) => o.status === 'open');
  }

  /** Confirms an open order; some lines come out short (by seed). Returns the confirmation and its stock events. */
  confirm(orderId: string): { confirmation: Confirmation; events: StockEvent[] } | undefined {
    const order = this.orders.get(orderId);
    if (!order || order.status !== 'open') return undefined;
    order.status = 'confirmed';
    const events: StockEvent[] = [];
    const lines = order.lines.map((line): ConfirmationLine => {
      const short = this.random.chance(this.options.shortShare);
      const done = short ? Math.floor(line.quantity * this.random.uniform(0.4, 0.95)) : line.quantity;
      const destination = this.row(line.sku, order.destination_location);
      destination.in_transit = round(Math.max(0, destination.in_transit - line.quantity));
      if (order.type === 'transfer' && order.source_location && done > 0)
        events.push(this.move('shipment', line.sku, order.source_location, -done, order.order_id));
      if (done > 0) events.push(this.move('receipt', line.sku, order.destination_location, done, order.order_id));
      const transfer = order.type === 'transfer';
      return {
        line_no: line.line_no,
        sku: line.sku,
        uom: line.uom,
        ordered_quantity: line.quantity,
        picked_quantity: transfer ? done : null,
        shipped_quantity: transfer ? done : null,
        received_quantity: done,
      };
    });
    const seq = this.confirmations.length + 1;
    const confirmation: Confirmation = {
      confirmation_id: `CNF-${pad(seq)}`,
      seq,
      order_id: order.order_id,
      external_id: order.external_id,
      type: order.type,
      confirmed_at: this.nowIso(),
      lines,
    };
    this.confirmations.push(confirmation);
    return { confirmation, events };
  }
}

function key(sku: string, location: string, lot: string | null): string {
  return `${sku}\u0000${location}\u0000${lot ?? ''}`;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
