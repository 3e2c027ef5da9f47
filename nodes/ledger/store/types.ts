import type { AlertStore } from './alert-types';
import type { ApprovalStore } from './approval-types';
import type { ReleaseStore } from './release-types';
import type { RunStore } from './run-types';
import type { OutboxStore } from './outbox-types';
import type { SnapshotStore } from './snapshot-types';

/** The durable record every planbridge flow stands on. Times are epoch milliseconds. */

export const MESSAGE_STATUSES = ['received', 'validated', 'transformed', 'delivered', 'failed', 'dead_lettered', 'replayed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Statuses after which a message needs nothing more: it is never redelivered. */
export const TERMINAL_STATUSES: readonly MessageStatus[] = ['delivered', 'dead_lettered'];

export interface NewMessage {
  id: string;
  flowId: string | null;
  /** The tracking node that accepted the message; redeliveries and replays start there again. */
  startNode: string;
  sourceSystem: string | null;
  correlationId: string | null;
  schemaRef: string | null;
  idempotencyKey: string | null;
  recordCount: number;
  /** The message as JSON, with masked fields already protected. */
  body: string;
  owner: string;
  leaseUntil: number;
  receivedAt: number;
}

export interface TrackedMessage extends NewMessage {
  /** The release running when the message arrived (`version sha256:...`), null before any release. */
  release: string | null;
  status: MessageStatus;
  attempt: number;
  updatedAt: number;
  completedAt: number | null;
}

export interface Transition {
  messageId: string;
  status: MessageStatus;
  nodeId: string | null;
  at: number;
  detail: string | null;
  /** The release that ran this step (null before any release was deployed). */
  release: string | null;
}

export interface Completion {
  messageId: string | null;
  keys: string[];
  owner: string;
  outcome: string | null;
  nodeId: string | null;
  at: number;
  replayOf: string | null;
}

export type ClaimResult =
  { claimed: true } | { claimed: false; state: 'in_progress' | 'completed'; owner: string | null; outcome: string | null; completedAt: number | null };

export interface DeadLetterInput {
  id: string;
  messageId: string | null;
  startNode: string | null;
  flowId: string | null;
  nodeId: string | null;
  nodeType: string | null;
  errorCode: string;
  errorMessage: string;
  attempts: number;
  body: string;
  idempotencyKey: string | null;
  failedAt: number;
}

export type DeadLetterState = 'open' | 'replaying' | 'replayed' | 'resolved';

export interface DeadLetter extends Omit<DeadLetterInput, 'failedAt'> {
  firstFailedAt: number;
  lastFailedAt: number;
  state: DeadLetterState;
  replayCount: number;
  resolvedBy: string | null;
  resolvedAt: number | null;
  note: string | null;
}

export interface DeadLetterFilter {
  state?: DeadLetterState | DeadLetterState[];
  errorCode?: string;
  nodeId?: string;
  flowId?: string;
  ids?: string[];
  limit?: number;
  /** Oldest first when true (replay order), newest first otherwise. */
  oldestFirst?: boolean;
}

export interface KpiIncrement {
  day: string;
  flowId: string;
  nodeId: string;
  outcome: string;
  count: number;
}

export type KpiRow = KpiIncrement;

export interface OutcomeQuery {
  from: number;
  to: number;
  /** The length of one slice of the series, e.g. an hour. */
  sliceMs: number;
  /** Percentiles of the delivery latency to report, e.g. [50, 95]. */
  percentiles: number[];
}

/** Messages that became delivered or dead-lettered in one slice of time. */
export interface OutcomeSlice {
  /** Where the slice starts (epoch ms): `from` plus a whole number of slices. */
  start: number;
  delivered: number;
  deadLettered: number;
}

export interface MessageOutcomes {
  /** Slices in which messages finished, in order; slices in which none did are left out. */
  slices: OutcomeSlice[];
  /** Messages received in the window that have not finished yet. */
  open: number;
  /**
   * Received-to-delivered milliseconds of the messages delivered in the window, one per percentile
   * asked for (nearest rank: the smallest time at least that share of them took no longer than);
   * null when none was delivered.
   */
  latencyMs: Array<number | null>;
}

export interface ControlNumberRequest {
  partnerId: string;
  /** One sequence per partner and scope, e.g. `interchange`. */
  scope: string;
  /** What the number is for (a PO id, a received interchange): asking again returns the same number. */
  businessKey: string;
  /** The largest number the envelope field can hold (X12 ISA13: 999999999). */
  max: number;
  at: number;
}

export type ControlNumberResult =
  | {
      exhausted: false;
      number: number;
      /** true when the business key already had this number */
      reused: boolean;
      /** When the number was first given: a rebuilt interchange can carry the same date and time. */
      assignedAt: number;
    }
  | { exhausted: true; last: number };

export interface RetentionPolicy {
  /** Delivered messages and their transitions older than this are removed. */
  messagesBefore: number;
  /** Completed idempotency keys older than this are removed: a duplicate arriving later is new again. */
  keysBefore: number;
  /** Resolved and replayed dead letters older than this are removed. */
  deadLettersBefore: number;
}

export interface PurgeResult {
  messages: number;
  deadLetters: number;
  keys: number;
}

/**
 * One interface, two engines (SQLite embedded, PostgreSQL for several instances); both pass
 * test/ledger/store-contract.ts. Every method is one transaction.
 */
export interface LedgerStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Recommendations waiting for, and after, planner approval. */
  readonly approvals: ApprovalStore;
  /** Operational exceptions and their lifecycle. */
  readonly alerts: AlertStore;
  /** Stock snapshot pages kept for reconciliation, and kept snapshots by name. */
  readonly snapshots: SnapshotStore;
  /** Runs (an export, an execution batch, a file) and the parts each owes. */
  readonly runs: RunStore;
  /** Broker messages waiting to be published, in order. */
  readonly outbox: OutboxStore;
  /** Release bundles this instance took and the audit of their deploys, approvals and rollbacks. */
  readonly releases: ReleaseStore;
  /** Each message and transition written from now on records the release `current()` names. */
  stampReleaseWith(current: () => string | null): void;
  migrate(): Promise<number>;
  close(): Promise<void>;

  /** Persists accepted messages; each counts as its own `received` transition. */
  insertMessages(messages: NewMessage[]): Promise<void>;
  getMessage(id: string): Promise<TrackedMessage | undefined>;
  /** Records a status change; terminal statuses also complete the message. */
  transition(messageId: string, status: MessageStatus, nodeId: string | null, at: number, detail?: string | null): Promise<void>;
  /** The message's transitions in order, starting with `received` (by its start node). */
  transitions(messageId: string): Promise<Transition[]>;
  /**
   * Success, in one transaction: the keys become completed with the outcome, the message (if
   * tracked) delivered, and the dead letter it was replayed from (if any) replayed.
   */
  complete(completion: Completion): Promise<void>;
  /**
   * Takes over up to `limit` messages of a start node whose lease ran out before they finished:
   * they get the new owner and lease and an attempt more, so exactly one instance redelivers each.
   */
  claimExpired(startNode: string, owner: string, now: number, leaseUntil: number, limit: number): Promise<TrackedMessage[]>;
  /** Opens a finished or dead-lettered message again for a replay: a new attempt, owner and lease. */
  reopen(messageId: string, owner: string, leaseUntil: number, at: number, nodeId: string | null, detail: string | null): Promise<boolean>;
  /** Extends the lease of every unfinished message and every outbox entry an instance owns (its heartbeat). */
  renewLeases(owner: string, leaseUntil: number): Promise<number>;
  /** Unfinished tracked messages (the backlog). */
  countOpen(): Promise<number>;

  /** Claims each key for `owner` unless another owner holds it or it completed; one transaction. */
  claimKeys(keys: string[], owner: string, now: number, leaseUntil: number): Promise<Map<string, ClaimResult>>;
  completeKeys(keys: string[], owner: string, outcome: string | null, now: number): Promise<void>;
  /** Completes keys each with its own outcome (the record a write created, say). */
  completeKeyOutcomes(entries: Array<{ key: string; outcome: string | null }>, owner: string, now: number): Promise<void>;
  /** Frees keys an owner holds in progress, so a later attempt can claim them. Completed keys stay. */
  releaseKeys(keys: string[], owner: string): Promise<void>;
  getKey(key: string): Promise<ClaimResult | undefined>;
  /** Keys claimed and neither completed nor released yet (whoever holds them, alive or not). */
  countKeysInProgress(): Promise<number>;

  /** Adds a dead letter, or records another failure of the same message on its open one. */
  addDeadLetter(letter: DeadLetterInput): Promise<DeadLetter>;
  getDeadLetter(id: string): Promise<DeadLetter | undefined>;
  listDeadLetters(filter: DeadLetterFilter): Promise<DeadLetter[]>;
  countDeadLetters(state: DeadLetterState): Promise<number>;
  /** The same, per flow of the node that failed (dead letters without a flow are left out). */
  countDeadLettersByFlow(state: DeadLetterState): Promise<Array<{ flowId: string; count: number }>>;
  /** Moves a dead letter from one state to another; false when it was not in `from`. */
  setDeadLetterState(id: string, from: DeadLetterState[], to: DeadLetterState, by: string | null, at: number, note?: string | null): Promise<boolean>;

  /**
   * The control number of a business key: the one it was given before, or the partner's next in the
   * scope (1, 2, 3, ... without gaps; several instances may ask at once). Never wraps: past `max` it
   * answers exhausted and assigns nothing.
   */
  controlNumber(request: ControlNumberRequest): Promise<ControlNumberResult>;

  getCursor(name: string): Promise<string | undefined>;
  setCursor(name: string, value: string, at: number): Promise<void>;

  addKpis(rows: KpiIncrement[]): Promise<void>;
  kpis(fromDay: string, toDay: string): Promise<KpiRow[]>;
  /** What became of tracked messages in [from, to): delivered and dead-lettered per slice, still open, delivery latency. */
  messageOutcomes(query: OutcomeQuery): Promise<MessageOutcomes>;

  purge(policy: RetentionPolicy): Promise<PurgeResult>;
  /** Keys still in progress that were claimed before a time: work that neither finished nor was given up. */
  stuckKeys(claimedBefore: number, sample: number): Promise<{ count: number; keys: string[] }>;
  /**
   * The same keys counted per flow of the tracked message holding them (a tracked message owns its
   * keys under its ledger id); keys held by an untracked message have no flow and are left out.
   */
  stuckKeysByFlow(claimedBefore: number): Promise<Array<{ flowId: string; count: number }>>;
}
