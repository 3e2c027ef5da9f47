import type { Node, NodeAPI, NodeDef } from 'node-red';
import { watchResilience } from '../lib/metrics';
import { resilienceFrom } from '../lib/resilience';
import { OdooClient } from './client/odoo-client';
import type { OdooProtocol } from './client/types';
import { registerConnectionTest } from './connection-test';
import { runtimeOf } from '../lib/runtime-context';

interface OdooConfigDef extends NodeDef {
  url: string;
  database: string;
  protocol: OdooProtocol | 'auto';
  timeoutMs: string;
  companyIds: string;
  lang: string;
  attempts: string;
  initialDelayMs: string;
  maxDelayMs: string;
  breakerThreshold: string;
  halfOpenAfterMs: string;
}

export interface OdooCredentials {
  login?: string;
  apiKey?: string;
  password?: string;
}

export interface OdooConfigNode extends Node<OdooCredentials> {
  client?: OdooClient;
  problem?: string;
  /** Several companies are configured: canonical records carry their company. */
  multiCompany?: boolean;
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

export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);
  registerConnectionTest(RED);

  function OdooConfig(this: OdooConfigNode, def: OdooConfigDef): void {
    RED.nodes.createNode(this, def);
    const credentials = this.credentials ?? {};
    try {
      if (!/^https?:\/\//.test(def.url ?? '')) throw new Error(`The URL must start with http:// or https://, got "${def.url ?? ''}"`);
      if (!def.database) throw new Error('The database name is required');
      if (!credentials.login) throw new Error('The login is required');
      const companyIds = companyIdsFrom(def.companyIds);
      const context: Record<string, unknown> = {};
      if (companyIds) context.allowed_company_ids = companyIds;
      this.multiCompany = (companyIds?.length ?? 0) > 1;
      if (def.lang) context.lang = def.lang;
      this.client = new OdooClient({
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
      watchResilience(runtime, this.client.resilience);
    } catch (err) {
      this.problem = (err as Error).message;
      this.error(this.problem);
      return;
    }
    this.on('close', (_removed: boolean, done: () => void) => {
      this.client?.dispose();
      done();
    });
  }

  RED.nodes.registerType<OdooConfigNode, OdooConfigDef, object, OdooCredentials>('odoo-config', OdooConfig, {
    credentials: { login: { type: 'text' }, apiKey: { type: 'password' }, password: { type: 'password' } },
  });
}
