import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PostgresDb } from './postgres-db';
import { SqlStore } from './sql-store';
import { SqliteDb } from './sqlite-db';
import type { LedgerStore } from './types';

export type StoreOptions = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string; schema?: string; maxConnections?: number };

/** Opens a ledger store and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<LedgerStore> {
  let store: SqlStore;
  if (options.engine === 'sqlite') {
    await fs.mkdir(path.dirname(options.file), { recursive: true });
    store = new SqlStore(new SqliteDb(options.file));
  } else {
    store = new SqlStore(new PostgresDb(options.url, { schema: options.schema, maxConnections: options.maxConnections }));
  }
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}
