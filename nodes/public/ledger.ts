/**
 * planbridge/ledger: the durable record a node pack's nodes stand on. A side effect claims its business
 * keys first (`ledger.idempotency.claim`), skips what is done, completes what it did, releases what it
 * could not; readers keep their positions in `ledger.cursors`.
 */
export type { Ledger, LedgerMessage, TrackingInfo } from '../ledger/ledger';
export type { Claim, Idempotency, IdempotencyInfo, KeyHolder, KeyOutcome, SettledKey } from '../ledger/idempotency';
export type { LedgerConfigNode } from '../ledger/ledger-config';
export { ledgerOfNode } from '../integration/reliability/ledger-node';
export { acceptMessage } from '../ledger/accept';
export { startRedelivery } from '../ledger/redelivery';
