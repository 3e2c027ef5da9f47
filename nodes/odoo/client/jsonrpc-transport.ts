import { parseRetryAfter, type HttpClient } from '../../lib/http';
import { faultToError, odooError, type OdooFault } from './errors';
import type { OdooCall, OdooTransport } from './types';

interface JsonRpcReply {
  result?: unknown;
  error?: { code?: number; message?: string; data?: { name?: string; message?: string } };
}

/**
 * Odoo's /jsonrpc endpoint (16-18, and 19-21 while it lasts): common.authenticate once for the uid,
 * then object.execute_kw with db, uid and the key or password on every call. Errors come as HTTP 200
 * envelopes; the exception name is in error.data.name.
 */
export class JsonRpcTransport implements OdooTransport {
  readonly protocol = 'jsonrpc' as const;
  private uidCache?: Promise<number>;
  private sequence = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly database: string,
    private readonly login: string,
    private readonly secret: string,
  ) {}

  /** One JSON-RPC round trip; `result` may be absent when the method returned None. */
  async rpc(service: string, method: string, args: unknown[], label = `${service}.${method}`): Promise<unknown> {
    const request = label;
    const response = await this.http.request<string>({
      method: 'POST',
      url: '/jsonrpc',
      data: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: ++this.sequence }),
      headers: { 'Content-Type': 'application/json' },
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
    });
    const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    if (response.status !== 200) {
      // /jsonrpc switched off (a 404), a proxy page, a 429 or 503 from a gateway.
      throw faultToError({ name: '', message: `HTTP ${response.status} on /jsonrpc`, status: response.status }, request, {
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        notApplied: response.status === 429 || response.status === 503,
      });
    }
    let reply: JsonRpcReply;
    try {
      reply = JSON.parse(text) as JsonRpcReply;
    } catch {
      throw odooError('ODOO_PROTOCOL', `Odoo sent a /jsonrpc response to ${request} that is not JSON`, { status: 200, request });
    }
    if (reply.error) {
      const fault: OdooFault = {
        name:
          reply.error.data?.name ??
          (reply.error.code === 100 ? 'odoo.http.SessionExpiredException' : reply.error.code === 404 ? 'werkzeug.exceptions.NotFound' : ''),
        message: reply.error.data?.message ?? reply.error.message ?? 'Odoo Server Error',
      };
      throw faultToError(fault, request);
    }
    return reply.result ?? null;
  }

  uid(): Promise<number> {
    this.uidCache ??= this.authenticate().catch((err: unknown) => {
      this.uidCache = undefined;
      throw err;
    });
    return this.uidCache;
  }

  private async authenticate(): Promise<number> {
    // authenticate answers false, not an error, for a wrong login or key.
    const uid = await this.rpc('common', 'authenticate', [this.database, this.login, this.secret, {}]);
    if (typeof uid !== 'number' || uid <= 0) {
      throw odooError('ODOO_ACCESS_DENIED', `Odoo refused the login "${this.login}" on database "${this.database}"`, { request: 'common.authenticate' });
    }
    return uid;
  }

  async call(call: OdooCall): Promise<unknown> {
    const kwargs: Record<string, unknown> = { ...call.params };
    if (call.context) kwargs.context = call.context;
    const args = call.ids ? [call.ids] : [];
    const execute = async (): Promise<unknown> =>
      this.rpc('object', 'execute_kw', [this.database, await this.uid(), this.secret, call.model, call.method, args, kwargs], `${call.model}.${call.method}`);
    try {
      return await execute();
    } catch (err) {
      // The uid may be stale (user recreated, database restored): log in again, once.
      if ((err as { code?: string }).code !== 'ODOO_ACCESS_DENIED' || !this.uidCache) throw err;
      this.uidCache = undefined;
      return execute();
    }
  }
}
