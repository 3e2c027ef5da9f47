import Database from 'better-sqlite3';
import type { Db } from './db';

interface PendingTransaction {
  work: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

// Transactions requested in the same turn of the event loop commit together (up to this many).
const MAX_GROUP = 1000;

/**
 * better-sqlite3 answers synchronously, in microseconds, which is why it was chosen; statements are
 * prepared once and cached. A transaction may await between statements, so every operation goes
 * through one queue: nothing interleaves with an open transaction on the single connection.
 *
 * Group commit: the commit, not the statements, is what a transaction costs, so transactions asked
 * for in the same event-loop turn run as savepoints inside one transaction. Each stays atomic on its
 * own (a failing one rolls back to its savepoint and rejects alone), and each resolves only after
 * the shared COMMIT, so nothing is acknowledged before it is durable.
 */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private queue: Promise<unknown> = Promise.resolve();
  private pending: PendingTransaction[] = [];
  private flushScheduled = false;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL keeps every committed transaction through a process crash (kill -9); only a power
    // loss may lose the last ones. FULL would fsync on every commit.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private serialize<T>(work: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private direct(): Db {
    return {
      dialect: 'sqlite',
      all: async <T>(sql: string, params: unknown[] = []) => this.statement(sql).all(...params) as T[],
      run: async (sql: string, params: unknown[] = []) => {
        const stmt = this.statement(sql);
        return stmt.reader ? stmt.all(...params).length : stmt.run(...params).changes;
      },
      transaction: (work) => work(this.direct()),
      close: async () => undefined,
    };
  }

  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.serialize(() => this.statement(sql).all(...params) as T[]);
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return this.serialize(() => {
      const stmt = this.statement(sql);
      return stmt.reader ? stmt.all(...params).length : stmt.run(...params).changes;
    });
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
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
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
