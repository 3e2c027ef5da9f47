import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { NodeMessage } from 'node-red';
import { InputError, type PlanbridgeError } from '../lib/errors';
import { Idempotency, type IdempotencyInfo } from './idempotency';
import { Masker } from './masking';
import { LedgerOutbox } from './outbox';
import type { AlertStore } from './store/alert-types';
import type { ApprovalStore } from './store/approval-types';
import type { RunFilter, RunRecord } from './store/run-types';
import type { PageOutcome, SnapshotPage, SnapshotRunState, SnapshotStore } from './store/snapshot-types';
import type {
  ControlNumberResult,
  DeadLetter,
  DeadLetterFilter,
  DeadLetterState,
  KpiRow,
  LedgerStore,
  MessageOutcomes,
  MessageStatus,
  OutcomeQuery,
  TrackedMessage,
  Transition,
} from './store/types';

export type { IdempotencyInfo } from './idempotency';

/** msg.ledger: set on a message once a tracking node has persisted it. */
export interface TrackingInfo {
  id: string;
  /** The ledger-config node that holds the record. */
  config: string;
  startNode: string;
  attempt: number;
  redelivered?: boolean;
  /** The dead letter this message was replayed from. */
  replayOf?: string;
  /** When the ledger first accepted it (epoch ms). */
  receivedAt?: number;
}

export interface LedgerMessage extends NodeMessage {
  ledger?: TrackingInfo;
  idempotency?: IdempotencyInfo;
  event?: { source?: string; dataschema?: string; correlationid?: string; time?: string };
  batch?: { count?: number };
  [key: string]: unknown;
}

export interface LedgerSettings {
  store: LedgerStore;
  /** The ledger-config node id, written into msg.ledger so any node can find its ledger. */
  configId: string;
  masker: Masker;
  /** How long a message may stay unfinished before another start takes it over. */
  leaseMs: number;
  /** How long an in-progress idempotency claim holds against other messages. */
  keyLeaseMs: number;
  maxBodyBytes: number;
  retention: { messageDays: number; keyDays: number; deadLetterDays: number };
  instanceId?: string;
  now?: () => number;
}

export interface FailureSource {
  id: string;
  type: string;
  z?: string;
}

const DAY_MS = 86_400_000;
const KPI_FLUSH_MS = 5_000;
const RETENTION_EVERY_MS = 60 * 60 * 1000;
// Properties that cannot or should not be kept: the HTTP request and response objects, the
// ledger's own bookkeeping, a Catch node's error (kept as the dead letter's error instead).
const NOT_KEPT = new Set(['req', 'res', 'ledger', 'idempotency', 'error', 'socketid']);

