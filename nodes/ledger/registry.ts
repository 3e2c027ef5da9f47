import type { Ledger } from './ledger';

const KEY = Symbol.for('planbridge.ledgers');

/** Every ledger-config node's ledger (as it opens), by node id: how any node finds a message's ledger. */
function ledgers(): Map<string, Promise<Ledger>> {
  const holder = globalThis as unknown as Record<symbol, Map<string, Promise<Ledger>> | undefined>;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

export function registerLedger(configId: string, ledger: Promise<Ledger>): void {
  ledgers().set(configId, ledger);
}

export function unregisterLedger(configId: string): void {
  ledgers().delete(configId);
}

export function ledgerFor(configId: string | undefined): Promise<Ledger> | undefined {
  return configId ? ledgers().get(configId) : undefined;
}

export function allLedgers(): Map<string, Promise<Ledger>> {
  return ledgers();
}
