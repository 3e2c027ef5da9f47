import { createHttpClient, type HttpClient } from '../../lib/http';
import { OAuth2TokenSource, withBearer } from '../../lib/oauth2';
import { Resilience, type ResilienceOptions } from '../../lib/resilience';

export type PlanningAuth =
  | { type: 'bearer'; token: string }
  | { type: 'apikey'; header: string; key: string }
  | { type: 'oauth2'; tokenUrl: string; clientId: string; clientSecret: string };

export interface PlanningRestOptions {
  name: string;
  baseURL: string;
  timeoutMs: number;
  auth: PlanningAuth;
  resilience: ResilienceOptions;
}

export interface Manifest {
  batch_id: string;
  dataset: string;
  pages: number;
  row_count: number;
  checksum: string;
  as_of: string;
  interface_version: string;
}

export type InboundKind = 'recommendations' | 'forecasts' | 'stock-policies';

/** The contract of each inbound stream. */
export const INBOUND_CONTRACTS: Record<InboundKind, string> = {
  recommendations: 'replenishment_recommendation@1',
  forecasts: 'forecast@1',
  'stock-policies': 'stock_policy@1',
};

export interface InboundPage<T = Record<string, unknown>> {
  items: T[];
  next_cursor: string | null;
  has_more: boolean;
}

export interface Feedback {
  recommendation_id: string;
  plan_version: number;
  status: 'accepted' | 'edited' | 'rejected' | 'expired' | 'executed';
  approved_qty?: number | null;
  reason_code?: string | null;
  odoo_refs?: Array<{ model: string; id: number; name: string }>;
  decided_by?: string | null;
  at: string;
}

/**
 * The planning exchange over REST (docs/planning-exchange.openapi.json): datasets out in idempotent
 * pages plus a manifest, recommendations, forecasts and policies in by cursor, feedback back. Auth by
 * bearer token, API-key header or OAuth2 client credentials (the token is fetched, kept and fetched
 * again when the server refuses it). No node-red import.
 */
export class PlanningRestClient {
  readonly resilience: Resilience;
  private readonly http: HttpClient;
  private readonly tokens?: OAuth2TokenSource;

  constructor(private readonly options: PlanningRestOptions) {
    this.http = createHttpClient({ system: 'PLANNING', baseURL: options.baseURL, timeoutMs: options.timeoutMs });
    this.resilience = new Resilience(options.name, options.resilience, 'PLANNING');
    if (options.auth.type === 'oauth2') this.tokens = new OAuth2TokenSource(this.http, options.auth, { system: 'PLANNING' });
  }

  /** One authenticated call; an expired OAuth2 token is fetched again once (once for all calls that met it). */
  private async call<T>(method: string, url: string, data?: unknown, params?: Record<string, string | number>, idempotent = true): Promise<T> {
    const auth = this.options.auth;
    const send = async (headers: Record<string, string>): Promise<T> => (await this.http.request<T>({ method, url, data, params, headers })).data;
    return this.resilience.execute(
      () => {
        if (this.tokens) return withBearer(this.tokens, send);
        return send(auth.type === 'bearer' ? { Authorization: `Bearer ${auth.token}` } : auth.type === 'apikey' ? { [auth.header]: auth.key } : {});
      },
      { idempotent },
    );
  }

  /** Sends one page of a dataset batch; the same (batch, seq) twice is stored once. */
  sendPage(dataset: string, batchId: string, seq: number, records: unknown[]): Promise<{ received: number; duplicate: boolean }> {
    return this.call('POST', `/api/v1/datasets/${encodeURIComponent(dataset)}/batches/${encodeURIComponent(batchId)}/pages/${seq}`, records);
  }

  /** Completes a batch; the server checks pages, rows and checksum before swapping it in. */
  sendManifest(manifest: Manifest): Promise<unknown> {
    return this.call('POST', `/api/v1/datasets/${encodeURIComponent(manifest.dataset)}/batches/${encodeURIComponent(manifest.batch_id)}/manifest`, manifest);
  }

  runPlan(asOf?: string): Promise<{ plan_id: string; plan_version: number }> {
    return this.call('POST', '/api/v1/plans', asOf ? { as_of: asOf } : {}, undefined, false);
  }

  /** One page of what the planner produced since a cursor (null: from the start). */
  fetchSince<T = Record<string, unknown>>(kind: InboundKind, cursor: string | null, limit: number): Promise<InboundPage<T>> {
    const params: Record<string, string | number> = { limit };
    if (cursor) params.cursor = cursor;
    return this.call('GET', `/api/v1/${kind}`, undefined, params);
  }

  /** Feedback on recommendations; the same event twice is stored once. */
  sendFeedback(items: Feedback[]): Promise<unknown> {
    return this.call('POST', '/api/v1/feedback', items);
  }

  dispose(): void {
    this.http.dispose();
  }
}
