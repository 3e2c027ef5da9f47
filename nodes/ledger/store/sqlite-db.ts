import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Db } from './db';

interface Prepared {
  stmt: StatementSync;
  /** A statement that returns rows (SELECT, or a write with RETURNING): `run` counts its rows. */
  reader: boolean;
}

type SqliteValue = null | number | bigint | string | NodeJS.ArrayBufferView;
const bind = (params: unknown[]) => params as SqliteValue[];

// Statements that answer rows (SELECT, WITH, or a write with RETURNING), for Node.js versions whose
// statements cannot say so themselves (22.13 has no columns()).
const ANSWERS_ROWS = /^\s*(SELECT|WITH)\b|\bRETURNING\b/i;

interface PendingTransaction {
  work: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

// Transactions requested in the same turn of the event loop commit together (up to this many).
const MAX_GROUP = 1000;

/**
 * Node.js's built-in SQLite (node:sqlite) answers synchronously, in microseconds; statements are
 * prepared once and cached. It replaced better-sqlite3, a native module that had to be compiled for
 * each Node.js version (see docs/node-pack-authors.md), after the ledger bench measured both. A transaction may await between statements, so every operation goes
 * through one queue: nothing interleaves with an open transaction on the single connection.
 *
 * Group commit: the commit, not the statements, is what a transaction costs, so transactions asked
 * for in the same event-loop turn run as savepoints inside one transaction. Each stays atomic on its
 * own (a failing one rolls back to its savepoint and rejects alone), and each resolves only after
 * the shared COMMIT, so nothing is acknowledged before it is durable.
 */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, Prepared>();
  private queue: Promise<unknown> = Promise.resolve();
  private pending: PendingTransaction[] = [];
  private flushScheduled = false;

  constructor(file: string) {
    this.db = new DatabaseSync(file, { timeout: 5000 });
    this.db.exec('PRAGMA journal_mode = WAL');
    // NORMAL keeps every committed transaction through a process crash (kill -9); only a power
    // loss may lose the last ones. FULL would fsync on every commit.
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec('PRAGMA foreign_keys = ON');
  }

  private statement(sql: string): Prepared {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      const prepared = this.db.prepare(sql);
      const reader = typeof prepared.columns === 'function' ? prepared.columns().length > 0 : ANSWERS_ROWS.test(sql);
      stmt = { stmt: prepared, reader };
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private runStatement(sql: string, params: unknown[]): number {
    const { stmt, reader } = this.statement(sql);
    return reader ? stmt.all(...bind(params)).length : Number(stmt.run(...bind(params)).changes);
  }

  private allRows<T>(sql: string, params: unknown[]): T[] {
    return this.statement(sql).stmt.all(...bind(params)) as T[];
  }

  private serialize<T>(work: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private direct(): Db {
    return {
      dialect: 'sqlite',
      all: async <T>(sql: string, params: unknown[] = []) => this.allRows<T>(sql, params),
      run: async (sql: string, params: unknown[] = []) => this.runStatement(sql, params),
      transaction: (work) => work(this.direct()),
      close: async () => undefined,
    };
  }

  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.serialize(() => this.allRows<T>(sql, params));
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return this.serialize(() => this.runStatement(sql, params));
  }

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          void this.serialize(() => this.commitGroup());
        });
      }
    });
  }

  private async commitGroup(): Promise<void> {
    const group = this.pending.splice(0, MAX_GROUP);
    if (this.pending.length && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.serialize(() => this.commitGroup());
      });
    }
    if (!group.length) return;
    const outcomes: Array<{ ok: boolean; value: unknown }> = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const tx = this.direct();
      for (const item of group) {
        this.db.exec('SAVEPOINT pb_tx');
        try {
          const value = await item.work(tx);
          this.db.exec('RELEASE pb_tx');
          outcomes.push({ ok: true, value });
        } catch (err) {
          this.db.exec('ROLLBACK TO pb_tx');
          this.db.exec('RELEASE pb_tx');
          outcomes.push({ ok: false, value: err });
        }
      }
      this.db.exec('COMMIT');
    } catch (err) {
      // Whatever failed (BEGIN, a savepoint, COMMIT), no transaction may stay open.
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // none was open
      }
      for (const item of group) item.reject(err);
      return;
    }
    group.forEach((item, i) => (outcomes[i].ok ? item.resolve(outcomes[i].value) : item.reject(outcomes[i].value)));
  }

  exec(sql: string): Promise<void> {
    return this.serialize(() => {
      this.db.exec(sql);
    });
  }

  async close(): Promise<void> {
    await this.serialize(() => {
      this.statements.clear();
      this.db.close();
    });
  }
}
