import type { Problem } from '../../canonical/registry';
import type { RecordChecker } from '../../canonical/rules';

export interface Rejection {
  /** Position of the record in the incoming page (0 for a single record). */
  index: number;
  record: unknown;
  problems: readonly Problem[];
}

export interface SplitResult {
  isPage: boolean;
  /** The records that passed; the incoming array itself when every record passed. */
  valid: unknown[];
  rejected: Rejection[];
  total: number;
}

/**
 * Checks one record or a page of records. A page is split, never rejected whole, and nothing is
 * thrown for bad data: every finding becomes a Problem on a rejection.
 */
export function splitPage(payload: unknown, checker: RecordChecker, now = Date.now()): SplitResult {
  const bounds = checker.bounds(now);
  const isPage = Array.isArray(payload);
  const records: unknown[] = isPage ? payload : [payload];
  let valid: unknown[] | undefined;
  const rejected: Rejection[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const problems = checker.check(record, bounds);
    if (problems.length === 0) {
      valid?.push(record);
    } else {
      valid ??= records.slice(0, i);
      rejected.push({ index: i, record, problems });
    }
  }
  return { isPage, valid: valid ?? records, rejected, total: records.length };
}
