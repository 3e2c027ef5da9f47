import type { Node, NodeAPI, NodeDef } from 'node-red';
import { userDirOf } from '../lib/connection';
import { metrics, observeLedger } from '../lib/metrics';
import { operationalSignals } from '../lib/operational-signals';
import { runtimeOf } from '../lib/runtime-context';
import { runningRelease } from './running-release';
import type { Ledger } from './ledger';
import { ledgerPlace, ledgerPlan, openLedger, type LedgerCredentials, type LedgerFields, type LedgerPlan } from './open-ledger';
import { publishLedger } from './registry';
import { watchLedger, watchSettings } from '../integration/runs/watch';
import { ledgerObserver } from './supervision';

export interface LedgerConfigNode extends Node<LedgerCredentials> {
  /** The ledger once its store is open; rejects when it cannot open. */
  ledger: Promise<Ledger>;
}

/** The durable record of messages, keys, dead letters, approvals and alerts: SQLite in the user directory, or PostgreSQL. */
export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);

  function LedgerConfig(this: LedgerConfigNode, def: NodeDef & LedgerFields): void {
    RED.nodes.createNode(this, def);
    let plan: LedgerPlan;
    try {
      plan = ledgerPlan(def, this.credentials ?? {}, userDirOf(RED), (RED.settings as unknown as { credentialSecret?: unknown }).credentialSecret);
    } catch (err) {
      this.ledger = Promise.reject(err);
      this.ledger.catch(() => undefined);
      this.error((err as Error).message);
      return;
    }
    if (plan.masker.active && !plan.masker.reversible)
      this.warn('No masking key: masked fields are kept as *** and replays will carry *** instead of their values');

    const stopTrying = new AbortController();
    let stopWatching = (): void => undefined;
    const observer = ledgerObserver(this, metrics(runtime).dependencyUp, this.name || this.id, operationalSignals(runtime));
    this.ledger = openLedger(plan, this.id, observer, stopTrying.signal).then((ledger) => {
      ledger.on('warning', (err: Error) => this.warn(`ledger: ${err.message}`));
      ledger.store.stampReleaseWith(() => runtime.get(runningRelease).label);
      observeLedger(runtime, ledger);
      // The instance id owns this process's leases: in scale-out, it says whose work a survivor took over.
      this.log(`ledger open: ${ledgerPlace(plan.store)}, instance ${ledger.instanceId}`);
      if (!stopTrying.signal.aborted) stopWatching = watchLedger(ledger, { ...watchSettings(process.env), log: (line) => this.warn(line) });
      return ledger;
    });
    this.ledger.catch((err: Error) => {
      if (!stopTrying.signal.aborted) this.error(`The ledger could not be opened: ${err.message}`);
    });
    const unpublish = publishLedger(runtime, this.id, this.ledger);

    this.on('close', (_removed: boolean, done: () => void) => {
      stopTrying.abort();
      stopWatching();
      unpublish();
      this.ledger
        .then((ledger) => ledger.close())
        .then(
          () => done(),
          () => done(),
        );
    });
  }

  RED.nodes.registerType<LedgerConfigNode, NodeDef & LedgerFields, object, LedgerCredentials>('ledger-config', LedgerConfig, {
    credentials: { url: { type: 'password' }, maskingKey: { type: 'password' } },
  });
}
