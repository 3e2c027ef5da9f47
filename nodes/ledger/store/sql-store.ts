import { chunks, inList, valuesList, type Db } from './db';
import { migrate } from './migrations';
import { SqlAlerts } from './sql-alerts';
import { SqlApprovals } from './sql-approvals';
import { SqlReleases } from './sql-releases';
import { SqlRuns } from './sql-runs';
import { SqlOutbox } from './sql-outbox';
import { SqlSnapshots } from './sql-snapshots';
import {
  TERMINAL_STATUSES,
  type ClaimResult,
  type Completion,
  type ControlNumberRequest,
  type ControlNumberResult,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterInput,
  type DeadLetterState,
  type KpiIncrement,
  type KpiRow,
  type LedgerStore,
  type MessageOutcomes,
  type MessageStatus,
  type NewMessage,
  type OutcomeQuery,
  type OutcomeSlice,
  type PurgeResult,
  type RetentionPolicy,
  type TrackedMessage,
  type Transition,
} from './types';

// Keeps every statement well under SQLite's and PostgreSQL's parameter limits.
const ROWS_PER_STATEMENT = 500;

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toMessage(r: Row): TrackedMessage {
  return {
    id: String(r.id),
    flowId: str(r.flow_id),
    startNode: String(r.start_node),
    sourceSystem: str(r.source_system),
    correlationId: str(r.correlation_id),
    schemaRef: str(r.schema_ref),
    idempotencyKey: str(r.idempotency_key),
    recordCount: Number(r.record_count),
    body: String(r.body),
    owner: String(r.owner ?? ''),
    leaseUntil: Number(r.lease_until ?? 0),
    receivedAt: Number(r.received_at),
    release: str(r.release),
    status: r.status as MessageStatus,
    attempt: Number(r.attempt),
    updatedAt: Number(r.updated_at),
    completedAt: num(r.completed_at),
  };
}

function toDeadLetter(r: Row): DeadLetter {
  return {
    id: String(r.id),
    messageId: str(r.message_id),
    startNode: str(r.start_node),
    flowId: str(r.flow_id),
    nodeId: str(r.node_id),
    nodeType: str(r.node_type),
    errorCode: String(r.error_code),
    errorMessage: String(r.error_message),
    attempts: Number(r.attempts),
    body: String(r.body),
    idempotencyKey: str(r.idempotency_key),
    firstFailedAt: Number(r.first_failed_at),
    lastFailedAt: Number(r.last_failed_at),
    state: r.state as DeadLetterState,
    replayCount: Number(r.replay_count),
    resolvedBy: str(r.resolved_by),
    resolvedAt: num(r.resolved_at),
    note: str(r.note),
  };
}

/** The 0-based position of a percentile among `count` sorted values (nearest-rank method). */
export function nearestRankOffset(percentile: number, count: number): number {
  return Math.min(count, Math.max(1, Math.ceil((percentile / 100) * count))) - 1;
}

function toClaim(r: Row): ClaimResult {
  return { claimed: false, state: r.state as 'in_progress' | 'completed', owner: str(r.owner), outcome: str(r.outcome), completedAt: num(r.completed_at) };
}

/** The ledger in SQL both engines understand; the engine differences live in the Db adapters. */
export class SqlStore implements LedgerStore {
  readonly dialect: 'sqlite' | 'postgres';
  readonly approvals: SqlApprovals;
  readonly alerts: SqlAlerts;
  readonly snapshots: SqlSnapshots;
  readonly runs: SqlRuns;
  readonly outbox: SqlOutbox;
  readonly releases: SqlReleases;
  private releaseNow: () => string | null = () => null;

  constructor(private readonly db: Db) {
    this.dialect = db.dialect;
    this.approvals = new SqlApprovals(db);
    this.alerts = new SqlAlerts(db);
    this.snapshots = new SqlSnapshots(db);
    this.runs = new SqlRuns(db);
    this.outbox = new SqlOutbox(db);
    this.releases = new SqlReleases(db);
  }

