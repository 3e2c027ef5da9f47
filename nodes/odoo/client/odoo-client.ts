import { createHttpClient, parseRetryAfter, type HttpClient } from '../../lib/http';
import { Resilience } from '../../lib/resilience';
import { faultToError, odooError, ODOO } from './errors';
import { Json2Transport } from './json2-transport';
import { JsonRpcTransport } from './jsonrpc-transport';
import type { OdooCall, OdooClientOptions, OdooProtocol, OdooRecord, OdooServerInfo, OdooTransport } from './types';

export interface SearchReadParams {
  domain?: unknown[];
  fields?: string[];
  offset?: number;
  limit?: number;
  order?: string;
  context?: Record<string, unknown>;
}

export type AccessOperation = 'read' | 'write' | 'create' | 'unlink';

function majorOf(text: unknown): number {
  const match = /^(?:saas~)?(\d+)/.exec(String(text ?? ''));
  return match ? Number(match[1]) : 0;
}

/**
 * One Odoo connection: JSON-2 (19+) or JSON-RPC behind one interface, chosen by detection or by the
 * configuration, every call under the retry and circuit policy. It never imports node-red and never
 * reshapes values (false stays false, many2one pairs stay pairs): mappers do that.
 */
export class OdooClient {
  readonly resilience: Resilience;
  private readonly http: HttpClient;
  private transport?: Promise<{ transport: OdooTransport; info: OdooServerInfo }>;

  constructor(private readonly options: OdooClientOptions) {
    this.http = createHttpClient({ system: ODOO, baseURL: options.baseURL, timeoutMs: options.timeoutMs });
    this.resilience = new Resilience(options.name ?? new URL(options.baseURL).host, options.resilience, ODOO);
  }

  /** Detects the server version and protocol once (again after a failure). */
  connect(): Promise<OdooServerInfo> {
    return this.ready().then((r) => r.info);
  }

  private ready(): Promise<{ transport: OdooTransport; info: OdooServerInfo }> {
    this.transport ??= this.resilience
      .execute(() => this.detect(), { operation: 'connect' })
      .catch((err: unknown) => {
        this.transport = undefined;
        throw err;
      });
    return this.transport;
  }

  private async detect(): Promise<{ transport: OdooTransport; info: OdooServerInfo }> {
    const { database, login, apiKey, password, protocol } = this.options;
    const webVersion = protocol === 'jsonrpc' ? undefined : await this.webVersion();
    const useJson2 = protocol === 'json2' || (protocol === 'auto' && webVersion !== undefined && !!apiKey);
    if (useJson2) {
      if (!apiKey) throw odooError('ODOO_ACCESS_DENIED', 'The JSON-2 API needs an API key; set one in the Odoo configuration', { request: 'connect' });
      const transport = new Json2Transport(this.http, database, apiKey);
      const version = webVersion ?? (await this.webVersion());
      if (version === undefined)
        throw odooError('ODOO_NOT_FOUND', 'This Odoo server has no JSON-2 API (it arrived in Odoo 19); choose JSON-RPC', { request: 'GET /web/version' });
      return { transport, info: { ...version, protocol: 'json2' } };
    }
    const secret = apiKey || password;
    if (!secret) throw odooError('ODOO_ACCESS_DENIED', 'Set an API key (or a password) in the Odoo configuration', { request: 'connect' });
    const transport = new JsonRpcTransport(this.http, database, login, secret);
    const info = (await transport.rpc('common', 'version', [])) as { server_version?: string; server_version_info?: unknown[] } | null;
    const serverVersion = String(info?.server_version ?? '');
    const version = typeof info?.server_version_info?.[0] === 'number' ? info.server_version_info[0] : majorOf(serverVersion);
    await transport.uid();
    return { transport, info: { version, serverVersion, protocol: 'jsonrpc' } };
  }

  /** GET /web/version: present from Odoo 19 on; undefined on older servers. */
  private async webVersion(): Promise<{ version: number; serverVersion: string } | undefined> {
    const response = await this.http.request<unknown>({
      method: 'GET',
      url: '/web/version',
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (d: unknown) => d,
    });
    // Only "not found" means an older Odoo; a 429 or 503 here is a failure like any other call's.
    if (response.status === 404) return undefined;
    if (response.status !== 200) {
      throw faultToError({ name: '', message: `HTTP ${response.status} on /web/version`, status: response.status }, 'GET /web/version', {
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        notApplied: response.status === 429 || response.status === 503,
      });
    }
    try {
      const body = JSON.parse(String(response.data)) as { version?: string; version_info?: unknown[] };
      const version = typeof body.version_info?.[0] === 'number' ? body.version_info[0] : majorOf(body.version);
      return version ? { version, serverVersion: String(body.version ?? version) } : undefined;
    } catch {
      return undefined;
    }
  }

