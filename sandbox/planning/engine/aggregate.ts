import type { DemandHistoryRecord } from '../contracts/types';
import { dayNumber, weekIndex } from './dates';
import { itemLocationKey } from './keys';

export interface WeeklyDemand {
  /** Week index (see dates.weekIndex) of values[0]: the first week with demand inside the window. */
  firstWeek: number;
  /** Net demand per ISO week, zero weeks filled, up to the last complete week before asOf. */
  values: number[];
}

/**
 * Buckets demand lines into ISO weeks (Monday to Sunday, UTC) per sku + location.
 *
 * - Only complete weeks count: the week holding asOf is left out, since a partial week would look like a
 *   demand drop to every method.
 * - The window is the last `historyWeeks` complete weeks; a series starts at its first week with demand,
 *   so weeks before an item was launched are not read as zero demand (which would make it look intermittent).
 * - A cancelled line removes every line with the same txn_id + line_id (the contract's correction rule);
 *   a line exported twice counts once.
 * - Returns are netted in the week they happen and a week never goes below zero: a return is less demand,
 *   not negative demand.
 *
 * Keys are nested maps over the record's own strings: building a composite string per line allocated
 * millions of strings and dominated the run time for two years of history.
 */
export function aggregateWeekly(rows: readonly DemandHistoryRecord[], asOfDay: number, historyWeeks: number): Map<string, WeeklyDemand> {
  const lastWeek = weekIndex(asOfDay) - 1;
  const windowStart = lastWeek - historyWeeks + 1;
  const cancelled = new LineSet();
  for (const row of rows) if (row.status === 'cancelled') cancelled.add(row.txn_id, row.line_id);

  const buckets = new Map<string, Map<string, Bucket>>();
  for (const row of rows) {
    if (row.status === 'cancelled') continue;
    const week = weekIndex(dayNumber(row.date));
    if (!(week >= windowStart && week <= lastWeek)) continue;
    let bySku = buckets.get(row.sku);
    if (!bySku) buckets.set(row.sku, (bySku = new Map()));
    let bucket = bySku.get(row.location);
    if (!bucket) bySku.set(row.location, (bucket = { weeks: new Float64Array(historyWeeks), lines: new LineSet() }));
    // A line is the same line only for the same sku + location, so duplicates are looked up per bucket:
    // many small maps proved about three times faster than one map over every line.
    if ((cancelled.size > 0 && cancelled.has(row.txn_id, row.line_id)) || !bucket.lines.add(row.txn_id, row.line_id)) continue;
    bucket.weeks[week - windowStart] += row.type === 'return' ? -row.quantity : row.quantity;
  }

  const result = new Map<string, WeeklyDemand>();
  for (const [sku, bySku] of buckets) {
    for (const [location, { weeks: arr }] of bySku) {
      const values = Array.from(arr, (v) => (v > 0 ? v : 0));
      const first = values.findIndex((v) => v > 0);
      const series = first < 0 ? { firstWeek: lastWeek + 1, values: [] } : { firstWeek: windowStart + first, values: values.slice(first) };
      result.set(itemLocationKey(sku, location), series);
    }
  }
  return result;
}

interface Bucket {
  weeks: Float64Array;
  lines: LineSet;
}

/** Set of (txn_id, line_id); most transactions have one line, so the common case stores a bare string. */
class LineSet {
  private readonly map = new Map<string, string | Set<string>>();

  get size(): number {
    return this.map.size;
  }

  /** Adds the pair; false when it was already there. */
  add(txn: string, line: string): boolean {
    const entry = this.map.get(txn);
    if (entry === undefined) {
      this.map.set(txn, line);
      return true;
    }
    if (typeof entry === 'string') {
      if (entry === line) return false;
      this.map.set(txn, new Set([entry, line]));
      return true;
    }
    if (entry.has(line)) return false;
    entry.add(line);
    return true;
  }

  has(txn: string, line: string): boolean {
    const entry = this.map.get(txn);
    return entry === undefined ? false : typeof entry === 'string' ? entry === line : entry.has(line);
  }
}
