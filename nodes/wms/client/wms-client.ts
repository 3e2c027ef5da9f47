import { RemoteError } from '../../lib/errors';
import { createHttpClient, type HttpClient } from '../../lib/http';
import { OAuth2TokenSource, withBearer, type ClientCredentials } from '../../lib/oauth2';
import { Resilience, type ResilienceOptions } from '../../lib/resilience';
import type { WmsConfirmation, WmsLogPage, WmsOrder, WmsOrderRequest, WmsStockEvent, WmsStockPage, WmsTopic } from './types';

export type WmsAuth = ({ type: 'oauth2' } & ClientCredentials) | { type: 'apikey'; header: string; key: string };

export interface WmsClientOptions {
  name: string;
  baseURL: string;
  timeoutMs: number;
  auth: WmsAuth;
  resilience: ResilienceOptions;
}

/** Where each reconciling log lives. */
const LOG_PATHS: Record<WmsTopic, string> = { stock_events: '/api/v1/stock-events', confirmations: '/api/v1/confirmations' };

/**
 * The canonical WMS contract (docs/wms-contract.md) over HTTP: stock snapshot pages, the stock-event
 * and confirmation logs by cursor, idempotent order creation. Every call goes through the config
 * node's resilience policy; OAuth2 tokens are kept and renewed by nodes/lib/oauth2. No node-red import.
 */
export class WmsClient {
  readonly resilience: Resilience;
  private readonly http: HttpClient;
  private readonly tokens?: OAuth2TokenSource;

  constructor(private readonly options: WmsClientOptions) {
    this.http = createHttpClient({ system: 'WMS', baseURL: options.baseURL, timeoutMs: options.timeoutMs });
    this.resilience = new Resilience(options.name, options.resilience, 'WMS');
    if (options.auth.type === 'oauth2') this.tokens = new OAuth2TokenSource(this.http, options.auth, { system: 'WMS' });
  }

  private call<T>(method: string, url: string, init: { data?: unknown; params?: Record<string, string | number> } = {}): Promise<{ status: number; data: T }> {
    const auth = this.options.auth;
    const send = async (headers: Record<string, string>) => {
      const response = await this.http.request<T>({ method, url, data: init.data, params: init.params, headers });
      return { status: response.status, data: response.data };
    };
    // Every call of the contract is safe to repeat: reads, and order creation keyed by external_id.
    return this.resilience.execute(() => (this.tokens ? withBearer(this.tokens, send) : send(auth.type === 'apikey' ? { [auth.header]: auth.key } : {})));
  }

  /** One page of a stock snapshot; no cursor opens a new snapshot. */
  async stockPage(cursor: string | null, limit: number): Promise<WmsStockPage> {
    const params: Record<string, string | number> = { limit };
    if (cursor) params.cursor = cursor;
    const { data } = await this.call<WmsStockPage>('GET', '/api/v1/stock', { params });
    if (!data || !Array.isArray(data.items) || typeof data.snapshot_id !== 'string') throw protocol('GET /api/v1/stock answered without items or snapshot_id');
    return data;
  }

  /** Entries of a log after `cursor` (null: from the first one kept). */
  async logSince<T = WmsStockEvent | WmsConfirmation>(topic: WmsTopic, cursor: string | null, limit: number): Promise<WmsLogPage<T>> {
    const params: Record<string, string | number> = { limit };
    if (cursor) params.since = cursor;
    const { data } = await this.call<WmsLogPage<T>>('GET', LOG_PATHS[topic], { params });
    if (!data || !Array.isArray(data.items)) throw protocol(`GET ${LOG_PATHS[topic]} answered without items`);
    return { items: data.items, next_cursor: data.next_cursor ?? cursor ?? '', has_more: data.has_more === true };
  }

  /** Creates an order; `created` is false when the WMS already had one with the same external_id. */
  async createOrder(order: WmsOrderRequest): Promise<{ order: WmsOrder; created: boolean }> {
    const { status, data } = await this.call<WmsOrder>('POST', '/api/v1/orders', { data: order });
    if (!data || typeof data.order_id !== 'string') throw protocol('POST /api/v1/orders answered without an order_id');
    return { order: data, created: status === 201 };
  }

  dispose(): void {
    this.http.dispose();
  }
}

function protocol(message: string): RemoteError {
  return new RemoteError('WMS_PROTOCOL', `WMS: ${message}`, { system: 'WMS', retryable: false });
}
