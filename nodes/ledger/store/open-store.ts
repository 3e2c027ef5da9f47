import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PostgresDb } from './postgres-db';
import { SqlStore } from './sql-store';
import { SqliteDb } from './sqlite-db';
import type { LedgerStore } from './types';
import { guarded, ledgerFailure } from './unavailable';

export type StoreOptions = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string; schema?: string; maxConnections?: number };

/** Opens a ledger store and brings its schema up to date. */
export async function openStore(options: StoreOptions, watch: { onState?: (up: boolean, reason?: string) => void } = {}): Promise<LedgerStore> {
  let store: SqlStore | undefined;
  try {
    if (options.engine === 'sqlite') {
      await fs.mkdir(path.dirname(options.file), { recursive: true });
      store = new SqlStore(guarded(new SqliteDb(options.file), watch.onState));
    } else {
      store = new SqlStore(guarded(new PostgresDb(options.url, { schema: options.schema, maxConnections: options.maxConnections }), watch.onState));
    }
    await store.migrate();
    return store;
  } catch (err) {
    await store?.close().catch(() => undefined);
    throw ledgerFailure(err);
  }
}
