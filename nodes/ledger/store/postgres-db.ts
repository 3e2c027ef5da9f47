import pg from 'pg';
import { numberedPlaceholders, type Db } from './db';

const INT8_OID = 20;

interface PendingTransaction {
  work: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

const MAX_GROUP = 200;
const MAX_GROUPS_IN_FLIGHT = 4;

/**
 * At most `size` callers at a time; the others wait in order, for as long as it takes. pg's own queue
 * counts a wait for a free connection against connectionTimeoutMillis, so a burst of work (10,000
 * alerts at once) waiting its turn looked like a database out of reach: waiting here, the timeout only
 * measures connecting.
 */
class Slots {
  private readonly waiting: Array<() => void> = [];

  constructor(private free: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}

/**
 * PostgreSQL through a pg pool; int8 columns come back as numbers (our values are epoch ms and
 * counts).
 *
 * Group commit: each COMMIT waits for a WAL flush, which costs far more than the statements, so the
 * transactions asked for meanwhile run one after another inside one transaction. Should any of them
 * fail, the group is rolled back and each runs again alone, so one failure never takes others along.
 * Every caller is answered only after its commit.
 */
export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly slots: Slots;
  private pending: PendingTransaction[] = [];
  private groupsInFlight = 0;

  constructor(connectionString: string, options: { schema?: string; maxConnections?: number } = {}) {
    const { schema, maxConnections = 10 } = options;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`"${schema}" is not a valid PostgreSQL schema name`);
    this.pool = new pg.Pool({
      // The schema goes to the server as a startup parameter, so every pooled connection uses it.
      options: schema ? `-c search_path=${schema}` : undefined,
      connectionString,
      max: maxConnections,
      // A server that does not answer (a host down, not a port refused) fails the call instead of hanging it.
      connectionTimeoutMillis: 5000,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    this.slots = new Slots(maxConnections);
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  private static over(client: pg.Pool | pg.PoolClient): Pick<Db, 'all' | 'run'> {
    return {
      all: async <T>(sql: string, params: unknown[] = []) => (await client.query(numberedPlaceholders(sql), params)).rows as T[],
      run: async (sql: string, params: unknown[] = []) => (await client.query(numberedPlaceholders(sql), params)).rowCount ?? 0,
    };
  }

  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.slots.run(() => PostgresDb.over(this.pool).all<T>(sql, params));
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return this.slots.run(() => PostgresDb.over(this.pool).run(sql, params));
  }

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.pending.length && this.groupsInFlight < MAX_GROUPS_IN_FLIGHT) {
      const group = this.pending.splice(0, MAX_GROUP);
      this.groupsInFlight += 1;
      this.runGroup(group)
        .catch((err: unknown) => group.forEach((item) => item.reject(err)))
        .finally(() => {
          this.groupsInFlight -= 1;
          this.startGroups();
        });
    }
  }

  private runGroup(group: PendingTransaction[]): Promise<void> {
    return this.slots.run(() => this.runGroupOnClient(group));
  }

  private async runGroupOnClient(group: PendingTransaction[]): Promise<void> {
    const client = await this.pool.connect();
    // pg-pool takes its own error listener off a client it hands out: a connection lost in the middle
    // of a transaction (PostgreSQL restarted, the network cut) would be an unhandled 'error' event and
    // end the process. The query in flight fails by itself; the broken client is discarded on release.
    let lost: Error | undefined;
    const onLost = (err: Error): void => {
      lost = err;
    };
    client.on('error', onLost);
    try {
      const values = await this.inOneTransaction(client, group).catch(() => undefined);
      if (values) {
        group.forEach((item, i) => item.resolve(values[i]));
        return;
      }
      // Something in the group failed: run each alone, so the failure stays with its caller.
      for (const item of group) {
        await this.inOneTransaction(client, [item]).then(
          ([value]) => item.resolve(value),
          (err: unknown) => item.reject(err),
        );
      }
    } finally {
      client.off('error', onLost);
      client.release(lost);
    }
  }

  private async inOneTransaction(client: pg.PoolClient, group: PendingTransaction[]): Promise<unknown[]> {
    const tx: Db = { dialect: 'postgres', ...PostgresDb.over(client), transaction: (inner) => inner(tx), close: async () => undefined };
    await client.query('BEGIN');
    try {
      const values: unknown[] = [];
      for (const item of group) values.push(await item.work(tx));
      await client.query('COMMIT');
      return values;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
