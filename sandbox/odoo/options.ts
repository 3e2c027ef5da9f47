import { randomApiKey, randomPassword } from './auth';
import { versionProfile, type OdooVersion } from './versions';

export interface OdooSandboxOptions {
  /** 0 (default) = a free port chosen by the OS. */
  port?: number;
  /** The sandbox only ever listens on the loopback interface. */
  host?: '127.0.0.1';
  version: OdooVersion;
  seed?: number;
  /** Products in the catalog (default 2,000; tested up to 100,000). */
  products?: number;
  /** 3-5 (default: derived from the seed). */
  warehouses?: number;
  db?: string;
  login?: string;
  /** Admin password; random when omitted. */
  password?: string;
  /** Admin API key; random when omitted. */
  apiKey?: string;
  /** Days of done deliveries and receipts before asOf (default 730). */
  historyDays?: number;
  /** Reference date of the dataset (default: today at 00:00 UTC). */
  asOf?: Date | string;
  /** Web session lifetime (default 7 days, Odoo's SESSION_LIFETIME). */
  sessionLifetimeSeconds?: number;
}

export interface ResolvedOptions {
  port: number;
  host: '127.0.0.1';
  version: OdooVersion;
  seed: number;
  products: number;
  warehouses?: number;
  db: string;
  login: string;
  password: string;
  apiKey: string;
  historyDays: number;
  asOf: Date;
  sessionLifetimeSeconds: number;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_PRODUCTS = 2000;

function todayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function toDate(value: Date | string): Date {
  const date = value instanceof Date ? value : new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new Error(`Odoo sandbox: invalid asOf ${String(value)}`);
  return date;
}

export function resolveOptions(options: OdooSandboxOptions): ResolvedOptions {
  versionProfile(options.version);
  if (options.host !== undefined && options.host !== '127.0.0.1') throw new Error('Odoo sandbox: only 127.0.0.1 is supported');
  const products = options.products ?? DEFAULT_PRODUCTS;
  if (!Number.isInteger(products) || products < 1) throw new Error('Odoo sandbox: products must be a positive integer');
  if (options.warehouses !== undefined && (options.warehouses < 3 || options.warehouses > 5)) throw new Error('Odoo sandbox: warehouses must be 3, 4 or 5');
  return {
    port: options.port ?? 0,
    host: '127.0.0.1',
    version: options.version,
    seed: options.seed ?? DEFAULT_SEED,
    products,
    warehouses: options.warehouses,
    db: options.db ?? 'sandbox',
    login: options.login ?? 'admin',
    password: options.password ?? randomPassword(),
    apiKey: options.apiKey ?? randomApiKey(),
    historyDays: options.historyDays ?? 730,
    asOf: options.asOf !== undefined ? toDate(options.asOf) : todayUtc(),
    sessionLifetimeSeconds: options.sessionLifetimeSeconds ?? 7 * 86400,
  };
}
