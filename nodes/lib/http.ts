import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { RemoteError } from './errors';

export interface HttpClientOptions {
  /** Prefix of every error code, e.g. ODOO gives ODOO_TIMEOUT. */
  system: string;
  baseURL: string;
  timeoutMs: number;
  headers?: Record<string, string>;
  maxSockets?: number;
}

export interface HttpClient {
  readonly axios: AxiosInstance;
  /** Sends one request; any failure is a RemoteError with a stable code. */
  request<T = unknown>(config: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  /** Closes the keep-alive sockets. */
  dispose(): void;
}

/** One axios instance per config node, with keep-alive sockets and a timeout on every call. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 8 };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const instance = axios.create({
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    headers: options.headers,
    httpAgent,
    httpsAgent,
    proxy: false,
    maxRedirects: 0,
    // With responseType json and silentJSONParsing off, a broken JSON body is an error, not a string.
    responseType: 'json',
    transitional: { silentJSONParsing: false, forcedJSONParsing: true, clarifyTimeoutError: true },
  });
  return {
    axios: instance,
    async request<T>(config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
      try {
        return await instance.request<T>(config);
      } catch (err) {
        throw toRemoteError(err, options.system);
      }
    },
    dispose(): void {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

const NETWORK_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const TIMEOUTS = new Set(['ETIMEDOUT', 'ECONNABORTED']);

/** The code suffix, and whether the same call may succeed later, for an HTTP status. */
export function classifyStatus(status: number): { suffix: string; retryable: boolean } {
  if (status === 401) return { suffix: 'ACCESS_DENIED', retryable: false };
  if (status === 403) return { suffix: 'ACCESS_ERROR', retryable: false };
  if (status === 404) return { suffix: 'NOT_FOUND', retryable: false };
  if (status === 408) return { suffix: 'TIMEOUT', retryable: true };
  if (status === 409) return { suffix: 'CONFLICT', retryable: false };
  if (status === 400 || status === 422) return { suffix: 'VALIDATION', retryable: false };
  if (status === 429) return { suffix: 'RATE_LIMITED', retryable: true };
  if (status === 502 || status === 503 || status === 504) return { suffix: 'UNAVAILABLE', retryable: true };
  if (status >= 500) return { suffix: 'SERVER_ERROR', retryable: false };
  return { suffix: 'REQUEST_FAILED', retryable: false };
}

/** Retry-After as milliseconds: either delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Method and path only: query strings may carry keys, and headers are never copied. */
function describeRequest(config: AxiosRequestConfig | undefined): string {
  if (!config) return 'request';
  const method = (config.method ?? 'get').toUpperCase();
  let path = config.url ?? '';
  try {
    path = new URL(path, config.baseURL ?? 'http://x').pathname;
  } catch {
    path = path.split('?')[0];
  }
  return `${method} ${path}`;
}

function bodyExcerpt(data: unknown): string | undefined {
  if (data === undefined || data === null || data === '') return undefined;
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Maps anything axios throws to a RemoteError without carrying its config (which holds the headers). */
export function toRemoteError(err: unknown, system: string): RemoteError {
  if (err instanceof RemoteError) return err;
  if (!(err instanceof AxiosError)) {
    const message = err instanceof Error ? err.message : String(err);
    return new RemoteError(`${system}_PROTOCOL`, `${system}: ${message}`, { system, retryable: false });
  }
  const request = describeRequest(err.config);
  if (err.code === 'ERR_BAD_RESPONSE' && (!err.response || err.response.status < 400)) {
    return new RemoteError(`${system}_PROTOCOL`, `${system} sent a response to ${request} that is not valid JSON`, {
      system,
      retryable: false,
      details: { request },
    });
  }
  if (err.response) {
    const status = err.response.status;
    const { suffix, retryable } = classifyStatus(status);
    return new RemoteError(`${system}_${suffix}`, `${system} answered HTTP ${status} to ${request}`, {
      system,
      status,
      retryable,
      retryAfterMs: parseRetryAfter(err.response.headers?.['retry-after']),
      details: { request, body: bodyExcerpt(err.response.data), notApplied: status === 429 || status === 503 },
    });
  }
  const code = err.code ?? '';
  if (TIMEOUTS.has(code)) {
    return new RemoteError(`${system}_TIMEOUT`, `${system} did not answer ${request} in time`, { system, retryable: true, details: { request } });
  }
  if (NETWORK_UNAVAILABLE.has(code)) {
    // Refused or unresolvable: the request never reached the server, so even a create may be sent again.
    const notApplied = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
    return new RemoteError(`${system}_UNAVAILABLE`, `${system} cannot be reached for ${request} (${code})`, {
      system,
      retryable: true,
      details: { request, network: code, notApplied },
    });
  }
  return new RemoteError(`${system}_UNAVAILABLE`, `${system}: ${err.message} (${request})`, {
    system,
    retryable: true,
    details: { request, network: code || undefined },
  });
}
