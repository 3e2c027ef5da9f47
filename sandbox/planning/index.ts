import type { AddressInfo } from 'node:net';
import type { DatasetName, PlanInput } from './contracts/types';
import type { ColumnMap } from './files/csv-reader';
import { InboxWatcher, type DeliveryReport } from './files/inbox';
import { OrderWriter } from './files/order-writer';
import type { SampleOptions } from './sample-data';
import { Auth, randomSecret, type OAuthClient } from './rest/auth';
import { Faults, type FaultSpec } from './rest/faults';
import { createPlanningServer } from './rest/server';
import { PlanningService } from './service';
import type { DatasetMeta } from './store/datasets';
import type { EngineOptions, PlanSummary } from './store/plans';

export { computePlan, type PlanResult } from './engine/plan';
export type { PlanOptions } from './engine/options';
export { generateSampleDataset } from './sample-data';
export { batchChecksum, canonicalJson } from './contracts/canonical-json';
export type { FaultSpec } from './rest/faults';
export type { DeliveryReport } from './files/inbox';
export type { OrdersReport } from './files/order-writer';

export interface PlanningSandboxOptions {
  /** 0 (default) picks a free port. The sandbox always listens on 127.0.0.1. */
  port?: number;
  /** Static bearer token; random when not given. */
  token?: string;
  /** X-Api-Key value; random when not given. */
  apiKey?: string;
  /** OAuth2 clients for POST /oauth/token; default one client "planbridge" with a random secret. */
  clients?: OAuthClient[];
  /** Lifetime of OAuth2 access tokens (default 3600 s). */
  tokenTtlSeconds?: number;
  /** Load the deterministic sample dataset with this seed as current data. */
  seed?: number;
  sample?: Omit<SampleOptions, 'seed'>;
  /** Engine parameters (service level, review period, ...); see engine/options.ts. */
  engine?: EngineOptions;
  /** File-drop profile: the planner reads deliveries from inbox and writes order files to outbox. */
  inbox?: string;
  outbox?: string;
  pollIntervalMs?: number;
  columnMaps?: Partial<Record<DatasetName, ColumnMap>>;
  planAfterDelivery?: boolean;
  missingFileTimeoutMs?: number;
  /** Clock in epoch milliseconds (default Date.now); control.advanceClock moves it forward. */
  now?: () => number;
  maxBodyBytes?: number;
}

export interface PlanningSandboxControl {
  setFaults(spec: FaultSpec): void;
  clearFaults(): void;
  calls(): { total: number; by_route: Record<string, number> };
  /** Back to the start state: data, plans, feedback, faults, counters and issued tokens (seed data reloads). */
  reset(): void;
  advanceClock(ms: number): void;
  now(): string;
  runPlan(asOf?: string): { summary: PlanSummary; created: boolean };
  latestPlan(): PlanSummary | null;
  loadDataset<K extends DatasetName>(dataset: K, records: PlanInput[K]): DatasetMeta;
  datasets(): DatasetMeta[];
  /** One inbox pass now (file profile only); resolves with what it did. */
  scanInbox(): Promise<DeliveryReport[]>;
  /** Resolves when all order files of plans so far are written (file profile only). */
  ordersWritten(): Promise<void>;
  /** 'call', 'plan', 'delivery', 'quarantine', 'orders', 'scan-error', 'orders-error'. */
  events: PlanningService;
  routes(): Array<{ method: string; path: string; kind: string }>;
}

export interface PlanningSandbox {
  url: string;
  port: number;
  token: string;
  apiKey: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
  control: PlanningSandboxControl;
}

/** Starts the planning-platform simulator: REST contract on 127.0.0.1 and, with inbox/outbox, the file-drop profile. */
export async function startPlanningSandbox(options: PlanningSandboxOptions = {}): Promise<PlanningSandbox> {
  const service = new PlanningService({ engine: options.engine, now: options.now, seed: options.seed, sample: options.sample });
  const token = options.token ?? randomSecret();
  const apiKey = options.apiKey ?? randomSecret();
  const clients = options.clients ?? [{ client_id: 'planbridge', client_secret: randomSecret() }];
  const auth = new Auth({ token, apiKey, clients, tokenTtlSeconds: options.tokenTtlSeconds ?? 3600, now: () => service.now() });
  const faults = new Faults();
  const abort = new AbortController();
  const { server, router } = createPlanningServer(service, auth, faults, options.maxBodyBytes ?? 64 * 1024 * 1024, abort.signal);

  const writer = options.outbox ? new OrderWriter(service, options.outbox) : null;
  await writer?.start();
  const watcher = options.inbox ? new InboxWatcher(service, { ...options, inbox: options.inbox }) : null;
  await watcher?.start();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      abort.abort();
      await watcher?.stop();
      await writer?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // also ends requests held by a "hang" fault
      await closed;
    })());

  const control: PlanningSandboxControl = {
    setFaults: (spec) => faults.set(spec),
    clearFaults: () => faults.clear(),
    calls: () => faults.calls(),
    reset: () => {
      service.reset();
      faults.clear();
      faults.resetCounter();
      auth.revokeAll();
    },
    advanceClock: (ms) => service.advanceClock(ms),
    now: () => service.nowIso(),
    runPlan: (asOf) => service.runPlan(asOf),
    latestPlan: () => service.plans.latest(),
    loadDataset: (dataset, records) =>
      service.datasets.replace(dataset, records, { batch_id: 'control', as_of: null, interface_version: '1', completed_at: service.nowIso(), via: 'control' }),
    datasets: () => service.datasets.status(),
    scanInbox: () => (watcher ? watcher.scan() : Promise.reject(new Error('file profile not enabled: start with inbox'))),
    ordersWritten: () => (writer ? writer.idle() : Promise.resolve()),
    events: service,
    routes: () => router.list(),
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    apiKey,
    clientId: clients[0]?.client_id ?? '',
    clientSecret: clients[0]?.client_secret ?? '',
    stop,
    control,
  };
}
