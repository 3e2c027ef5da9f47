import type { ModelDef, Rec } from './types';

type IndexKey = number | false;

/**
 * The records of one model: an array sorted by id (for keyset scans starting at a binary-searched position),
 * a Map by id, lazily built equality indexes on many2one fields, and a lazily repaired (write_date, id) order.
 */
export class ModelStore {
  readonly records: Rec[] = [];
  readonly byId = new Map<number, Rec>();
  nextId = 1;
  private readonly indexes = new Map<string, Map<IndexKey, number[]>>();
  private writeDateOrder: Rec[] | null = null;
  private readonly writeDateStale = new Set<number>();

  /**
   * Builds a record as one object literal with every stored field, in definition order; fields absent from `values`
   * get their static default (false when none). Records filled key by key through `rec[name] = v` fall into V8's
   * dictionary mode past a dozen fields: several times bigger and slower, which matters at millions of moves.
   */
  readonly make: (values: Record<string, unknown>) => Rec;

  constructor(readonly def: ModelDef) {
    const fields = Object.values(def.fields).filter((f) => f.store);
    const defaults = fields.map((f) => (f.default !== undefined && typeof f.default !== 'function' ? f.default : false));
    const body = fields
      .map((f, i) => {
        const key = JSON.stringify(f.name);
        const fallback = f.type === 'many2many' ? '[]' : `d[${i}]`;
        return `${key}: v[${key}] !== undefined ? v[${key}] : ${fallback}`;
      })
      .join(',\n');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a record constructor built once per model from its field list, for the 100k-product benches
    const factory = new Function('d', 'v', `return {\n${body}\n};`) as (d: unknown[], v: Record<string, unknown>) => Rec;
    this.make = (values) => factory(defaults, values);
  }

  get size(): number {
    return this.records.length;
  }

  get(id: number): Rec | undefined {
    return this.byId.get(id);
  }

  /** First array position whose id is >= id. */
  lowerBound(id: number): number {
    const records = this.records;
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (records[mid].id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  allocateId(): number {
    return this.nextId++;
  }

  insert(rec: Rec): void {
    const last = this.records[this.records.length - 1];
    if (!last || last.id < rec.id) this.records.push(rec);
    else this.records.splice(this.lowerBound(rec.id), 0, rec);
    this.byId.set(rec.id, rec);
    if (rec.id >= this.nextId) this.nextId = rec.id + 1;
    for (const [field, index] of this.indexes) addToBucket(index, keyOf(rec[field]), rec.id);
    if (this.writeDateOrder) this.writeDateStale.add(rec.id);
  }

  /** Applies changes in place, keeping the indexes in step. */
  update(rec: Rec, changes: Record<string, unknown>): void {
    for (const [field, index] of this.indexes) {
      if (!(field in changes)) continue;
      const before = keyOf(rec[field]);
      const after = keyOf(changes[field]);
      if (before === after) continue;
      removeFromBucket(index, before, rec.id);
      addToBucket(index, after, rec.id);
    }
    Object.assign(rec, changes);
    if (this.writeDateOrder && 'write_date' in changes) this.writeDateStale.add(rec.id);
  }

  remove(ids: readonly number[]): Rec[] {
    const removed: Rec[] = [];
    for (const id of ids) {
      const rec = this.byId.get(id);
      if (!rec) continue;
      removed.push(rec);
      this.byId.delete(id);
      for (const [field, index] of this.indexes) removeFromBucket(index, keyOf(rec[field]), id);
      if (this.writeDateOrder) this.writeDateStale.add(id);
    }
    if (removed.length < 16) {
      for (const rec of removed) this.records.splice(this.lowerBound(rec.id), 1);
    } else {
      // One pass instead of many splices when a cascade removes thousands of lines.
      const gone = new Set(removed.map((r) => r.id));
      let w = 0;
      for (const rec of this.records) if (!gone.has(rec.id)) this.records[w++] = rec;
      this.records.length = w;
    }
    return removed;
  }

  /** Ids per value of a many2one, each list sorted by id; built on first use, then maintained. */
  index(field: string): Map<IndexKey, number[]> {
    let index = this.indexes.get(field);
    if (!index) {
      index = new Map();
      for (const rec of this.records) {
        const key = keyOf(rec[field]);
        const bucket = index.get(key);
        if (bucket) bucket.push(rec.id);
        else index.set(key, [rec.id]);
      }
      this.indexes.set(field, index);
    }
    return index;
  }

  /** Records ordered by (write_date, id). Rebuilt once, then repaired by merging only the records that changed. */
  byWriteDate(): Rec[] {
    if (!this.writeDateOrder) {
      this.writeDateOrder = this.records.slice().sort(compareWriteDate);
      this.writeDateStale.clear();
      return this.writeDateOrder;
    }
    if (this.writeDateStale.size === 0) return this.writeDateOrder;
    const stale = this.writeDateStale;
    const kept = this.writeDateOrder.filter((r) => !stale.has(r.id));
    const changed: Rec[] = [];
    for (const id of stale) {
      const rec = this.byId.get(id);
      if (rec) changed.push(rec);
    }
    changed.sort(compareWriteDate);
    stale.clear();
    this.writeDateOrder = mergeSorted(kept, changed);
    return this.writeDateOrder;
  }
}

function keyOf(value: unknown): IndexKey {
  return typeof value === 'number' ? value : false;
}

function addToBucket(index: Map<IndexKey, number[]>, key: IndexKey, id: number): void {
  const bucket = index.get(key);
  if (!bucket) {
    index.set(key, [id]);
    return;
  }
  if (bucket.length === 0 || bucket[bucket.length - 1] < id) bucket.push(id);
  else bucket.splice(lowerBoundIds(bucket, id), 0, id);
}

function removeFromBucket(index: Map<IndexKey, number[]>, key: IndexKey, id: number): void {
  const bucket = index.get(key);
  if (!bucket) return;
  const at = lowerBoundIds(bucket, id);
  if (bucket[at] === id) bucket.splice(at, 1);
  if (bucket.length === 0) index.delete(key);
}

export function lowerBoundIds(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function compareWriteDate(a: Rec, b: Rec): number {
  const x = a.write_date as string;
  const y = b.write_date as string;
  if (x < y) return -1;
  if (x > y) return 1;
  return a.id - b.id;
}

function mergeSorted(a: Rec[], b: Rec[]): Rec[] {
  const out: Rec[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compareWriteDate(a[i], b[j]) <= 0 ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
