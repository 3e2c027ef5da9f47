/** What a cursor points into; a cursor from one log is refused by another. */
export type LogKind = 'recommendations' | 'forecasts' | 'stock-policies' | 'feedback';

export interface Page<T> {
  items: T[];
  next_cursor: string;
  has_more: boolean;
}

export class CursorError extends Error {
  constructor(
    readonly code: 'invalid_cursor' | 'cursor_expired',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Opaque cursor: base64url of {k: log, e: epoch, o: offset}. Logs only grow, so an offset is stable and a
 * client that stores next_cursor gets exactly the records appended since. The epoch changes on reset, so a
 * cursor from before a reset is refused (410) instead of silently skipping the new records.
 */
export function encodeCursor(kind: LogKind, epoch: number, offset: number): string {
  return Buffer.from(JSON.stringify({ k: kind, e: epoch, o: offset })).toString('base64url');
}

export function decodeCursor(cursor: string, kind: LogKind, epoch: number): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('invalid_cursor', 'cursor is not one this server issued');
  }
  const c = parsed as { k?: unknown; e?: unknown; o?: unknown };
  if (c === null || typeof c !== 'object' || c.k !== kind || !Number.isInteger(c.o) || (c.o as number) < 0 || !Number.isInteger(c.e)) {
    throw new CursorError('invalid_cursor', `cursor is not a ${kind} cursor`);
  }
  if (c.e !== epoch) throw new CursorError('cursor_expired', 'the sandbox was reset since this cursor was issued; start again without a cursor');
  return c.o as number;
}

export function pageOf<T>(log: readonly T[], kind: LogKind, epoch: number, cursor: string | null, limit: number): Page<T> {
  const start = cursor ? Math.min(decodeCursor(cursor, kind, epoch), log.length) : 0;
  const end = Math.min(start + limit, log.length);
  return { items: log.slice(start, end), next_cursor: encodeCursor(kind, epoch, end), has_more: end < log.length };
}
