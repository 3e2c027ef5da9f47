import { gaugeSources } from '../lib/metrics';
import { readyLedger } from './ready';
import { runtimePart, type PlanbridgeRuntime } from '../lib/runtime-context';
import type { Ledger } from './ledger';

/** Every ledger-config node's ledger (as it opens), by node id: how any node finds a message's ledger. */
const LEDGERS = runtimePart('ledgers', () => new Map<string, Promise<Ledger>>());

export function registerLedger(runtime: PlanbridgeRuntime, configId: string, ledger: Promise<Ledger>): void {
  runtime.get(LEDGERS).set(configId, ledger);
}

export function unregisterLedger(runtime: PlanbridgeRuntime, configId: string): void {
  runtime.get(LEDGERS).delete(configId);
}

export function ledgerFor(runtime: PlanbridgeRuntime, configId: string | undefined): Promise<Ledger> | undefined {
  return configId ? runtime.get(LEDGERS).get(configId) : undefined;
}

export function allLedgers(runtime: PlanbridgeRuntime): Map<string, Promise<Ledger>> {
  return runtime.get(LEDGERS);
}

/**
 * Makes a ledger-config node's ledger known to the runtime: nodes find a message's ledger by its
 * config id, and /metrics reads its backlog and open dead letters. Answers the function that undoes it.
 */
export function publishLedger(runtime: PlanbridgeRuntime, configId: string, ledger: Promise<Ledger>): () => void {
  registerLedger(runtime, configId, ledger);
  const sources = gaugeSources(runtime);
  // A scrape never waits for a ledger that is not open yet (PostgreSQL down at start): it counts 0
  // there, and planbridge_dependency_up says why.
  sources.backlog.set(configId, () => readyLedger(ledger, 0).then((l) => l.messages.backlog()));
  sources.openDeadLetters.set(configId, () => readyLedger(ledger, 0).then((l) => l.deadLetters.count('open')));
  return () => {
    unregisterLedger(runtime, configId);
    sources.backlog.delete(configId);
    sources.openDeadLetters.delete(configId);
  };
}
