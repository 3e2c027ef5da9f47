import os from 'node:os';
import path from 'node:path';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { gaugeSources, observeLedger } from '../lib/metrics';
import { Ledger } from './ledger';
import { Masker, parseMaskPaths } from './masking';
import { registerLedger, unregisterLedger } from './registry';
import { openStore, type StoreOptions } from './store/open-store';
import { runtimeOf } from '../lib/runtime-context';

interface LedgerConfigDef extends NodeDef {
  engine: 'sqlite' | 'postgres';
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

interface LedgerCredentials {
  url?: string;
  maskingKey?: string;
}

export interface LedgerConfigNode extends Node<LedgerCredentials> {
  /** The ledger once its store is open; rejects when it cannot open. */
  ledger: Promise<Ledger>;
}

/** A field still reading `${VAR}` names an environment variable that is not set: treat it as blank. */
function field(value: string | undefined): string {
  return value && /^\$\{[^}]+\}$/.test(value) ? '' : (value ?? '');
}

function positive(value: string | undefined, fallback: number, field: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${field} must be a positive number, got "${value}"`);
  return n;
}

export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);

  function LedgerConfig(this: LedgerConfigNode, def: LedgerConfigDef): void {
    RED.nodes.createNode(this, def);
    const credentials = this.credentials ?? {};
    const userDir = (RED.settings as unknown as { userDir?: string }).userDir ?? path.join(os.tmpdir(), 'planbridge');
    let storeOptions: StoreOptions;
    let settings: { leaseMs: number; keyLeaseMs: number; maxBodyBytes: number; retention: { messageDays: number; keyDays: number; deadLetterDays: number } };
    try {
      // Scale-out is set by the environment alone: PLANBRIDGE_LEDGER_ENGINE=postgres (in the engine
      // field as ${...}) and PLANBRIDGE_LEDGER_URL when the node has no URL of its own.
      storeOptions =
        field(def.engine) === 'postgres'
          ? { engine: 'postgres', url: credentials.url || process.env.PLANBRIDGE_LEDGER_URL || '', schema: field(def.schema) || undefined }
          : { engine: 'sqlite', file: path.resolve(userDir, field(def.file) || 'ledger.db') };
      if (storeOptions.engine === 'postgres' && !storeOptions.url) throw new Error('The PostgreSQL ledger needs a connection URL (or PLANBRIDGE_LEDGER_URL)');
      settings = {
        leaseMs: positive(def.leaseSeconds, 30, 'Lease') * 1000,
        keyLeaseMs: positive(def.keyLeaseMinutes, 60, 'Key lease') * 60_000,
        maxBodyBytes: positive(def.maxBodyKb, 5120, 'Largest message') * 1024,
        retention: {
          messageDays: positive(def.messageDays, 30, 'Message retention'),
          keyDays: positive(def.keyDays, 90, 'Key retention'),
          deadLetterDays: positive(def.deadLetterDays, 90, 'Dead-letter retention'),
        },
      };
    } catch (err) {
      this.ledger = Promise.reject(err);
      this.ledger.catch(() => undefined);
      this.error((err as Error).message);
      return;
    }
    const secret = credentials.maskingKey || (RED.settings as unknown as { credentialSecret?: unknown }).credentialSecret;
    const masker = new Masker(parseMaskPaths(def.maskPaths ?? ''), typeof secret === 'string' && secret ? secret : undefined);
    if (masker.active && !masker.reversible) {
      this.warn('No masking key: masked fields are kept as *** and replays will carry *** instead of their values');
    }

    this.ledger = openStore(storeOptions).then((store) => {
      const ledger = new Ledger({ store, configId: this.id, masker, ...settings });
      ledger.on('warning', (err: Error) => this.warn(`ledger: ${err.message}`));
      observeLedger(runtime, ledger);
      // The instance id owns this process's leases: in scale-out, it says whose work a survivor took over.
      this.log(
        `ledger open: ${storeOptions.engine === 'postgres' ? `PostgreSQL${storeOptions.schema ? ` schema ${storeOptions.schema}` : ''}` : storeOptions.file}, instance ${ledger.instanceId}`,
      );
      return ledger;
    });
    this.ledger.catch((err: Error) => this.error(`The ledger could not be opened: ${err.message}`));
    registerLedger(runtime, this.id, this.ledger);
    const sources = gaugeSources(runtime);
    sources.backlog.set(this.id, () => this.ledger.then((l) => l.store.countOpen()));
    sources.openDeadLetters.set(this.id, () => this.ledger.then((l) => l.store.countDeadLetters('open')));

    this.on('close', (_removed: boolean, done: () => void) => {
      unregisterLedger(runtime, this.id);
      sources.backlog.delete(this.id);
      sources.openDeadLetters.delete(this.id);
      this.ledger
        .then((ledger) => ledger.close())
        .then(
          () => done(),
          () => done(),
        );
    });
  }

  RED.nodes.registerType<LedgerConfigNode, LedgerConfigDef, object, LedgerCredentials>('ledger-config', LedgerConfig, {
    credentials: { url: { type: 'password' }, maskingKey: { type: 'password' } },
  });
}
