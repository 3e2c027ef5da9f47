import type { ClaimResult } from '../../ledger/store/types';

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

function parse(outcome: string | null): unknown {
  if (outcome === null) return null;
  try {
    return JSON.parse(outcome);
  } catch {
    return outcome;
  }
}

/** Sorts records into fresh ones (this message now holds their keys) and duplicates; a key twice in one page counts once. */
export function splitDuplicates(keys: string[], claims: Map<string, ClaimResult>): DedupeSplit {
  const split: DedupeSplit = { freshIndexes: [], freshKeys: [], duplicates: [] };
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    const claim = claims.get(key);
    if (claim?.claimed && !seen.has(key)) {
      seen.add(key);
      split.freshIndexes.push(index);
      split.freshKeys.push(key);
    } else if (claim && !claim.claimed) {
      split.duplicates.push({ index, key, state: claim.state, outcome: parse(claim.outcome), completedAt: claim.completedAt });
    } else {
      split.duplicates.push({ index, key, state: 'in_progress', outcome: null, completedAt: null });
    }
  });
  return split;
}
