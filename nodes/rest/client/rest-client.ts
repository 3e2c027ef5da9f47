import { createHttpClient, type HttpClient } from '../../lib/http';
import { Resilience, type ResilienceOptions } from '../../lib/resilience';

export type RestAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'header'; name: string; value: string };

export interface RestClientOptions {
  /** Names the target in error codes (REST_TIMEOUT) and metrics. */
  name: string;
  baseURL: string;
  timeoutMs: number;
  auth: RestAuth;
  resilience: ResilienceOptions;
}

export interface RestRequest {
  method: string;
  path: string;
  body?: unknown;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  /** Sent as the idempotency header, so a target can apply a repeated call once. */
  idempotencyKey?: string;
  idempotencyHeader?: string;
}

export interface RestResponse {
  status: number;
  data: unknown;
  headers: Record<string, string>;
}

function authHeaders(auth: RestAuth): Record<string, string> {
  switch (auth.type) {
    case 'bearer':
      return { Authorization: `Bearer ${auth.token}` };
    case 'basic':
      return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    case 'header':
      return { [auth.name]: auth.value };
    default:
      return {};
  }
}

/** A JSON REST target behind the shared HTTP layer and the resilience policy. No node-red import. */
export class RestClient {
  readonly resilience: Resilience;
  private readonly http: HttpClient;

  constructor(options: RestClientOptions) {
    this.http = createHttpClient({ system: 'REST', baseURL: options.baseURL, timeoutMs: options.timeoutMs, headers: authHeaders(options.auth) });
    this.resilience = new Resilience(options.name, options.resilience, 'REST');
  }

  /** One call, retried on retryable failures; the idempotency key stays the same on every attempt. */
  request(req: RestRequest): Promise<RestResponse> {
    const headers: Record<string, string> = { ...req.headers };
    if (req.idempotencyKey) headers[req.idempotencyHeader ?? 'Idempotency-Key'] = req.idempotencyKey;
    return this.resilience.execute(async () => {
      const response = await this.http.request({ method: req.method, url: req.path, data: req.body, params: req.query, headers });
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(response.headers)) if (typeof v === 'string') flat[k] = v;
      return { status: response.status, data: response.data, headers: flat };
    });
  }

  dispose(): void {
    this.http.dispose();
  }
}
