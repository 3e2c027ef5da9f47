import Database from 'better-sqlite3';
import type { Db } from './db';

/**
 * better-sqlite3 answers synchronously, in microseconds, which is why it was chosen; statements are
 * prepared once and cached. A transaction may await between statements, so every operation goes
 * through one queue: nothing interleaves with an open transaction on the single connection.
 */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private queue: Promise<unknown> = Promise.resolve();

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
    return this.serialize(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct());
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
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
