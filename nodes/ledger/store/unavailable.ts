import { LEDGER_UNAVAILABLE, RemoteError } from '../../lib/errors';
import type { Db } from './db';

export { LEDGER_UNAVAILABLE };

// Socket-level failures reaching a database server.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// The file system refusing the SQLite file or its folder.
const FILE_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC']);
// PostgreSQL SQLSTATEs: 08 connection exceptions, 57P01-57P03 shutdown or not accepting yet, 53 out of resources.
const POSTGRES_STATES = /^(08|57P0[123]|53)/;
// SQLite primary result codes: BUSY 5, LOCKED 6, NOMEM 7, READONLY 8, IOERR 10, FULL 13, CANTOPEN 14.
const SQLITE_CODES = new Set([5, 6, 7, 8, 10, 13, 14]);
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/** Why a database error means the ledger is out of reach or cannot write, or undefined for any other error (a bug, a constraint). */
export function unavailableReason(err: unknown): string | undefined {
  const e = err as { code?: unknown; errcode?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)) return `unreachable (${e.code})`;
  if (typeof e?.code === 'string' && FILE_CODES.has(e.code)) return `cannot write (${e.code}: ${message})`;
  if (typeof e?.code === 'string' && POSTGRES_STATES.test(e.code)) return `PostgreSQL refuses work (${e.code}: ${message})`;
  if (typeof e?.errcode === 'number' && SQLITE_CODES.has(e.errcode & 0xff)) return `cannot write (${message})`;
  if (PG_MESSAGES.test(message)) return `unreachable (${message})`;
  return undefined;
}

/** The error to throw for a database failure: LEDGER_UNAVAILABLE (retryable) when the ledger is out of reach, else the error as it was. */
export function ledgerFailure(err: unknown): unknown {
  if (err instanceof RemoteError && err.code === LEDGER_UNAVAILABLE) return err;
  const reason = unavailableReason(err);
  if (!reason) return err;
  return new RemoteError(LEDGER_UNAVAILABLE, `The ledger is ${reason}`, { system: 'ledger', retryable: true });
}

// A statement that only reads: answering it does not show that the ledger can write again.
const READS = /^\s*(SELECT|WITH)\b/i;

/**
 * A Db whose failures say LEDGER_UNAVAILABLE when the database is out of reach or cannot write, so a
 * webhook can answer 503 with Retry-After and an operator sees one code, not a driver's message.
 * `onState` hears when the database goes out of reach and when it answers again. A ledger that failed
 * to write is back only once a write succeeds (a read-only SQLite file still answers reads).
 */
export function guarded(db: Db, onState?: (up: boolean, reason?: string) => void): Db {
  let up = true;
  let writeFailed = false;
  const failed =
    (writing: boolean) =>
    (err: unknown): never => {
      const failure = ledgerFailure(err);
      if (failure instanceof RemoteError && failure.code === LEDGER_UNAVAILABLE) {
        if (writing) writeFailed = true;
        if (up) {
          up = false;
          onState?.(false, failure.message);
        }
      }
      throw failure;
    };
  const answered =
    (writing: boolean) =>
    <T>(value: T): T => {
      if (!up && (writing || !writeFailed)) {
        up = true;
        writeFailed = false;
        onState?.(true);
      }
      return value;
    };
  const isWrite = (sql: string): boolean => !READS.test(sql);
  return {
    dialect: db.dialect,
    all: <T>(sql: string, params?: unknown[]) => db.all<T>(sql, params).then(answered(isWrite(sql)), failed(isWrite(sql))),
    run: (sql, params) => db.run(sql, params).then(answered(isWrite(sql)), failed(isWrite(sql))),
    transaction: (work) => db.transaction(work).then(answered(true), failed(true)),
    close: () => db.close(),
  };
}
