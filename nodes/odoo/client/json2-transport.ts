import { parseRetryAfter, type HttpClient } from '../../lib/http';
import { faultToError, odooError, type OdooFault } from './errors';
import type { OdooCall, OdooTransport } from './types';

function parseFault(status: number, text: string): OdooFault {
  try {
    const body = JSON.parse(text) as unknown;
    // 19.0 GA: an object {name, message, ...}; the pre-release (Online 18.4) sent a bare string.
    if (typeof body === 'string') return { name: '', message: body, status };
    if (body && typeof body === 'object') {
      const b = body as { name?: unknown; message?: unknown };
      return { name: typeof b.name === 'string' ? b.name : '', message: typeof b.message === 'string' ? b.message : '', status };
    }
  } catch {
    // An HTML page (415, a proxy's 502): only the status speaks.
  }
  return { name: '', message: `HTTP ${status}`, status };
}

/** Odoo 19+ External JSON-2 API: POST /json/2/<model>/<method>, bearer API key, named parameters only. */
export class Json2Transport implements OdooTransport {
  readonly protocol = 'json2' as const;
  private uidCache?: number;

  constructor(
    private readonly http: HttpClient,
    private readonly database: string,
    private readonly apiKey: string,
  ) {}

  async call(call: OdooCall): Promise<unknown> {
    const path = `/json/2/${encodeURIComponent(call.model)}/${encodeURIComponent(call.method)}`;
    const request = `POST /json/2/${call.model}/${call.method}`;
    const body: Record<string, unknown> = { ...call.params };
    if (call.ids) body.ids = call.ids;
    if (call.context) body.context = call.context;
    const response = await this.http.request<string>({
      method: 'POST',
      url: path,
      data: JSON.stringify(body),
      headers: { Authorization: `bearer ${this.apiKey}`, 'X-Odoo-Database': this.database, 'Content-Type': 'application/json; charset=utf-8' },
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
    });
    const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    if (response.status === 200) {
      if (text === '') return null;
      try {
        return JSON.parse(text);
      } catch {
        throw odooError('ODOO_PROTOCOL', `Odoo sent a response to ${request} that is not JSON`, { status: 200, request });
      }
    }
    throw faultToError(parseFault(response.status, text), request, {
      retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      notApplied: response.status === 429 || response.status === 503,
    });
  }

  async uid(): Promise<number> {
    if (this.uidCache === undefined) {
      const context = (await this.call({ model: 'res.users', method: 'context_get' })) as { uid?: number };
      if (typeof context?.uid !== 'number')
        throw odooError('ODOO_PROTOCOL', 'Odoo did not say which user the API key belongs to', { request: 'res.users/context_get' });
      this.uidCache = context.uid;
    }
    return this.uidCache;
  }
}
