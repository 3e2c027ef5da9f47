import pg from 'pg';
import { numberedPlaceholders, type Db } from './db';

const INT8_OID = 20;

/** PostgreSQL through a pg pool; int8 columns come back as numbers (our values are epoch ms and counts). */
export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(connectionString: string, options: { schema?: string; maxConnections?: number } = {}) {
    const { schema, maxConnections = 10 } = options;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`"${schema}" is not a valid PostgreSQL schema name`);
    this.pool = new pg.Pool({
      // The schema goes to the server as a startup parameter, so every pooled connection uses it.
      options: schema ? `-c search_path=${schema}` : undefined,
      connectionString,
      max: maxConnections,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
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
    return PostgresDb.over(this.pool).all<T>(sql, params);
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return PostgresDb.over(this.pool).run(sql, params);
  }

  async transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Db = { dialect: 'postgres', ...PostgresDb.over(client), transaction: (inner) => inner(tx), close: async () => undefined };
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