function day(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * What flows see of the ledger: track, complete, fail and replay messages, claim idempotency keys,
 * keep cursors and counters. It owns the heartbeat that renews this instance's leases, the KPI
 * buffer (one write every few seconds, not one per message) and the retention sweep.
 */
export class Ledger extends EventEmitter {
  /** The store, for nodes/ledger only: everything else goes through the ledger (an ESLint rule checks). */
  readonly store: LedgerStore;
  readonly configId: string;
  readonly instanceId: string;
  readonly masker: Masker;
  /** The one owner of the claim → skip → complete/release sequence of idempotency keys. */
  readonly idempotency: Idempotency;
  /** Broker messages (MQTT events and alerts) kept until the broker acknowledged them. */
  readonly outbox: LedgerOutbox;
  /** The ledger's clock (epoch ms): every time the ledger records comes from here. */
  readonly now: () => number;
  private readonly settings: LedgerSettings;
  private readonly kpiBuffer = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(settings: LedgerSettings) {
    super();
    this.settings = settings;
    this.store = settings.store;
    this.configId = settings.configId;
    this.masker = settings.masker;
    this.instanceId = settings.instanceId ?? randomUUID();
    this.now = settings.now ?? Date.now;
    this.idempotency = new Idempotency(settings.store, settings.configId, this.now, settings.keyLeaseMs);
    this.outbox = new LedgerOutbox(settings.store.outbox, this.instanceId, this.now, settings.leaseMs);
    this.every(Math.max(250, Math.floor(settings.leaseMs / 3)), async () => {
      const until = this.now() + settings.leaseMs;
      await this.store.renewLeases(this.instanceId, until);
      await this.store.runs.renewLeases(this.instanceId, until);
    });
    this.every(KPI_FLUSH_MS, () => this.flushKpis());
    this.every(RETENTION_EVERY_MS, () => this.applyRetention());
  }

  private every(ms: number, work: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      work().catch((err: unknown) => this.emit('warning', err));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  get leaseMs(): number {
    return this.settings.leaseMs;
  }

  /** Recommendations waiting for, and after, planner approval (times from ledger.now()). */
  get approvals(): ApprovalStore {
    return this.store.approvals;
  }

  /** Operational exceptions and their lifecycle (times from ledger.now()). */
  get alerts(): AlertStore {
    return this.store.alerts;
  }

  /** Named positions of readers (an Odoo write_date, a planning cursor, a WMS log offset). */
  readonly cursors = {
    get: (name: string): Promise<string | undefined> => this.store.getCursor(name),
    set: (name: string, value: string): Promise<void> => this.store.setCursor(name, value, this.now()),
  };

  /** What the ledger keeps of tracked messages, to read. */
  readonly messages = {
    get: (id: string): Promise<TrackedMessage | undefined> => this.store.getMessage(id),
    transitions: (id: string): Promise<Transition[]> => this.store.transitions(id),
    /** Unfinished tracked messages. */
    backlog: (): Promise<number> => this.store.countOpen(),
    /** Idempotency keys claimed and not yet completed or released. */
    keysInProgress: (): Promise<number> => this.store.countKeysInProgress(),
    outcomes: (query: OutcomeQuery): Promise<MessageOutcomes> => this.store.messageOutcomes(query),
    /** Outcomes counted per UTC day (YYYY-MM-DD, both included), flow and node, with this instance's counts not written yet. */
    kpis: async (fromDay: string, toDay: string): Promise<KpiRow[]> => {
      const pending = this.pendingKpis().filter((row) => row.day >= fromDay && row.day <= toDay);
      return [...(await this.store.kpis(fromDay, toDay)), ...pending];
    },
  };

  /** Dead letters, to read (they are added by fail() and addDeadLetter(), replayed by the replay module). */
  readonly deadLetters = {
    get: (id: string): Promise<DeadLetter | undefined> => this.store.getDeadLetter(id),
    list: (filter: DeadLetterFilter): Promise<DeadLetter[]> => this.store.listDeadLetters(filter),
    count: (state: DeadLetterState): Promise<number> => this.store.countDeadLetters(state),
    countByFlow: (state: DeadLetterState) => this.store.countDeadLettersByFlow(state),
  };

  /** The message as the ledger keeps it: JSON-safe properties only, masked fields sealed. */
  serialize(msg: LedgerMessage): string {
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(msg)) {
      if (key.startsWith('_') || NOT_KEPT.has(key) || typeof value === 'function') continue;
      kept[key] = value;
    }
    let body: string;
    try {
      body = JSON.stringify(this.masker.protect(kept));
    } catch (err) {
      throw new InputError(`The message cannot be stored: ${(err as Error).message}`, 'MESSAGE_NOT_SERIALIZABLE');
    }
    const bytes = Buffer.byteLength(body);
    if (bytes > this.settings.maxBodyBytes) {
      throw new InputError(`The message is ${bytes} bytes, over the ledger's limit of ${this.settings.maxBodyBytes}`, 'PAYLOAD_TOO_LARGE', {
        bytes,
        limit: this.settings.maxBodyBytes,
      });
    }
    return body;
  }

  /** A kept body back as message properties, masked fields restored where the secret allows. */
  deserialize(body: string): LedgerMessage {
    return this.masker.restore(JSON.parse(body)) as LedgerMessage;
  }

  /** A kept body as it may be shown: masked fields as `***`. */
  view(body: string): unknown {
    return this.masker.redact(JSON.parse(body));
  }

  /** Persists a message before it goes on; sets and returns msg.ledger. One write per message (a page is one message). */
  async track(msg: LedgerMessage, startNode: string, flowId: string | null, idempotencyKey: string | null): Promise<TrackingInfo> {
    const now = this.now();
    const id = randomUUID();
    const body = this.serialize(msg);
    await this.store.insertMessages([
      {
        id,
        flowId,
        startNode,
        sourceSystem: typeof msg.event?.source === 'string' ? msg.event.source : null,
        correlationId: typeof msg.event?.correlationid === 'string' ? msg.event.correlationid : null,
        schemaRef: typeof msg.event?.dataschema === 'string' ? msg.event.dataschema : null,
        idempotencyKey,
        recordCount: Array.isArray(msg.payload) ? msg.payload.length : 1,
        body,
        owner: this.instanceId,
        leaseUntil: now + this.settings.leaseMs,
        receivedAt: now,
      },
    ]);
    msg.ledger = { id, config: this.configId, startNode, attempt: 1, receivedAt: now };
    this.count(flowId, startNode, 'received');
    this.emit('received', { flowId, startNode });
    return msg.ledger;
  }

  /** Starts another attempt of a message that was dead-lettered; the replay keeps its id. */
  async reopen(msg: LedgerMessage, letter: DeadLetter, nodeId: string): Promise<void> {
    const info = msg.ledger as TrackingInfo;
    const reopened = await this.store.reopen(
      info.id,
      this.instanceId,
      this.now() + this.settings.leaseMs,
      this.now(),
      nodeId,
      `replay of dead letter ${letter.id}`,
    );
    if (!reopened) throw new InputError(`Message ${info.id} is no longer in the ledger`, 'MESSAGE_NOT_FOUND');
    info.attempt = (await this.store.getMessage(info.id))?.attempt ?? info.attempt;
    info.replayOf = letter.id;
  }

  async transition(msg: LedgerMessage, status: MessageStatus, nodeId: string, flowId: string | null, detail: string | null = null): Promise<void> {
    if (!msg.ledger) return;
    await this.store.transition(msg.ledger.id, status, nodeId, this.now(), detail);
    this.count(flowId, nodeId, status);
  }

  /**
   * A tracked message found to be a duplicate (its key done or held elsewhere) is finished here. When
   * it was a replay, the dead letter it came from is resolved too: nothing will complete it, so it
   * would otherwise stay 'replaying' for good (a replay that raced the sender's own retry, say).
   */
  async finishDuplicate(msg: LedgerMessage, nodeId: string, flowId: string | null, detail: string): Promise<void> {
    await this.transition(msg, 'delivered', nodeId, flowId, detail);
    const replayOf = msg.ledger?.replayOf;
    if (replayOf) await this.store.setDeadLetterState(replayOf, ['replaying'], 'resolved', null, this.now(), `${detail} when replayed; not sent again`);
  }

  /** Records a status under any message id (pb-audit keeps untracked messages under `msg:<_msgid>`). */
  async record(messageId: string, status: MessageStatus, nodeId: string, flowId: string | null, detail: string | null): Promise<void> {
    await this.store.transition(messageId, status, nodeId, this.now(), detail);
    this.count(flowId, nodeId, status);
  }

  /** Marks a tracked message delivered and completes the idempotency keys it holds, in one write. */
  async complete(msg: LedgerMessage, nodeId: string, flowId: string | null, outcome: unknown): Promise<void> {
    const idem = this.idempotency.heldBy(msg);
    await this.store.complete({
      messageId: msg.ledger?.id ?? null,
      keys: idem?.keys ?? [],
      owner: idem?.owner ?? msg.ledger?.id ?? '',
      outcome: outcome === undefined ? null : JSON.stringify(outcome),
      nodeId,
      at: this.now(),
      replayOf: msg.ledger?.replayOf ?? null,
    });
    if (msg.ledger) this.emit('delivered', { flowId, nodeId, id: msg.ledger.id, receivedAt: msg.ledger.receivedAt });
    this.count(flowId, nodeId, 'delivered');
  }

  /**
   * A tracked message failed for good: it becomes a dead letter with its error and attempts, its
   * status says so, and the keys it held in progress are released for a later attempt.
   */
  async fail(msg: LedgerMessage, error: PlanbridgeError, source: FailureSource): Promise<DeadLetter | undefined> {
    await this.idempotency.releaseHeld(msg);
    if (!msg.ledger) return undefined;
    const letter = await this.addDeadLetter(msg, error, source);
    await this.store.transition(msg.ledger.id, 'dead_lettered', source.id, this.now(), `${error.code}: ${error.message}`);
    return letter;
  }

  /**
   * Keeps a failed message as a dead letter (tracked or not). `startNode` names where a replay
   * enters for a message that never got tracked (a tracking node refused it).
   */
  async addDeadLetter(
    msg: LedgerMessage,
    error: { code: string; message: string; attempts?: number },
    source: FailureSource | null,
    startNode: string | null = null,
  ): Promise<DeadLetter> {
    let body: string;
    try {
      body = this.serialize(msg);
    } catch (err) {
      // Even a message too big or too odd to keep leaves a dead letter: its error and where it failed.
      body = JSON.stringify({ unstorable: (err as Error).message });
    }
    const letter = await this.store.addDeadLetter({
      id: randomUUID(),
      messageId: msg.ledger?.id ?? null,
      startNode: msg.ledger?.startNode ?? startNode,
      flowId: source?.z ?? null,
      nodeId: source?.id ?? null,
      nodeType: source?.type ?? null,
      errorCode: error.code,
      errorMessage: error.message,
      attempts: error.attempts ?? 1,
      body,
      idempotencyKey: msg.idempotency?.keys.length === 1 ? msg.idempotency.keys[0] : null,
      failedAt: this.now(),
    });
    this.count(source?.z ?? null, source?.id ?? 'unknown', 'dead_lettered');
    this.emit('dead-lettered', { letter });
    return letter;
  }

  /** The EDI control number of a business key for a partner: the one it had, or the next (see LedgerStore). */
  controlNumber(partnerId: string, scope: string, businessKey: string, max: number): Promise<ControlNumberResult> {
    return this.store.controlNumber({ partnerId, scope, businessKey, max, at: this.now() });
  }

  /** Takes over messages of a start node whose lease ran out (their instance died) and rebuilds them. */
  async claimRedeliveries(startNode: string, limit: number): Promise<LedgerMessage[]> {
    const now = this.now();
    const claimed = await this.store.claimExpired(startNode, this.instanceId, now, now + this.settings.leaseMs, limit);
    return claimed.map((record) => {
      const msg = this.deserialize(record.body);
      msg.ledger = { id: record.id, config: this.configId, startNode, attempt: record.attempt, redelivered: true, receivedAt: record.receivedAt };
      return msg;
    });
  }

  /**
   * Runs: batch work as the business sees it. Opened before the first page is read, with the parts it
   * owes; owned by this instance while its heartbeat renews the lease; taken over when its owner died.
   */
  readonly runs = {
    open: (run: { id: string; kind: string; flowId: string | null; startNode: string; parts: string[]; msg: LedgerMessage; dueInMs: number | null }) => {
      const now = this.now();
      return this.store.runs.open({
        id: run.id,
        kind: run.kind,
        flowId: run.flowId,
        startNode: run.startNode,
        parts: run.parts,
        body: this.serialize(run.msg),
        owner: this.instanceId,
        leaseUntil: now + this.settings.leaseMs,
        openedAt: now,
        dueAt: run.dueInMs === null ? null : now + run.dueInMs,
      });
    },
    get: (id: string): Promise<RunRecord | undefined> => this.store.runs.get(id),
    partDone: (id: string, part: string, detail: string | null) => this.store.runs.partDone(id, part, this.now(), detail),
    close: (id: string, outcome: string | null): Promise<boolean> => this.store.runs.close(id, outcome, this.now()),
    /** Open runs of a start node whose instance died, now this instance's, with their start message rebuilt. */
    claimOrphans: async (startNode: string, limit: number): Promise<Array<{ run: RunRecord; msg: LedgerMessage }>> => {
      const now = this.now();
      const runs = await this.store.runs.claimOrphans(startNode, this.instanceId, now, now + this.settings.leaseMs, limit);
      return runs.map((run) => ({ run, msg: this.deserialize(run.body) }));
    },
    claimOverdue: (limit: number): Promise<RunRecord[]> => this.store.runs.claimOverdue(this.now(), limit),
    /** Idempotency keys in progress for longer than `olderThanMs`: neither done nor given up. */
    stuckKeys: (olderThanMs: number, sample: number) => this.store.stuckKeys(this.now() - olderThanMs, sample),
    /** The same keys counted per flow of the tracked message that holds them. */
    stuckKeysByFlow: (olderThanMs: number) => this.store.stuckKeysByFlow(this.now() - olderThanMs),
    list: (filter: RunFilter): Promise<RunRecord[]> => this.store.runs.list(filter),
  };

  /** Stock snapshots kept for reconciliation (pb-reconcile, pb-snapshot). */
  get snapshots(): SnapshotStore {
    return this.store.snapshots;
  }

  /** Stores one stock snapshot page, stamped with the ledger's clock, and reports its run's progress. */
  recordSnapshotPage(page: Omit<SnapshotPage, 'at'>): Promise<PageOutcome> {
    return this.store.snapshots.recordPage({ ...page, at: this.now() });
  }

  setSnapshotRunState(runId: number, state: SnapshotRunState): Promise<void> {
    return this.store.snapshots.setRunState(runId, state, this.now());
  }

  /** Counts an outcome for the KPI table; written in batches. */
  count(flowId: string | null, nodeId: string, outcome: string, by = 1): void {
    const key = `${day(this.now())}\u0000${flowId ?? ''}\u0000${nodeId}\u0000${outcome}`;
    this.kpiBuffer.set(key, (this.kpiBuffer.get(key) ?? 0) + by);
  }

  /** The counts not written to the KPI table yet. */
  private pendingKpis(): KpiRow[] {
    return [...this.kpiBuffer.entries()].map(([key, count]) => {
      const [d, flowId, nodeId, outcome] = key.split('\u0000');
      return { day: d, flowId, nodeId, outcome, count };
    });
  }

  async flushKpis(): Promise<void> {
    if (!this.kpiBuffer.size) return;
    const rows = this.pendingKpis();
    this.kpiBuffer.clear();
    await this.store.addKpis(rows);
  }

  async applyRetention(): Promise<void> {
    const now = this.now();
    const { messageDays, keyDays, deadLetterDays } = this.settings.retention;
    const result = await this.store.purge({
      messagesBefore: now - messageDays * DAY_MS,
      keysBefore: now - keyDays * DAY_MS,
      deadLettersBefore: now - deadLetterDays * DAY_MS,
    });
    const runs = await this.store.runs.purge(now - messageDays * DAY_MS);
    this.emit('purged', { ...result, runs });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.flushKpis().catch(() => undefined);
    await this.store.close();
  }
}
