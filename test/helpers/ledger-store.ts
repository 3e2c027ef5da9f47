import type { Ledger } from '../../nodes/ledger/ledger';
import type { LedgerStore } from '../../nodes/ledger/store/types';

/**
 * The store under a ledger, for tests that seed states no flow produces on demand (messages received
 * two days ago, a dead letter of a given shape). Everything else, tests included, goes through the
 * ledger, as the product does (an ESLint rule keeps `ledger.store` inside nodes/ledger and here).
 */
export function storeOf(ledger: Ledger): LedgerStore {
  return ledger.store;
}
