import { ADMIN_GROUP, INTEGRATION_GROUP } from './access';
import { AuthRegistry, randomApiKey, randomPassword } from './auth';
import { SandboxClock } from './clock';
import { createControl, type SandboxControl, type SandboxUser } from './control';
import type { Core } from './core';
import { CallCounter } from './counters';
import { generateDataset } from './dataset';
import { Engine } from './engine';
import { FaultInjector } from './faults';
import { allModels } from './models';
import { resolveOptions, type OdooSandboxOptions } from './options';
import { Database } from './orm/database';
import { createRng } from './prng';
import { startServer } from './server';
import { SessionStore } from './sessions';
import { versionProfile } from './versions';
import { WebhookRegistry } from './webhooks';

export type { OdooSandboxOptions } from './options';
export type { SandboxControl, SandboxUser, ApiKeyOptions } from './control';
export type { CallCounts, CallInfo, Endpoint } from './counters';
export type { FailOptions, HangOptions, Latency } from './faults';
export type { WebhookRule, WebhookRuleInput, WebhookDelivery, WebhookTrigger } from './webhooks';
export type { DatasetSummary } from './dataset';
export { INTEGRATION_GROUP, ADMIN_GROUP } from './access';
export { VERSION_PROFILES, ODOO_VERSIONS, type OdooVersion, type VersionProfile } from './versions';

export interface OdooSandbox {
  url: string;
  port: number;
  version: number;
  db: string;
  login: string;
  password: string;
  apiKey: string;
  control: SandboxControl;
  stop(): Promise<void>;
}

const NON_ADMIN_KEY_DAYS = 90;

/**
 * Starts an Odoo 16-20 look-alike on 127.0.0.1 with a generated distributor dataset: /jsonrpc, /xmlrpc/2,
 * JSON-2 (19+), web sessions, automation webhooks (17+), plus fault injection and call counters for tests.
 */
export async function startOdooSandbox(options: OdooSandboxOptions): Promise<OdooSandbox> {
  const o = resolveOptions(options);
  const profile = versionProfile(o.version);
  const clock = new SandboxClock();
  const db = new Database(o.db, profile, allModels(profile), clock);
  const dataset = generateDataset(db, {
    seed: o.seed,
    products: o.products,
    warehouses: o.warehouses,
    historyDays: o.historyDays,
    asOf: o.asOf,
    adminLogin: o.login,
  });

  const auth = new AuthRegistry(db, () => clock.now());
  const admin: SandboxUser = { uid: dataset.users.admin, login: o.login, password: o.password, apiKey: o.apiKey };
  const integration: SandboxUser = { uid: dataset.users.integration, login: 'integration', password: randomPassword(), apiKey: randomApiKey() };
  auth.setUser(admin.uid, admin.password, [ADMIN_GROUP]);
  auth.setUser(integration.uid, integration.password, [INTEGRATION_GROUP]);
  auth.addApiKey(admin.apiKey, { uid: admin.uid, name: 'sandbox admin key', scope: null, expiresAt: null });
  // 18+: non-admin keys must expire; give the bot key Odoo's three-month maximum.
  const botExpiry = profile.apiKeyExpiryForNonAdmins ? new Date(clock.now().getTime() + NON_ADMIN_KEY_DAYS * 86_400_000) : null;
  auth.addApiKey(integration.apiKey, { uid: integration.uid, name: 'sandbox integration key', scope: 'rpc', expiresAt: botExpiry });

  const webhooks = new WebhookRegistry(db);
  const core: Core = {
    db,
    profile,
    engine: new Engine(db, auth, webhooks, clock),
    auth,
    sessions: new SessionStore(o.sessionLifetimeSeconds * 1000, () => clock.now().getTime()),
    webhooks,
    faults: new FaultInjector(createRng(o.seed).fork('faults')),
    counters: new CallCounter(),
    clock,
  };
  const control = createControl(core, { admin, integration }, dataset);
  const info = () => ({ version: o.version, db: o.db, logins: [admin.login, integration.login], dataset });
  const server = await startServer(core, control, info, o.host, o.port);
  return {
    url: `http://${o.host}:${server.port}`,
    port: server.port,
    version: o.version,
    db: o.db,
    login: admin.login,
    password: admin.password,
    apiKey: admin.apiKey,
    control,
    stop: () => server.close(),
  };
}
