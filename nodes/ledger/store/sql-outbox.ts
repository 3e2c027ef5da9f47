import { chunks, inList, valuesList, type Db } from './db';
import type { NewOutboxEntry, OutboxEncoding, OutboxEntry, OutboxStore } from './outbox-types';

type Row = Record<string, unknown>;
const ROWS_PER_STATEMENT = 500;
// Any constant: takeovers of one database take turns, so two survivors never split a dead instance's rows.
const TAKEOVER_LOCK = 7_162_027;

function toEntry(r: Row): OutboxEntry {
  return {
    id: Number(r.id),
    broker: String(r.broker),
    topic: String(r.topic),
    payload: String(r.payload),
    encoding: String(r.encoding) as OutboxEncoding,
    qos: Number(r.qos) as 0 | 1 | 2,
    retain: Number(r.retain) === 1,
    producer: String(r.producer),
    owner: String(r.owner),
    leaseUntil: Number(r.lease_until),
    createdAt: Number(r.created_at),
  };
}

export class SqlOutbox implements OutboxStore {
  constructor(private readonly db: Db) {}

  append(entries: NewOutboxEntry[]): Promise<number[]> {
    if (!entries.length) return Promise.resolve([]);
    return this.db.transaction(async (tx) => {
      const ids: number[] = [];
      for (const part of chunks(entries, ROWS_PER_STATEMENT)) {
        const params: unknown[] = [];
        for (const e of part) params.push(e.broker, e.topic, e.payload, e.encoding, e.qos, e.retain ? 1 : 0, e.producer, e.owner, e.leaseUntil, e.createdAt);
        const rows = await tx.all<{ id: number }>(
          `INSERT INTO pb_outbox (broker, topic, payload, encoding, qos, retain, producer, owner, lease_until, created_at)
           VALUES ${valuesList(part.length, 10)} RETURNING id`,
          params,
        );
        // Both engines number the rows of one multi-row INSERT in the order of its VALUES.
        ids.push(...rows.map((r) => Number(r.id)).sort((a, b) => a - b));
      }
      return ids;
    });
  }

  async next(broker: string, owner: string, limit: number): Promise<OutboxEntry[]> {
    const rows = await this.db.all('SELECT * FROM pb_outbox WHERE broker = ? AND owner = ? ORDER BY id LIMIT ?', [broker, owner, limit]);
    return rows.map(toEntry);
  }

  async remove(ids: number[]): Promise<number> {
    let removed = 0;
    for (const part of chunks(ids, ROWS_PER_STATEMENT)) removed += await this.db.run(`DELETE FROM pb_outbox WHERE id IN ${inList(part.length)}`, part);
    return removed;
  }

  takeOver(broker: string, owner: string, now: number, leaseUntil: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(?)', [TAKEOVER_LOCK]);
      return tx.run('UPDATE pb_outbox SET owner = ?, lease_until = ? WHERE broker = ? AND owner <> ? AND lease_until < ?', [
        owner,
        leaseUntil,
        broker,
        owner,
        now,
      ]);
    });
  }

  async count(broker: string, owner?: string): Promise<number> {
    const rows = await this.db.all<{ n: number }>(
      `SELECT COUNT(*) AS n FROM pb_outbox WHERE broker = ?${owner === undefined ? '' : ' AND owner = ?'}`,
      owner === undefined ? [broker] : [broker, owner],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
