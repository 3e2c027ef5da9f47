import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Faults, type FaultSpec } from '../planning/rest/faults';
import { randomSecret, WmsAuth } from './auth';
import { Pusher, type Topic } from './push';
import { createWmsServer } from './server';
import { WmsStore, type InitialStockRow, type Confirmation, type Order, type StockEvent, type StockRow } from './store';

export type { Confirmation, InitialStockRow, Order, StockEvent, StockRow } from './store';
export type { FaultSpec } from '../planning/rest/faults';
export type { Topic } from './push';

/** Product codes and warehouse codes of the sandbox Odoo's default dataset, so both sandboxes match. */
export const DEFAULT_SKUS = Array.from({ length: 12 }, (_, i) => `${['FST', 'TLS', 'ELC', 'PLB'][i % 4]}-${String(i + 1).padStart(6, '0')}`);
export const DEFAULT_LOCATIONS = ['BRU', 'ANR', 'GNT'];

export interface WmsSandboxOptions {
  /** 0 (default) picks a free port. The sandbox always listens on 127.0.0.1. */
  port?: number;
  seed?: number;
  skus?: string[];
  locations?: string[];
  /** Initial stock instead of the seeded random one (skus and locations then only name the catalogue). */
  stock?: InitialStockRow[];
  apiKey?: string;
  apiKeyHeader?: string;
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  /** Subscriber URLs per topic; control.subscribe changes them later. */
  subscribers?: Partial<Record<Topic, string | null>>;
  /** Sent as X-WMS-Secret with every push; random when not given. */
  subscriberSecret?: string;
  /** Confirm each order this long after it was created; null (default): only control.confirm*(). */
  confirmAfterMs?: number | null;
  /** Share of order lines confirmed short (default 0.25). */
  shortShare?: number;
  /** Clock in epoch ms (default Date.now); control.advanceClock moves it. */
  now?: () => number;
}

export interface CallEvent {
  route: string;
  status: number;
}

export interface WmsSandboxControl extends EventEmitter {
  setFaults(spec: FaultSpec): void;
  /** The next `count` calls answer 429 with Retry-After. */
  throttle(count: number, retryAfterSeconds?: number): void;
  /** The next `count` calls answer 503. */
  fail(count: number): void;
  clearFaults(): void;
  calls(): { total: number; by_route: Record<string, number> };
  subscribe(topic: Topic, url: string | null): void;
  /** Changes on hand (logs and pushes an event). */
  adjust(sku: string, location: string, delta: number, type?: 'adjustment' | 'receipt' | 'shipment'): StockEvent;
  /** A cycle count: on hand becomes `counted`. */
  count(sku: string, location: string, counted: number): StockEvent;
  stock(): StockRow[];
  events(): StockEvent[];
  orders(): Order[];
  confirmations(): Confirmation[];
  /** Confirms one open order now (pushes its confirmation and stock events). */
  confirm(orderId: string): Confirmation | undefined;
  /** Confirms every open order now. */
  confirmAll(): Confirmation[];
  /** Every issued OAuth2 token is refused from now on. */
  expireTokens(): void;
  advanceClock(ms: number): void;
  /** Resolves when every push so far has been answered or has failed. */
  pushed(): Promise<void>;
  reset(): void;
}

export interface WmsSandbox {
  url: string;
  port: number;
  apiKey: string;
  apiKeyHeader: string;
  clientId: string;
  clientSecret: string;
  subscriberSecret: string;
  /** 'call' { route, status } per answered request; 'event' { topic, item, status } per push; 'push-error'. */
  control: WmsSandboxControl;
  stop(): Promise<void>;
}

/** Starts the WMS simulator (docs/wms-contract.md) on 127.0.0.1. Deterministic by seed. */
export async function startWmsSandbox(options: WmsSandboxOptions = {}): Promise<WmsSandbox> {
  let offset = 0;
  const baseNow = options.now ?? Date.now;
  const now = (): number => baseNow() + offset;
  const store = new WmsStore({
    seed: options.seed ?? 7,
    skus: options.skus ?? DEFAULT_SKUS,
    locations: options.locations ?? DEFAULT_LOCATIONS,
    shortShare: options.shortShare ?? 0.25,
    now,
    initialStock: options.stock,
  });
  const apiKeyHeader = (options.apiKeyHeader ?? 'X-Api-Key').toLowerCase();
  const apiKey = options.apiKey ?? randomSecret();
  const clientId = options.clientId ?? 'planbridge';
  const clientSecret = options.clientSecret ?? randomSecret();
  const subscriberSecret = options.subscriberSecret ?? randomSecret();
  const auth = new WmsAuth({ apiKey, apiKeyHeader, clientId, clientSecret, tokenTtlSeconds: options.tokenTtlSeconds ?? 3600, now });
  const faults = new Faults();
  const abort = new AbortController();
  const control = new EventEmitter() as WmsSandboxControl;
  // Tests listen for 'call' and 'event' per request; many listeners are normal.
  control.setMaxListeners(0);
  const pusher = new Pusher(control, options.subscribers ?? {}, subscriberSecret, abort.signal);

  const confirm = (orderId: string): Confirmation | undefined => {
    const result = store.confirm(orderId);
    if (!result) return undefined;
    pusher.push('stock_events', result.events);
    pusher.push('confirmations', [result.confirmation]);
    return result.confirmation;
  };
  const server = createWmsServer({
    store,
    auth,
    faults,
    pusher,
    events: control,
    confirmAfterMs: options.confirmAfterMs ?? null,
    confirm: (id) => void confirm(id),
    abort: abort.signal,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  Object.assign(control, {
    setFaults: (spec: FaultSpec) => faults.set(spec),
    throttle: (count: number, retryAfterSeconds = 1) => faults.set({ failNext: { count, status: 429, retryAfterSeconds } }),
    fail: (count: number) => faults.set({ failNext: { count, status: 503 } }),
    clearFaults: () => faults.clear(),
    calls: () => faults.calls(),
    subscribe: (topic: Topic, url: string | null) => pusher.subscribe(topic, url),
    adjust: (sku: string, location: string, delta: number, type: 'adjustment' | 'receipt' | 'shipment' = 'adjustment') => {
      const event = store.move(type, sku, location, delta);
      pusher.push('stock_events', [event]);
      return event;
    },
    count: (sku: string, location: string, counted: number) => {
      const event = store.count(sku, location, counted);
      pusher.push('stock_events', [event]);
      return event;
    },
    stock: () => store.rows(),
    events: () => [...store.events],
    orders: () => [...store.orders.values()],
    confirmations: () => [...store.confirmations],
    confirm,
    confirmAll: () =>
      store
        .openOrders()
        .map((o) => confirm(o.order_id))
        .filter((c): c is Confirmation => !!c),
    expireTokens: () => auth.expireAll(),
    advanceClock: (ms: number) => {
      offset += ms;
    },
    pushed: () => pusher.idle(),
    reset: () => {
      store.reset();
      faults.clear();
      faults.resetCounter();
      auth.expireAll();
    },
  });

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      abort.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    })());

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey,
    apiKeyHeader: options.apiKeyHeader ?? 'X-Api-Key',
    clientId,
    clientSecret,
    subscriberSecret,
    control,
    stop,
  };
}
