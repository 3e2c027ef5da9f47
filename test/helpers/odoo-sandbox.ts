import { startOdooSandbox, type OdooSandbox } from '../../sandbox/odoo';

export type { OdooSandbox };

export type OdooProtocol = 'json2' | 'jsonrpc';

/** Every version the sandbox imitates, over JSON-RPC, and over JSON-2 where it exists (19+). */
export const ODOO_CASES: Array<[16 | 17 | 18 | 19 | 20, OdooProtocol]> = [
  [16, 'jsonrpc'],
  [17, 'jsonrpc'],
  [18, 'jsonrpc'],
  [19, 'jsonrpc'],
  [19, 'json2'],
  [20, 'jsonrpc'],
  [20, 'json2'],
];

/** A small sandbox Odoo of one version for node tests (60 products, 90 days of history). */
export function smallSandbox(version: 16 | 17 | 18 | 19 | 20, products = 60): Promise<OdooSandbox> {
  return startOdooSandbox({ version, products, warehouses: 3, historyDays: 90, seed: 7, db: 'sandbox', login: 'admin' });
}

/** The flow config node for a sandbox, as the integration user, over one protocol. */
export function odooConfigFor(sandbox: OdooSandbox, protocol: 'json2' | 'jsonrpc' | 'auto', fields: Record<string, unknown> = {}) {
  return {
    id: 'odoo',
    type: 'odoo-config',
    name: 'sandbox',
    url: sandbox.url,
    database: sandbox.db,
    protocol,
    timeoutMs: '3000',
    companyIds: '',
    lang: '',
    attempts: '2',
    initialDelayMs: '10',
    maxDelayMs: '2000',
    breakerThreshold: '100',
    halfOpenAfterMs: '100',
    ...fields,
  };
}

export function odooCredentialsFor(sandbox: OdooSandbox, user: 'admin' | 'integration' = 'integration') {
  const u = user === 'admin' ? sandbox.control.admin : sandbox.control.integration;
  return { odoo: { login: u.login, apiKey: u.apiKey } };
}
