import { resilienceFrom, type Resilience, type ResilienceOptions } from '../../lib/resilience';
import { OdooClient } from './odoo-client';
import type { OdooProtocol } from './types';

/** odoo-config's fields as the editor saves them. */
export interface OdooFields extends Partial<Record<keyof ResilienceOptions, string>> {
  name?: string;
  url: string;
  database: string;
  protocol: OdooProtocol | 'auto';
  timeoutMs: string;
  companyIds: string;
  lang: string;
}

export interface OdooCredentials {
  login?: string;
  apiKey?: string;
  password?: string;
}

export interface OdooConnection {
  client: OdooClient;
  /** Several companies are configured: canonical records carry their company. */
  multiCompany: boolean;
  resilience: Resilience;
  dispose(): void;
}

/** `1, 3` to [1, 3]: the companies a multi-company database works in (first = current). */
export function companyIdsFrom(text: string | undefined): number[] | undefined {
  const ids = (text ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  if (ids.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`Companies must be Odoo company ids such as "1, 3", got "${text}"`);
  return ids.length ? ids : undefined;
}

/** Builds the client from the fields; throws with what is wrong. */
export function odooConnection(def: OdooFields, credentials: OdooCredentials): OdooConnection {
  if (!/^https?:\/\//.test(def.url ?? '')) throw new Error(`The URL must start with http:// or https://, got "${def.url ?? ''}"`);
  if (!def.database) throw new Error('The database name is required');
  if (!credentials.login) throw new Error('The login is required');
  const companyIds = companyIdsFrom(def.companyIds);
  const context: Record<string, unknown> = {};
  if (companyIds) context.allowed_company_ids = companyIds;
  if (def.lang) context.lang = def.lang;
  const client = new OdooClient({
    name: def.name || new URL(def.url).host,
    baseURL: def.url.replace(/\/+$/, ''),
    database: def.database,
    login: credentials.login,
    apiKey: credentials.apiKey || undefined,
    password: credentials.password || undefined,
    protocol: def.protocol === 'json2' || def.protocol === 'jsonrpc' ? def.protocol : 'auto',
    timeoutMs: Number(def.timeoutMs) || 30_000,
    resilience: resilienceFrom(def),
    context: Object.keys(context).length ? context : undefined,
  });
  return { client, multiCompany: (companyIds?.length ?? 0) > 1, resilience: client.resilience, dispose: () => client.dispose() };
}
