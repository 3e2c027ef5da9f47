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
