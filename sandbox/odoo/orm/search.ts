import { compileDomain, parseDomain, withActiveTest, type Predicate } from './domain';
import { searchHints, type SearchHints } from './hints';
import { comparator, isIdOrder, isWriteDateOrder, parseOrder } from './order';
import { companyRule } from './rules';
import { compareWriteDate, lowerBoundIds, type ModelStore } from './store';
import type { Env, ModelDef, Rec } from './types';

export interface SearchOptions {
  offset?: number;
  limit?: number | null;
  order?: unknown;
}

interface Plan {
  test: Predicate;
  hints: SearchHints;
}

function plan(env: Env, def: ModelDef, domain: unknown): Plan {
  const node = parseDomain(withActiveTest(env, def, domain));
  const match = compileDomain(env, def, node);
  const rule = companyRule(env, def);
  return { test: rule ? (rec) => rule(rec) && match(rec) : match, hints: searchHints(def, node) };
}

/**
 * Runs a search the cheap way when it can: keyset scans on `id` start at a binary-searched position and stop after
 * offset+limit matches; `write_date, id` orders walk the (write_date, id) index; anything else scans and sorts.
 */
export function searchRecords(env: Env, def: ModelDef, domain: unknown, options: SearchOptions = {}): Rec[] {
  const store = env.db.store(def.name);
  const { test, hints } = plan(env, def, domain);
  const terms = parseOrder(def, options.order);
  const offset = Math.max(0, Number(options.offset) || 0);
  const limit = typeof options.limit === 'number' && options.limit > 0 ? options.limit : Infinity;
  const wanted = offset + limit;
  const out: Rec[] = [];
  const take = (rec: Rec): boolean => {
    if (test(rec)) out.push(rec);
    return out.length >= wanted;
  };

  if (isIdOrder(terms, false) || isIdOrder(terms, true)) {
    const desc = terms[0].desc;
    for (const rec of candidates(store, hints, desc)) if (take(rec)) break;
  } else if (isWriteDateOrder(terms, false) || isWriteDateOrder(terms, true)) {
    const ordered = store.byWriteDate();
    if (terms[0].desc) {
      for (let i = ordered.length - 1; i >= 0; i--) if (take(ordered[i])) break;
    } else {
      for (let i = writeDateStart(ordered, hints); i < ordered.length; i++) if (take(ordered[i])) break;
    }
  } else {
    for (const rec of candidates(store, hints, false)) if (test(rec)) out.push(rec);
    out.sort(comparator(env, def, terms));
  }
  return out.slice(offset, wanted);
}

export function countRecords(env: Env, def: ModelDef, domain: unknown, limit?: number | null): number {
  const store = env.db.store(def.name);
  const { test, hints } = plan(env, def, domain);
  const max = typeof limit === 'number' && limit > 0 ? limit : Infinity;
  let count = 0;
  for (const rec of candidates(store, hints, false)) {
    if (test(rec) && ++count >= max) break;
  }
  return count;
}

/** Records in id order, narrowed by the domain's top-level id bounds, id list or many2one equality. */
function* candidates(store: ModelStore, hints: SearchHints, desc: boolean): Generator<Rec> {
  const ids = hints.idIn ?? (hints.equal ? indexedIds(store, hints.equal.field, hints.equal.ids) : undefined);
  if (ids) {
    const lower = hints.idLower;
    const start = lower ? lowerBoundIds(ids, lower.inclusive ? lower.id : lower.id + 1) : 0;
    if (desc) {
      for (let i = ids.length - 1; i >= start; i--) {
        const rec = store.get(ids[i]);
        if (rec) yield rec;
      }
    } else {
      for (let i = start; i < ids.length; i++) {
        const rec = store.get(ids[i]);
        if (rec) yield rec;
      }
    }
    return;
  }
  const records = store.records;
  const lower = hints.idLower;
  const upper = hints.idUpper;
  const from = lower ? store.lowerBound(lower.inclusive ? lower.id : lower.id + 1) : 0;
  const to = upper ? store.lowerBound(upper.inclusive ? upper.id + 1 : upper.id) : records.length;
  if (desc) {
    for (let i = to - 1; i >= from; i--) yield records[i];
  } else {
    for (let i = from; i < to; i++) yield records[i];
  }
}

function indexedIds(store: ModelStore, field: string, values: number[]): number[] {
  const index = store.index(field);
  if (values.length === 1) return index.get(values[0]) ?? [];
  const merged = new Set<number>();
  for (const v of values) for (const id of index.get(v) ?? []) merged.add(id);
  return [...merged].sort((a, b) => a - b);
}

function writeDateStart(ordered: Rec[], hints: SearchHints): number {
  const lower = hints.writeDateLower;
  if (!lower) return 0;
  // Binary search for the first record whose write_date is >= (or >) the bound.
  const probe = { id: lower.inclusive ? -Infinity : Infinity, write_date: lower.value } as unknown as Rec;
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareWriteDate(ordered[mid], probe) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
