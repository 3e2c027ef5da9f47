import type { Ledger } from './ledger';
import type { LedgerStore } from './store/types';

/**
 * The store under a ledger, for tests that seed states no flow produces on demand (messages received
 * two days ago, a dead letter of a given shape). Product code goes through the ledger (an ESLint rule
 * keeps the store inside nodes/ledger).
 */
export function storeOf(ledger: Ledger): LedgerStore {
  return ledger.store;
}