  get protocol(): Promise<OdooProtocol> {
    return this.connect().then((i) => i.protocol);
  }

  /** Any model method, with named parameters; retried when that is safe. */
  async call<T = unknown>(call: OdooCall): Promise<T> {
    const { transport } = await this.ready();
    const context = this.options.context || call.context ? { ...this.options.context, ...call.context } : undefined;
    return (await this.resilience.execute(() => transport.call({ ...call, context }), {
      idempotent: call.idempotent !== false,
      operation: `${call.model}.${call.method}`,
      probe: call.probe,
    })) as T;
  }

  searchRead(model: string, params: SearchReadParams = {}): Promise<OdooRecord[]> {
    const { context, ...rest } = params;
    return this.call<OdooRecord[]>({ model, method: 'search_read', params: { domain: [], ...rest }, context });
  }

  search(model: string, domain: unknown[] = [], options: { offset?: number; limit?: number; order?: string } = {}): Promise<number[]> {
    return this.call<number[]>({ model, method: 'search', params: { domain, ...options } });
  }

  searchCount(model: string, domain: unknown[] = []): Promise<number> {
    return this.call<number>({ model, method: 'search_count', params: { domain } });
  }

  read(model: string, ids: number[], fields?: string[]): Promise<OdooRecord[]> {
    return this.call<OdooRecord[]>({ model, method: 'read', ids, params: fields ? { fields } : {} });
  }

  /** Creates records in one call; answers their ids in order (JSON-RPC and JSON-2 alike). */
  async create(model: string, valsList: Record<string, unknown>[], context?: Record<string, unknown>): Promise<number[]> {
    const result = await this.call<number[] | number>({ model, method: 'create', params: { vals_list: valsList }, context, idempotent: false });
    return Array.isArray(result) ? result : [result];
  }

  async write(model: string, ids: number[], vals: Record<string, unknown>, context?: Record<string, unknown>): Promise<void> {
    await this.call({ model, method: 'write', ids, params: { vals }, context });
  }

  async unlink(model: string, ids: number[]): Promise<void> {
    await this.call({ model, method: 'unlink', ids });
  }

  fieldsGet(model: string, attributes = ['string', 'type', 'relation', 'required', 'readonly']): Promise<Record<string, Record<string, unknown>>> {
    return this.call({ model, method: 'fields_get', params: { attributes } });
  }

  /** Whether the connected user may do `operation` on `model` (ACLs; record rules aside). */
  async hasAccess(model: string, operation: AccessOperation): Promise<boolean> {
    try {
      return (await this.call<boolean>({ model, method: 'check_access_rights', params: { operation, raise_exception: false }, probe: true })) === true;
    } catch (err) {
      if ((err as { code?: string }).code === 'ODOO_ACCESS_ERROR') return false;
      throw err;
    }
  }

  async currentUser(): Promise<{ uid: number; name: string; login: string }> {
    const { transport } = await this.ready();
    const uid = await transport.uid();
    const [user] = await this.read('res.users', [uid], ['name', 'login']);
    return { uid, name: String(user?.name ?? ''), login: String(user?.login ?? this.options.login) };
  }

  /**
   * The earliest expiry of the user's API keys, where Odoo lets the user read them (18+ keys have
   * an expiration date); null when they do not expire, undefined when it cannot be read.
   */
  async apiKeyExpiry(): Promise<string | null | undefined> {
    try {
      const { transport } = await this.ready();
      const uid = await transport.uid();
      const keys = await this.call<OdooRecord[]>({
        model: 'res.users.apikeys',
        method: 'search_read',
        params: { domain: [['user_id', '=', uid]], fields: ['expiration_date'] },
        probe: true,
      });
      const dates = keys.map((k) => k.expiration_date).filter((d): d is string => typeof d === 'string' && d !== '');
      if (!keys.length) return undefined;
      return dates.length ? dates.sort()[0] : null;
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.http.dispose();
  }
}
