import { randomUUID } from 'node:crypto';
import { InputError } from '../../lib/errors';
import { valueAt } from '../../lib/path';

export interface PageInfo {
  batch: string;
  seq: number;
  last: boolean;
}

/**
 * msg.batch of a stock page. A message without one is a batch of its own (one, last page); a
 * malformed one is refused, since guessing its place would complete a run too early or never.
 */
export function pageOf(msg: { batch?: unknown; _msgid?: unknown }): PageInfo {
  if (msg.batch === undefined || msg.batch === null) return { batch: typeof msg._msgid === 'string' ? msg._msgid : randomUUID(), seq: 1, last: true };
  const b = msg.batch as Record<string, unknown>;
  const ok =
    typeof b === 'object' && (typeof b.id === 'string' || typeof b.id === 'number') && String(b.id) !== '' && Number.isInteger(b.seq) && (b.seq as number) >= 1;
  if (!ok) throw new InputError('msg.batch must be { id, seq (from 1), last, count }', 'RECONCILE_BAD_BATCH', { batch: msg.batch });
  return { batch: String(b.id), seq: b.seq as number, last: b.last === true };
}

/** The side a page comes from, read from the configured message property and checked against the sides fed in the run. */
export function sourceOf(msg: object, property: string, fed: string[]): string {
  const value = valueAt(msg, property);
  if (typeof value !== 'string' || !fed.includes(value)) {
    throw new InputError(
      `msg.${property} must name a side fed in the run (${fed.join(', ')}), got ${JSON.stringify(value) ?? 'nothing'}`,
      'RECONCILE_UNKNOWN_SOURCE',
      { source: value ?? null, sides: fed },
    );
  }
  return value;
}

/** The run named in a message property, if the node reads one. */
export function runNameOf(msg: object, property: string | null): string | null {
  if (!property) return null;
  const value = valueAt(msg, property);
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw new InputError(`msg.${property} must be a run name`, 'RECONCILE_BAD_RUN');
  return String(value);
}

/** A name for a new run: when it opened, and a few random characters so two never clash. */
export function newRunName(at: Date = new Date()): string {
  return `${at.toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
}
