import { setTimeout as delay } from 'node:timers/promises';
import path from 'node:path';
import { envField } from '../lib/fields';
import { Ledger } from './ledger';
import { Masker, parseMaskPaths } from './masking';
import { openStore, type StoreOptions } from './store/open-store';
import { LEDGER_UNAVAILABLE } from '../lib/errors';

/** ledger-config's fields as the editor saves them. */
export interface LedgerFields {
  engine: string;
  file: string;
  schema: string;
  leaseSeconds: string;
  keyLeaseMinutes: string;
  maxBodyKb: string;
  maskPaths: string;
  messageDays: string;
  keyDays: string;
  deadLetterDays: string;
}

export interface LedgerCredentials {
  url?: string;
  maskingKey?: string;
}

type LedgerSettings = Pick<ConstructorParameters<typeof Ledger>[0], 'leaseMs' | 'keyLeaseMs' | 'maxBodyBytes' | 'retention'>;

export interface LedgerPlan {
  store: StoreOptions;
  settings: LedgerSettings;
  masker: Masker;
}

function positive(value: string | undefined, fallback: number, field: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${field} must be a positive number, got "${value}"`);
  return n;
}

/**
 * Reads the fields at deploy; throws with what is wrong. Scale-out is set by the environment alone:
 * PLANBRIDGE_LEDGER_ENGINE=postgres (in the engine field as ${...}) and PLANBRIDGE_LEDGER_URL when the
 * node has no URL of its own. `secret` seals masked fields when the node has no masking key of its own.
 */
export function ledgerPlan(def: LedgerFields, credentials: LedgerCredentials, userDir: string, secret: unknown): LedgerPlan {
  const store: StoreOptions =
    envField(def.engine) === 'postgres'
      ? { engine: 'postgres', url: credentials.url || process.env.PLANBRIDGE_LEDGER_URL || '', schema: envField(def.schema) || undefined }
      : { engine: 'sqlite', file: path.resolve(userDir, envField(def.file) || 'ledger.db') };
  if (store.engine === 'postgres' && !store.url) throw new Error('The PostgreSQL ledger needs a connection URL (or PLANBRIDGE_LEDGER_URL)');
  const settings: LedgerSettings = {
    leaseMs: positive(def.leaseSeconds, 30, 'Lease') * 1000,
    keyLeaseMs: positive(def.keyLeaseMinutes, 60, 'Key lease') * 60_000,
    maxBodyBytes: positive(def.maxBodyKb, 5120, 'Largest message') * 1024,
    retention: {
      messageDays: positive(def.messageDays, 30, 'Message retention'),
      keyDays: positive(def.keyDays, 90, 'Key retention'),
      deadLetterDays: positive(def.deadLetterDays, 90, 'Dead-letter retention'),
    },
  };
  const key = credentials.maskingKey || secret;
  return { store, settings, masker: new Masker(parseMaskPaths(def.maskPaths ?? ''), typeof key === 'string' && key ? key : undefined) };
}

export interface OpenObserver {
  /** The store could not be opened because it is out of reach; the next try is in `delayMs`. */
  waiting?(error: Error, delayMs: number, attempt: number): void;
  /** Once the ledger is down or up again (opened, or answering after failing). */
  state?(up: boolean, reason?: string): void;
}

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 30_000;

/**
 * Opens the store (bringing its schema up to date) and the ledger on it. A store out of reach
 * (PostgreSQL down, SQLite not writable: LEDGER_UNAVAILABLE) is tried again with a growing pause, for
 * as long as it takes, until `signal` aborts; any other failure (a wrong password, a bad schema) is
 * final. Meanwhile the promise is pending: callers that must answer at once use readyLedger().
 */
export async function openLedger(plan: LedgerPlan, configId: string, observer: OpenObserver = {}, signal?: AbortSignal): Promise<Ledger> {
  for (let attempt = 1; ; attempt++) {
    try {
      const store = await openStore(plan.store, { onState: (up, reason) => observer.state?.(up, reason) });
      observer.state?.(true);
      return new Ledger({ store, configId, masker: plan.masker, ...plan.settings });
    } catch (err) {
      if ((err as { code?: string }).code !== LEDGER_UNAVAILABLE || signal?.aborted) throw err;
      const delayMs = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1));
      observer.state?.(false, (err as Error).message);
      observer.waiting?.(err as Error, delayMs, attempt);
      await delay(delayMs, undefined, signal ? { signal } : undefined);
    }
  }
}

/** Where the ledger lives, for the log: the file, or the PostgreSQL schema. */
export function ledgerPlace(store: StoreOptions): string {
  return store.engine === 'postgres' ? `PostgreSQL${store.schema ? ` schema ${store.schema}` : ''}` : store.file;
}