  stampReleaseWith(current: () => string | null): void {
    this.releaseNow = current;
  }

  migrate(): Promise<number> {
    return migrate(this.db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  async insertMessages(messages: NewMessage[]): Promise<void> {
    if (!messages.length) return;
    // One statement per chunk; the `received` transition is the message row itself (see transitions()).
    const release = this.releaseNow();
    await this.db.transaction(async (tx) => {
      for (const part of chunks(messages, ROWS_PER_STATEMENT)) {
        const params: unknown[] = [];
        for (const m of part) {
          params.push(
            m.id,
            m.flowId,
            m.startNode,
            m.sourceSystem,
            m.correlationId,
            m.schemaRef,
            m.idempotencyKey,
            'received',
            m.recordCount,
            m.body,
            m.owner,
            m.leaseUntil,
            m.receivedAt,
            m.receivedAt,
            release,
          );
        }
        await tx.run(
          `INSERT INTO pb_message (id, flow_id, start_node, source_system, correlation_id, schema_ref, idempotency_key, status, record_count, body, owner, lease_until, received_at, updated_at, release)
           VALUES ${valuesList(part.length, 15)}`,
          params,
        );
      }
    });
  }

  async getMessage(id: string): Promise<TrackedMessage | undefined> {
    const rows = await this.db.all('SELECT * FROM pb_message WHERE id = ?', [id]);
    return rows[0] ? toMessage(rows[0]) : undefined;
  }

  async transition(messageId: string, status: MessageStatus, nodeId: string | null, at: number, detail: string | null = null): Promise<void> {
    const terminal = TERMINAL_STATUSES.includes(status);
    await this.db.transaction(async (tx) => {
      await tx.run(
        terminal
          ? 'UPDATE pb_message SET status = ?, updated_at = ?, completed_at = COALESCE(completed_at, ?) WHERE id = ?'
          : 'UPDATE pb_message SET status = ?, updated_at = ? WHERE id = ? AND completed_at IS NULL',
        terminal ? [status, at, at, messageId] : [status, at, messageId],
      );
      await tx.run('INSERT INTO pb_transition (message_id, status, node_id, at, detail, release) VALUES (?, ?, ?, ?, ?, ?)', [
        messageId,
        status,
        nodeId,
        at,
        detail,
        this.releaseNow(),
      ]);
    });
  }

  async transitions(messageId: string): Promise<Transition[]> {
    const rows = await this.db.all(
      `SELECT id AS message_id, 'received' AS status, start_node AS node_id, received_at AS at, NULL AS detail, release, 0 AS seq FROM pb_message WHERE id = ?
       UNION ALL
       SELECT message_id, status, node_id, at, detail, release, id AS seq FROM pb_transition WHERE message_id = ?
       ORDER BY seq`,
      [messageId, messageId],
    );
    return rows.map((r) => ({
      messageId: String(r.message_id),
      status: r.status as MessageStatus,
      nodeId: str(r.node_id),
      at: Number(r.at),
      detail: str(r.detail),
      release: str(r.release),
    }));
  }

  async complete(completion: Completion): Promise<void> {
    const { messageId, keys, owner, outcome, nodeId, at, replayOf } = completion;
    await this.db.transaction(async (tx) => {
      if (keys.length) await this.upsertCompletedKeys(tx, keys, owner, outcome, at);
      if (messageId) {
        await tx.run('UPDATE pb_message SET status = ?, updated_at = ?, completed_at = COALESCE(completed_at, ?) WHERE id = ?', [
          'delivered',
          at,
          at,
          messageId,
        ]);
        await tx.run('INSERT INTO pb_transition (message_id, status, node_id, at, detail, release) VALUES (?, ?, ?, ?, ?, ?)', [
          messageId,
          'delivered',
          nodeId,
          at,
          null,
          this.releaseNow(),
        ]);
      }
      if (replayOf) {
        await tx.run(
          "UPDATE pb_dead_letter SET state = 'replayed', resolved_at = ?, note = COALESCE(note, 'delivered on replay') WHERE id = ? AND state = 'replaying'",
          [at, replayOf],
        );
      }
    });
  }

  async claimExpired(startNode: string, owner: string, now: number, leaseUntil: number, limit: number): Promise<TrackedMessage[]> {
    const lock = this.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    // Never the claimer's own messages: it is alive (it is sweeping), so they are in flight in this
    // process, and only a heartbeat that came late let their lease run out. Taking them would send
    // each a second time beside the first (a restarted instance has a new owner id, so it still takes
    // over what its previous run left).
    const rows = await this.db.all(
      `UPDATE pb_message SET owner = ?, lease_until = ?, attempt = attempt + 1, updated_at = ?
       WHERE id IN (
         SELECT id FROM pb_message
         WHERE start_node = ? AND completed_at IS NULL AND lease_until < ? AND (owner IS NULL OR owner <> ?)
         ORDER BY received_at LIMIT ? ${lock}
       )
       RETURNING *`,
      [owner, leaseUntil, now, startNode, now, owner, limit],
    );
    return rows.map(toMessage).sort((a, b) => a.receivedAt - b.receivedAt);
  }

  async reopen(messageId: string, owner: string, leaseUntil: number, at: number, nodeId: string | null, detail: string | null): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.run(
        "UPDATE pb_message SET status = 'replayed', owner = ?, lease_until = ?, attempt = attempt + 1, updated_at = ?, completed_at = NULL WHERE id = ?",
        [owner, leaseUntil, at, messageId],
      );
      if (changed)
        await tx.run('INSERT INTO pb_transition (message_id, status, node_id, at, detail, release) VALUES (?, ?, ?, ?, ?, ?)', [
          messageId,
          'replayed',
          nodeId,
          at,
          detail,
          this.releaseNow(),
        ]);
      return changed > 0;
    });
  }

  async renewLeases(owner: string, leaseUntil: number): Promise<number> {
    return (
      (await this.renewMessageLeases(owner, leaseUntil)) + (await this.db.run('UPDATE pb_outbox SET lease_until = ? WHERE owner = ?', [leaseUntil, owner]))
    );
  }

  private renewMessageLeases(owner: string, leaseUntil: number): Promise<number> {
    // On PostgreSQL the heartbeat skips rows this instance's own writes hold locked (a group of
    // completions in flight): waiting for them kept it seconds late under load, long enough for the
    // lease it was about to extend to run out. A locked row cannot be claimed by another instance
    // either (claimExpired skips locked rows too), and the next beat renews it if it is still open.
    if (this.dialect === 'postgres')
      return this.db.run(
        `UPDATE pb_message SET lease_until = ? WHERE id IN (
           SELECT id FROM pb_message WHERE owner = ? AND completed_at IS NULL FOR UPDATE SKIP LOCKED
         )`,
        [leaseUntil, owner],
      );
    return this.db.run('UPDATE pb_message SET lease_until = ? WHERE owner = ? AND completed_at IS NULL', [leaseUntil, owner]);
  }

  async countOpen(): Promise<number> {
    const rows = await this.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM pb_message WHERE completed_at IS NULL');
    return Number(rows[0]?.n ?? 0);
  }

  async claimKeys(keys: string[], owner: string, now: number, leaseUntil: number): Promise<Map<string, ClaimResult>> {
    const unique = [...new Set(keys)];
    if (!unique.length) return new Map();
    // The results are built inside the transaction and returned by it: on PostgreSQL a group commit
    // that fails runs each transaction again alone, and what a rolled-back attempt claimed must not
    // be reported (it once reported keys another instance had taken meanwhile as claimed: both sent).
    return this.db.transaction(async (tx) => {
      const results = new Map<string, ClaimResult>();
      for (const part of chunks(unique, ROWS_PER_STATEMENT)) {
        const params: unknown[] = [];
        for (const key of part) params.push(key, 'in_progress', owner, now, leaseUntil);
        // A key is ours when it is new, already ours (a redelivery of the same message), or held by
        // an owner that is gone: its claim lease ran out, or the owner is a tracked message that
        // finished without completing the key or whose instance died (its message lease ran out, as
        // it does within the lease seconds when no heartbeat renews it). The key then follows the
        // message's own takeover instead of waiting out the long key lease. A completed key is never
        // taken again.
        const claimed = await tx.all<{ key: string }>(
          `INSERT INTO pb_idempotency (key, state, owner, claimed_at, lease_until) VALUES ${valuesList(part.length, 5)}
           ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, claimed_at = excluded.claimed_at, lease_until = excluded.lease_until
           WHERE pb_idempotency.state = 'in_progress' AND (
             pb_idempotency.owner = excluded.owner
             OR pb_idempotency.lease_until < excluded.claimed_at
             OR EXISTS (SELECT 1 FROM pb_message m WHERE m.id = pb_idempotency.owner AND (m.completed_at IS NOT NULL OR m.lease_until < excluded.claimed_at))
           )
           RETURNING key`,
          params,
        );
        for (const { key } of claimed) results.set(String(key), { claimed: true });
        const others = part.filter((k) => !results.has(k));
        if (others.length) {
          const rows = await tx.all(`SELECT key, state, owner, outcome, completed_at FROM pb_idempotency WHERE key IN ${inList(others.length)}`, others);
          for (const r of rows) results.set(String(r.key), toClaim(r));
        }
      }
      return results;
    });
  }

  async completeKeys(keys: string[], owner: string, outcome: string | null, now: number): Promise<void> {
    if (!keys.length) return;
    await this.db.transaction((tx) => this.upsertCompletedKeys(tx, keys, owner, outcome, now));
  }

  async completeKeyOutcomes(entries: Array<{ key: string; outcome: string | null }>, owner: string, now: number): Promise<void> {
    if (!entries.length) return;
    await this.db.transaction((tx) => this.upsertCompletedKeys(tx, entries, owner, null, now));
  }

  private async upsertCompletedKeys(
    tx: Db,
    keys: Array<string | { key: string; outcome: string | null }>,
    owner: string,
    outcome: string | null,
    now: number,
  ): Promise<void> {
    const entries = new Map<string, string | null>();
    for (const k of keys) {
      if (typeof k === 'string') entries.set(k, outcome);
      else entries.set(k.key, k.outcome);
    }
    for (const part of chunks([...entries.entries()], ROWS_PER_STATEMENT)) {
      const params: unknown[] = [];
      for (const [key, value] of part) params.push(key, 'completed', owner, value, now, now);
      await tx.run(
        `INSERT INTO pb_idempotency (key, state, owner, outcome, claimed_at, completed_at) VALUES ${valuesList(part.length, 6)}
         ON CONFLICT (key) DO UPDATE SET state = 'completed', owner = excluded.owner, outcome = excluded.outcome, completed_at = excluded.completed_at, lease_until = NULL
         WHERE pb_idempotency.state <> 'completed'`,
        params,
      );
    }
  }

  async releaseKeys(keys: string[], owner: string): Promise<void> {
    const unique = [...new Set(keys)];
    for (const part of chunks(unique, ROWS_PER_STATEMENT)) {
      await this.db.run(`DELETE FROM pb_idempotency WHERE state = 'in_progress' AND owner = ? AND key IN ${inList(part.length)}`, [owner, ...part]);
    }
  }

  async getKey(key: string): Promise<ClaimResult | undefined> {
    const rows = await this.db.all('SELECT key, state, owner, outcome, completed_at FROM pb_idempotency WHERE key = ?', [key]);
    return rows[0] ? toClaim(rows[0]) : undefined;
  }

  async countKeysInProgress(): Promise<number> {
    const rows = await this.db.all<{ n: number }>("SELECT COUNT(*) AS n FROM pb_idempotency WHERE state = 'in_progress'");
    return Number(rows[0]?.n ?? 0);
  }

  async addDeadLetter(letter: DeadLetterInput): Promise<DeadLetter> {
    return this.db.transaction(async (tx) => {
      if (letter.messageId) {
        const updated = await tx.all(
          `UPDATE pb_dead_letter SET attempts = attempts + ?, last_failed_at = ?, error_code = ?, error_message = ?, node_id = ?, node_type = ?, body = ?
           WHERE message_id = ? AND state IN ('open', 'replaying') RETURNING *`,
          [letter.attempts, letter.failedAt, letter.errorCode, letter.errorMessage, letter.nodeId, letter.nodeType, letter.body, letter.messageId],
        );
        if (updated[0]) {
          await tx.run("UPDATE pb_dead_letter SET state = 'open' WHERE id = ?", [updated[0].id]);
          return { ...toDeadLetter(updated[0]), state: 'open' as const };
        }
      }
      const rows = await tx.all(
        `INSERT INTO pb_dead_letter (id, message_id, start_node, flow_id, node_id, node_type, error_code, error_message, attempts, body, idempotency_key, first_failed_at, last_failed_at, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') RETURNING *`,
        [
          letter.id,
          letter.messageId,
          letter.startNode,
          letter.flowId,
          letter.nodeId,
          letter.nodeType,
          letter.errorCode,
          letter.errorMessage,
          letter.attempts,
          letter.body,
          letter.idempotencyKey,
          letter.failedAt,
          letter.failedAt,
        ],
      );
      return toDeadLetter(rows[0]);
    });
  }

  async getDeadLetter(id: string): Promise<DeadLetter | undefined> {
    const rows = await this.db.all('SELECT * FROM pb_dead_letter WHERE id = ?', [id]);
    return rows[0] ? toDeadLetter(rows[0]) : undefined;
  }

  async listDeadLetters(filter: DeadLetterFilter): Promise<DeadLetter[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const states = filter.state === undefined ? [] : Array.isArray(filter.state) ? filter.state : [filter.state];
    if (states.length) {
      where.push(`state IN ${inList(states.length)}`);
      params.push(...states);
    }
    if (filter.errorCode) {
      where.push('error_code = ?');
      params.push(filter.errorCode);
    }
    if (filter.nodeId) {
      where.push('node_id = ?');
      params.push(filter.nodeId);
    }
    if (filter.flowId) {
      where.push('flow_id = ?');
      params.push(filter.flowId);
    }
    if (filter.ids) {
      if (!filter.ids.length) return [];
      where.push(`id IN ${inList(filter.ids.length)}`);
      params.push(...filter.ids);
    }
    params.push(Math.min(Math.max(filter.limit ?? 100, 1), 10_000));
    const rows = await this.db.all(
      `SELECT * FROM pb_dead_letter ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY first_failed_at ${filter.oldestFirst ? 'ASC' : 'DESC'}, id LIMIT ?`,
      params,
    );
    return rows.map(toDeadLetter);
  }

  async countDeadLetters(state: DeadLetterState): Promise<number> {
    const rows = await this.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM pb_dead_letter WHERE state = ?', [state]);
    return Number(rows[0]?.n ?? 0);
  }

  async countDeadLettersByFlow(state: DeadLetterState): Promise<Array<{ flowId: string; count: number }>> {
    const rows = await this.db.all<{ flow_id: string; n: number }>(
      'SELECT flow_id, COUNT(*) AS n FROM pb_dead_letter WHERE state = ? AND flow_id IS NOT NULL GROUP BY flow_id ORDER BY flow_id',
      [state],
    );
    return rows.map((r) => ({ flowId: String(r.flow_id), count: Number(r.n) }));
  }

  async setDeadLetterState(
    id: string,
    from: DeadLetterState[],
    to: DeadLetterState,
    by: string | null,
    at: number,
    note: string | null = null,
  ): Promise<boolean> {
    const done = to === 'resolved' || to === 'replayed';
    const changed = await this.db.run(
      `UPDATE pb_dead_letter SET state = ?, replay_count = replay_count + ?, resolved_by = COALESCE(?, resolved_by), resolved_at = ?, note = COALESCE(?, note)
       WHERE id = ? AND state IN ${inList(from.length)}`,
      [to, to === 'replaying' ? 1 : 0, by, done ? at : null, note, id, ...from],
    );
    return changed > 0;
  }

  async controlNumber(request: ControlNumberRequest): Promise<ControlNumberResult> {
    const { partnerId, scope, businessKey, max, at } = request;
    const key = [partnerId, scope, businessKey];
    const given = await this.db.all('SELECT number, assigned_at FROM pb_edi_control WHERE partner_id = ? AND scope = ? AND business_key = ?', key);
    if (given[0]) return { exhausted: false, number: Number(given[0].number), reused: true, assignedAt: Number(given[0].assigned_at) };
    return this.db.transaction(async (tx) => {
      // Touching the sequence row first locks it (PostgreSQL) until commit, so assignments for one
      // partner and scope take turns; SQLite transactions never overlap anyway. Only then is the
      // business key looked up again: another instance may have numbered it meanwhile.
      await tx.run(
        `INSERT INTO pb_edi_sequence (partner_id, scope, last_value, updated_at) VALUES (?, ?, 0, ?)
         ON CONFLICT (partner_id, scope) DO UPDATE SET updated_at = excluded.updated_at`,
        [partnerId, scope, at],
      );
      const again = await tx.all('SELECT number, assigned_at FROM pb_edi_control WHERE partner_id = ? AND scope = ? AND business_key = ?', key);
      if (again[0]) return { exhausted: false as const, number: Number(again[0].number), reused: true, assignedAt: Number(again[0].assigned_at) };
      const seq = await tx.all('SELECT last_value FROM pb_edi_sequence WHERE partner_id = ? AND scope = ?', [partnerId, scope]);
      const last = Number(seq[0]?.last_value ?? 0);
      if (last >= max) return { exhausted: true as const, last };
      const next = last + 1;
      await tx.run('UPDATE pb_edi_sequence SET last_value = ? WHERE partner_id = ? AND scope = ?', [next, partnerId, scope]);
      await tx.run('INSERT INTO pb_edi_control (partner_id, scope, business_key, number, assigned_at) VALUES (?, ?, ?, ?, ?)', [...key, next, at]);
      return { exhausted: false as const, number: next, reused: false, assignedAt: at };
    });
  }

  async getCursor(name: string): Promise<string | undefined> {
    const rows = await this.db.all<{ value: string }>('SELECT value FROM pb_cursor WHERE name = ?', [name]);
    return rows[0]?.value;
  }

  async setCursor(name: string, value: string, at: number): Promise<void> {
    await this.db.run(
      'INSERT INTO pb_cursor (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      [name, value, at],
    );
  }

  async addKpis(rows: KpiIncrement[]): Promise<void> {
    if (!rows.length) return;
    await this.db.transaction(async (tx) => {
      for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
        const params: unknown[] = [];
        for (const r of part) params.push(r.day, r.flowId, r.nodeId, r.outcome, r.count);
        await tx.run(
          `INSERT INTO pb_kpi (day, flow_id, node_id, outcome, count) VALUES ${valuesList(part.length, 5)}
           ON CONFLICT (day, flow_id, node_id, outcome) DO UPDATE SET count = pb_kpi.count + excluded.count`,
          params,
        );
      }
    });
  }

  async kpis(fromDay: string, toDay: string): Promise<KpiRow[]> {
    const rows = await this.db.all(
      'SELECT day, flow_id, node_id, outcome, count FROM pb_kpi WHERE day >= ? AND day <= ? ORDER BY day, flow_id, node_id, outcome',
      [fromDay, toDay],
    );
    return rows.map((r) => ({ day: String(r.day), flowId: String(r.flow_id), nodeId: String(r.node_id), outcome: String(r.outcome), count: Number(r.count) }));
  }

  async messageOutcomes(query: OutcomeQuery): Promise<MessageOutcomes> {
    const { from, to, sliceMs, percentiles } = query;
    const finished = 'completed_at >= ? AND completed_at < ?';
    return this.db.transaction(async (tx) => {
      // Bound numbers may arrive as REAL (SQLite): the CAST makes the slice a whole number on both engines.
      const rows = await tx.all(
        `SELECT CAST((completed_at - ?) / ? AS INTEGER) AS slice, status, COUNT(*) AS n FROM pb_message
         WHERE ${finished} AND status IN ('delivered', 'dead_lettered')
         GROUP BY 1, 2 ORDER BY 1`,
        [from, sliceMs, from, to],
      );
      const slices = new Map<number, OutcomeSlice>();
      for (const r of rows) {
        const index = Number(r.slice);
        const slice = slices.get(index) ?? { start: from + index * sliceMs, delivered: 0, deadLettered: 0 };
        if (r.status === 'delivered') slice.delivered = Number(r.n);
        else slice.deadLettered = Number(r.n);
        slices.set(index, slice);
      }
      const open = await tx.all<{ n: number }>('SELECT COUNT(*) AS n FROM pb_message WHERE completed_at IS NULL AND received_at >= ? AND received_at < ?', [
        from,
        to,
      ]);
      const delivered = [...slices.values()].reduce((sum, s) => sum + s.delivered, 0);
      const latencyMs: Array<number | null> = [];
      for (const percentile of percentiles) {
        const at = delivered
          ? await tx.all<{ ms: number }>(
              `SELECT completed_at - received_at AS ms FROM pb_message WHERE status = 'delivered' AND ${finished} ORDER BY ms LIMIT 1 OFFSET ?`,
              [from, to, nearestRankOffset(percentile, delivered)],
            )
          : [];
        latencyMs.push(at[0] ? Number(at[0].ms) : null);
      }
      return { slices: [...slices.values()], open: Number(open[0]?.n ?? 0), latencyMs };
    });
  }

  async stuckKeys(claimedBefore: number, sample: number): Promise<{ count: number; keys: string[] }> {
    const counted = await this.db.all<{ n: number }>("SELECT COUNT(*) AS n FROM pb_idempotency WHERE state = 'in_progress' AND claimed_at < ?", [
      claimedBefore,
    ]);
    const rows = await this.db.all<{ key: string }>(
      "SELECT key FROM pb_idempotency WHERE state = 'in_progress' AND claimed_at < ? ORDER BY claimed_at LIMIT ?",
      [claimedBefore, sample],
    );
    return { count: Number(counted[0]?.n ?? 0), keys: rows.map((r) => String(r.key)) };
  }

  async stuckKeysByFlow(claimedBefore: number): Promise<Array<{ flowId: string; count: number }>> {
    const rows = await this.db.all<{ flow_id: string; n: number }>(
      `SELECT m.flow_id AS flow_id, COUNT(*) AS n FROM pb_idempotency k JOIN pb_message m ON m.id = k.owner
       WHERE k.state = 'in_progress' AND k.claimed_at < ? AND m.flow_id IS NOT NULL GROUP BY m.flow_id ORDER BY m.flow_id`,
      [claimedBefore],
    );
    return rows.map((r) => ({ flowId: String(r.flow_id), count: Number(r.n) }));
  }

  async purge(policy: RetentionPolicy): Promise<PurgeResult> {
    return this.db.transaction(async (tx) => {
      await tx.run(
        'DELETE FROM pb_transition WHERE message_id IN (SELECT id FROM pb_message WHERE completed_at IS NOT NULL AND completed_at < ? AND status = ?)',
        [policy.messagesBefore, 'delivered'],
      );
      const messages = await tx.run("DELETE FROM pb_message WHERE completed_at IS NOT NULL AND completed_at < ? AND status = 'delivered'", [
        policy.messagesBefore,
      ]);
      const keys = await tx.run("DELETE FROM pb_idempotency WHERE state = 'completed' AND completed_at < ?", [policy.keysBefore]);
      const deadLetters = await tx.run("DELETE FROM pb_dead_letter WHERE state IN ('resolved', 'replayed') AND resolved_at < ?", [policy.deadLettersBefore]);
      return { messages, deadLetters, keys };
    });
  }
}
