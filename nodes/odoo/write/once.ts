import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import type { OdooClient } from '../client/odoo-client';
import { executeWrite } from './execute';
import { rowsOf, type WriteOptions, type WriteResult } from './plan';

/**
 * Writes a message's records to Odoo. With a ledger and a key per record, each record's key is claimed
 * before Odoo is called, so a redelivered or replayed page skips what was done; the message holds the
 * keys, so a failure releases them. Answers one result per record, in input order.
 */
export async function writeRecords(
  client: OdooClient,
  model: string,
  msg: LedgerMessage,
  options: WriteOptions,
  ledger: Promise<Ledger> | undefined,
): Promise<{ results: WriteResult[]; written: number; skipped: number }> {
  const rows = rowsOf(msg.payload, options);
  const keyed = ledger && options.keyPath && options.operation !== 'unlink' ? await ledger : undefined;
  if (!keyed) {
    const written = rows.length ? await executeWrite(client, model, rows, options) : [];
    return { results: written, written: written.length, skipped: 0 };
  }
  const scoped = (key: string | null): string => `odoo:${model}:${key}`;
  const claim = await keyed.idempotency.claim(
    rows.map((r) => scoped(r.key)),
    msg,
  );
  const skipped: WriteResult[] = [];
  const todo = rows.filter((row) => {
    const settled = claim.skip.get(scoped(row.key));
    if (!settled) return true;
    const outcome = (settled.outcome ?? {}) as { id?: number };
    skipped.push({ index: row.index, key: row.key, id: outcome.id ?? null, action: settled.state === 'completed' ? 'duplicate' : 'in_progress' });
    return false;
  });
  const written = todo.length ? await executeWrite(client, model, todo, options) : [];
  if (written.length) await claim.complete(written.map((w) => ({ key: scoped(w.key), outcome: { id: w.id } })));
  return { results: [...written, ...skipped].sort((a, b) => a.index - b.index), written: written.length, skipped: skipped.length };
}
