import { randomApiKey } from './auth';
import type { Core } from './core';
import type { CallCounts } from './counters';
import { formatDatetime } from './datetime';
import type { FailOptions, HangOptions, Latency } from './faults';
import type { Database } from './orm/database';
import type { DatasetSummary } from './dataset';
import type { WebhookDelivery, WebhookRule, WebhookRuleInput } from './webhooks';

export interface SandboxUser {
  uid: number;
  login: string;
  password: string;
  apiKey: string;
}

export interface ApiKeyOptions {
  /** Owner, by login or uid (default: the admin). */
  login?: string;
  uid?: number;
  /** null = never expires; a Date or "YYYY-MM-DD HH:MM:SS" UTC. */
  expiresAt?: Date | string | null;
  name?: string;
}

/** Test and benchmark hooks; the same operations are reachable over HTTP under POST /_sandbox/... */
export interface SandboxControl {
  readonly admin: SandboxUser;
  /** Member of the least-privilege group planbridge_sandbox.group_integration. */
  readonly integration: SandboxUser;
  readonly dataset: DatasetSummary;
  /** The in-memory database, for assertions that should not go through the API. */
  readonly database: Database;
  setLatency(latency: Latency): void;
  failNext(options: FailOptions): void;
  hangNext(options?: HangOptions): void;
  /** Expires every web session; the next /web/dataset/call_kw gets error code 100. Returns how many were live. */
  expireSessions(): number;
  resetFaults(): void;
  counters(): CallCounts;
  resetCounters(): void;
  addWebhook(rule: WebhookRuleInput): WebhookRule;
  removeWebhook(id: number): boolean;
  clearWebhooks(): void;
  webhookDeliveries(): WebhookDelivery[];
  /** Moves the sandbox clock (create_date/write_date, key expiry, sessions) forward. */
  advanceClock(ms: number): void;
  /** The sandbox's current UTC time as Odoo writes it. */
  now(): string;
  createApiKey(options?: ApiKeyOptions): string;
  revokeApiKey(key: string): boolean;
}

export function createControl(core: Core, users: { admin: SandboxUser; integration: SandboxUser }, dataset: DatasetSummary): SandboxControl {
  return {
    admin: users.admin,
    integration: users.integration,
    dataset,
    database: core.db,
    setLatency: (latency) => core.faults.setLatency(latency),
    failNext: (options) => core.faults.fail(options),
    hangNext: (options) => core.faults.hang(options),
    expireSessions: () => core.sessions.expireAll(),
    resetFaults: () => core.faults.reset(),
    counters: () => core.counters.snapshot(),
    resetCounters: () => core.counters.reset(),
    addWebhook: (rule) => core.webhooks.add(rule),
    removeWebhook: (id) => core.webhooks.remove(id),
    clearWebhooks: () => core.webhooks.clear(),
    webhookDeliveries: () => core.webhooks.log.slice(),
    advanceClock: (ms) => core.clock.advance(ms),
    now: () => formatDatetime(core.clock.now()),
    createApiKey(options = {}) {
      const userStore = core.db.store('res.users');
      const uid = options.uid ?? (options.login ? userStore.records.find((u) => u.login === options.login)?.id : users.admin.uid);
      if (typeof uid !== 'number' || !userStore.get(uid)) throw new Error(`No sandbox user ${options.login ?? String(options.uid)}`);
      const expires = options.expiresAt;
      const expiresAt = expires === undefined || expires === null ? null : expires instanceof Date ? expires : new Date(`${expires.replace(' ', 'T')}Z`);
      const key = randomApiKey();
      core.auth.addApiKey(key, { uid, name: options.name ?? 'sandbox key', scope: 'rpc', expiresAt });
      return key;
    },
    revokeApiKey: (key) => core.auth.revokeApiKey(key),
  };
}
