import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify';
import type { RecommendationRecord } from '../contracts/types';

/** Column order of an order file: the recommendation@1 fields, source flattened to dotted columns. */
export const ORDER_COLUMNS = [
  'recommendation_id',
  'plan_id',
  'plan_version',
  'type',
  'sku',
  'location',
  'supplier',
  'source_location',
  'quantity',
  'uom',
  'unit_cost',
  'value',
  'currency',
  'order_by',
  'need_by',
  'reason',
  'reason_code',
  'valid_until',
  'created_at',
  'company',
  'source.system',
  'source.record_id',
] as const;

export function orderFileName(rec: RecommendationRecord): string {
  return `${rec.type === 'purchase' ? 'po' : 'tr'}_${rec.recommendation_id}.csv`;
}

export function orderCsv(rec: RecommendationRecord): Promise<string> {
  const flat: Record<string, unknown> = { ...rec, 'source.system': rec.source.system, 'source.record_id': rec.source.record_id ?? null };
  const row = ORDER_COLUMNS.map((c) => (flat[c] === null || flat[c] === undefined ? '' : String(flat[c])));
  return new Promise((resolve, reject) => {
    stringify([[...ORDER_COLUMNS], row], (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/**
 * Writes one file per recommendation into the outbox, each under a .tmp name first and then renamed, so
 * the ERP polling the outbox never reads half a file (rename is atomic within one file system). The ERP
 * must ignore *.tmp and move or delete the files it has taken, so nothing is processed twice.
 */
export async function writeOrderFiles(outbox: string, recs: readonly RecommendationRecord[]): Promise<string[]> {
  const names: string[] = [];
  for (const rec of recs) {
    const name = orderFileName(rec);
    const tmp = join(outbox, `${name}.tmp`);
    await writeFile(tmp, await orderCsv(rec), 'utf8');
    await rename(tmp, join(outbox, name));
    names.push(name);
  }
  return names;
}

/** Removes files of a superseded plan version the ERP has not taken yet; files already taken are gone. */
export async function removeStale(outbox: string, names: Iterable<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const name of names) {
    try {
      await unlink(join(outbox, name));
      removed.push(name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return removed;
}
