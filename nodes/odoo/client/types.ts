import type { ResilienceOptions } from '../../lib/resilience';

export type OdooProtocol = 'json2' | 'jsonrpc';

export interface OdooClientOptions {
  baseURL: string;
  database: string;
  login: string;
  /** An API key (JSON-2 bearer, or the password slot of JSON-RPC). */
  apiKey?: string;
  /** A password, for JSON-RPC only; an API key is preferred. */
  password?: string;
  /** `auto` uses JSON-2 where the server has it (19+) and an API key is given, JSON-RPC otherwise. */
  protocol: OdooProtocol | 'auto';
  timeoutMs: number;
  resilience: ResilienceOptions;
  /** Sent with every call: lang, tz, allowed_company_ids (first = current company). */
  context?: Record<string, unknown>;
  /** A label for logs and metrics. */
  name?: string;
}

export interface OdooServerInfo {
  /** Major version: 16, 17, 18, 19, 20, ... */
  version: number;
  serverVersion: string;
  protocol: OdooProtocol;
}

/** One model method call with named parameters; `ids` are the records it runs on (none for model methods). */
export interface OdooCall {
  model: string;
  method: string;
  ids?: number[];
  params?: Record<string, unknown>;
  context?: Record<string, unknown>;
  /** False for calls that create something: they are not retried after a timeout. */
  idempotent?: boolean;
  /** The call only asks what the user may do or see (Test connection): a refusal is an answer, not a failing connection. */
  probe?: boolean;
}

export interface OdooTransport {
  readonly protocol: OdooProtocol;
  call(call: OdooCall): Promise<unknown>;
  /** The user id the credentials stand for. */
  uid(): Promise<number>;
}

export type OdooRecord = Record<string, unknown> & { id: number };
