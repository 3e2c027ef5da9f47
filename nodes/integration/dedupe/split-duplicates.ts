import type { Claim } from '../../ledger/idempotency';

export interface Duplicate {
  index: number;
  key: string;
  state: 'in_progress' | 'completed';
  /** What the first message recorded when it completed (parsed JSON), if anything. */
  outcome: unknown;
  completedAt: number | null;
}

export interface DedupeSplit {
  freshIndexes: number[];
  freshKeys: string[];
  duplicates: Duplicate[];
}

/** Sorts records into fresh ones (this message now holds their keys) and duplicates; a key twice in one page counts once. */
export function splitDuplicates(keys: string[], claim: Pick<Claim, 'todo' | 'skip'>): DedupeSplit {
  const split: DedupeSplit = { freshIndexes: [], freshKeys: [], duplicates: [] };
  const fresh = new Set(claim.todo);
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    if (fresh.has(key) && !seen.has(key)) {
      seen.add(key);
      split.freshIndexes.push(index);
      split.freshKeys.push(key);
      return;
    }
    // A key asked twice in one page is held by this very message: the second record is its duplicate.
    const settled = claim.skip.get(key);
    split.duplicates.push({ index, key, state: settled?.state ?? 'in_progress', outcome: settled?.outcome ?? null, completedAt: settled?.completedAt ?? null });
  });
  return split;
}
