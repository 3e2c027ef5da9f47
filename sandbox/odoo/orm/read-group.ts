import { pyRepr } from '../datetime';
import { valueError } from '../errors';
import { scalarMatcher } from './domain';
import { displayName, rawValue } from './names';
import { nextPeriod, periodLabel, truncate, type Granularity } from './periods';
import { searchRecords } from './search';
import type { Env, FieldDef, ModelDef, Rec } from './types';

const GRANULARITIES = new Set(['day', 'week', 'month', 'quarter', 'year']);

interface GroupBy {
  spec: string;
  field: FieldDef;
  granularity?: Granularity;
}

interface Aggregate {
  key: string;
  field?: FieldDef;
  fn: string;
}

interface Bucket {
  keys: unknown[];
  recs: Rec[];
}

function parseGroupBy(def: ModelDef, spec: unknown): GroupBy {
  if (typeof spec !== 'string') throw valueError(`Invalid groupby ${pyRepr(spec)}`);
  const [name, gran] = spec.split(':');
  const field = def.fields[name];
  if (!field || (!field.store && !field.related)) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(def.name)}`);
  if (field.type === 'date' || field.type === 'datetime') {
    const granularity = (gran ?? 'month') as Granularity;
    if (!GRANULARITIES.has(granularity)) throw valueError(`Invalid granularity ${pyRepr(gran)} in ${pyRepr(spec)}`);
    return { spec: gran ? spec : `${name}:month`, field, granularity };
  }
  return { spec: name, field };
}

/** "field:agg", "alias:agg(field)", "__count", or a bare numeric field (its aggregator). */
function parseAggregate(def: ModelDef, spec: unknown, keyStyle: 'field' | 'spec'): Aggregate | undefined {
  if (spec === '__count') return { key: '__count', fn: 'count' };
  if (typeof spec !== 'string') throw valueError(`Invalid aggregate ${pyRepr(spec)}`);
  const m = /^(\w+)(?::(\w+)(?:\((\w+)\))?)?$/.exec(spec);
  if (!m) throw valueError(`Invalid aggregate ${pyRepr(spec)}`);
  const fieldName = m[3] ?? m[1];
  const field = def.fields[fieldName];
  if (!field) throw valueError(`Invalid field ${pyRepr(fieldName)} on model ${pyRepr(def.name)}`);
  const fn = m[2] ?? field.aggregator;
  if (!fn) return undefined;
  if (!['sum', 'avg', 'min', 'max', 'count', 'count_distinct', 'bool_and', 'bool_or', 'array_agg'].includes(fn)) {
    throw valueError(`Invalid aggregation function ${pyRepr(fn)}.`);
  }
  return { key: keyStyle === 'spec' ? spec : m[1], field, fn };
}

function groupValue(env: Env, def: ModelDef, rec: Rec, g: GroupBy): unknown {
  const value = rawValue(env, def, rec, g.field.name);
  if (!g.granularity || typeof value !== 'string') return value === undefined || value === null ? false : value;
  return truncate(value.slice(0, 10), g.granularity);
}

function rangeBounds(g: GroupBy, start: string): [string, string] {
  const end = nextPeriod(start, g.granularity as Granularity);
  return g.field.type === 'datetime' ? [`${start} 00:00:00`, `${end} 00:00:00`] : [start, end];
}

function groupLeaves(g: GroupBy, key: unknown): unknown[] {
  if (g.granularity && typeof key === 'string') {
    const [from, to] = rangeBounds(g, key);
    return ['&', [g.field.name, '>=', from], [g.field.name, '<', to]];
  }
  return [[g.field.name, '=', key]];
}

/** expression.normalize_domain: make implicit ANDs explicit so domains can be concatenated. */
export function normalizeDomain(domain: unknown[]): unknown[] {
  const result: unknown[] = [];
  let expected = 1;
  for (const token of domain) {
    if (expected === 0) {
      result.unshift('&');
      expected = 1;
    }
    if (Array.isArray(token)) expected -= 1;
    else expected += (token === '!' ? 1 : token === '&' || token === '|' ? 2 : 0) - 1;
    result.push(token);
  }
  return result;
}

/** expression.AND */
export function andDomains(parts: unknown[][]): unknown[] {
  const nonEmpty = parts.filter((p) => p.length > 0).map(normalizeDomain);
  if (nonEmpty.length === 0) return [];
  return [...Array(nonEmpty.length - 1).fill('&'), ...nonEmpty.flat(1)];
}

function clean(x: number): number {
  return Number(x.toPrecision(15));
}

function aggregate(env: Env, def: ModelDef, recs: Rec[], a: Aggregate): unknown {
  if (a.fn === 'count' && !a.field) return recs.length;
  const values = recs.map((r) => rawValue(env, def, r, (a.field as FieldDef).name));
  const present = values.filter((v) => v !== false && v !== null && v !== undefined);
  switch (a.fn) {
    case 'sum':
      // PostgreSQL sums numeric columns exactly; drop the binary-float noise of adding in JS.
      return clean(present.reduce((s: number, v) => s + (v as number), 0));
    case 'avg':
      return present.length ? clean(present.reduce((s: number, v) => s + (v as number), 0) / present.length) : false;
    case 'min':
      return present.length ? present.reduce((x, v) => ((v as number) < (x as number) ? v : x)) : false;
    case 'max':
      return present.length ? present.reduce((x, v) => ((v as number) > (x as number) ? v : x)) : false;
    case 'count':
      return present.length;
    case 'count_distinct':
      return new Set(present).size;
    case 'bool_and':
      return values.every(Boolean);
    case 'bool_or':
      return values.some(Boolean);
    default:
      return present;
  }
}

function bucketize(env: Env, def: ModelDef, recs: Rec[], groupbys: GroupBy[]): Bucket[] {
  const buckets = new Map<string, Bucket>();
  for (const rec of recs) {
    const keys = groupbys.map((g) => groupValue(env, def, rec, g));
    const id = JSON.stringify(keys);
    const bucket = buckets.get(id);
    if (bucket) bucket.recs.push(rec);
    else buckets.set(id, { keys, recs: [rec] });
  }
  const sortKey = (g: GroupBy, v: unknown): string | number | null => {
    if (v === false) return null;
    if (g.field.type === 'many2one') return displayName(env, g.field.comodel as string, v as number);
    return v as string | number;
  };
  return [...buckets.values()].sort((a, b) => {
    for (let i = 0; i < groupbys.length; i++) {
      const x = sortKey(groupbys[i], a.keys[i]);
      const y = sortKey(groupbys[i], b.keys[i]);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    }
    return 0;
  });
}

function sortRows(rows: Record<string, unknown>[], order: unknown, groupKeys: string[]): void {
  if (typeof order !== 'string' || !order.trim()) return;
  const terms = order.split(',').map((t) => {
    const [key, dir] = t.trim().split(/\s+/);
    if (!key) throw valueError(`Invalid order ${pyRepr(order)}`);
    return { key, desc: (dir ?? '').toLowerCase() === 'desc' };
  });
  const value = (row: Record<string, unknown>, key: string): unknown => {
    const v = row[key];
    if (Array.isArray(v)) return groupKeys.includes(key) ? v[1] : v[0];
    return v;
  };
  rows.sort((a, b) => {
    for (const t of terms) {
      const x = value(a, t.key);
      const y = value(b, t.key);
      if (x === y) continue;
      const cmp = x === false ? 1 : y === false ? -1 : (x as number | string) < (y as number | string) ? -1 : 1;
      return t.desc ? -cmp : cmp;
    }
    return 0;
  });
}

function slice<T>(rows: T[], offset: unknown, limit: unknown): T[] {
  const from = Math.max(0, Number(offset) || 0);
  return typeof limit === 'number' && limit > 0 ? rows.slice(from, from + limit) : rows.slice(from);
}

/** read_group (16-19): keys per field, `<groupby>_count` (lazy) or `__count`, `__domain`, `__range` for dates. */
export function readGroup(env: Env, def: ModelDef, args: Record<string, unknown>): Record<string, unknown>[] {
  const groupbyList = (Array.isArray(args.groupby) ? args.groupby : [args.groupby]).filter((g) => g !== undefined && g !== false && g !== '');
  const allGroupbys = groupbyList.map((g) => parseGroupBy(def, g));
  const lazy = args.lazy !== false;
  const groupbys = lazy ? allGroupbys.slice(0, 1) : allGroupbys;
  const fieldSpecs = Array.isArray(args.fields) ? args.fields : [];
  const aggregates = fieldSpecs
    .filter((s) => typeof s === 'string' && !groupbys.some((g) => g.spec === s || g.field.name === s.split(':')[0]))
    .map((s) => parseAggregate(def, s, 'field'))
    .filter((a): a is Aggregate => !!a && a.key !== '__count');
  const domain = Array.isArray(args.domain) ? args.domain : [];
  const recs = searchRecords(env, def, domain);
  const rows = bucketize(env, def, recs, groupbys).map((bucket) => {
    const row: Record<string, unknown> = {};
    const leaves: unknown[][] = [];
    groupbys.forEach((g, i) => {
      const key = bucket.keys[i];
      if (g.granularity) {
        row[g.spec] = typeof key === 'string' ? periodLabel(key, g.granularity) : false;
        if (typeof key === 'string') {
          const [from, to] = rangeBounds(g, key);
          const range = (row.__range as Record<string, unknown>) ?? {};
          range[g.spec] = { from, to };
          row.__range = range;
        }
      } else {
        row[g.spec] = g.field.type === 'many2one' && typeof key === 'number' ? [key, displayName(env, g.field.comodel as string, key)] : key;
      }
      leaves.push(groupLeaves(g, key));
    });
    row[lazy && groupbys.length ? `${groupbys[0].field.name}_count` : '__count'] = bucket.recs.length;
    for (const a of aggregates) row[a.key] = aggregate(env, def, bucket.recs, a);
    row.__domain = andDomains([...leaves, domain]);
    if (lazy && allGroupbys.length > 1) row.__context = { group_by: groupbyList.slice(1) };
    return row;
  });
  sortRows(
    rows,
    args.orderby,
    groupbys.map((g) => g.spec),
  );
  return slice(rows, args.offset, args.limit);
}

/** formatted_read_group (19+): every groupby expanded, aggregates keyed by their spec, `__extra_domain` per group. */
export function formattedReadGroup(env: Env, def: ModelDef, args: Record<string, unknown>): Record<string, unknown>[] {
  const groupbys = (Array.isArray(args.groupby) ? args.groupby : []).map((g) => parseGroupBy(def, g));
  const aggregates = (Array.isArray(args.aggregates) ? args.aggregates : []).map((s) => {
    const a = parseAggregate(def, s, 'spec');
    if (!a) throw valueError(`Invalid aggregate ${pyRepr(s)}: no aggregation function`);
    return a;
  });
  const recs = searchRecords(env, def, Array.isArray(args.domain) ? args.domain : []);
  let rows = bucketize(env, def, recs, groupbys).map((bucket) => {
    const row: Record<string, unknown> = {};
    const leaves: unknown[][] = [];
    groupbys.forEach((g, i) => {
      const key = bucket.keys[i];
      if (g.granularity) row[g.spec] = typeof key === 'string' ? [key, periodLabel(key, g.granularity)] : false;
      else row[g.spec] = g.field.type === 'many2one' && typeof key === 'number' ? [key, displayName(env, g.field.comodel as string, key)] : key;
      leaves.push(groupLeaves(g, key));
    });
    for (const a of aggregates) row[a.key] = aggregate(env, def, bucket.recs, a);
    row.__extra_domain = andDomains(leaves);
    return row;
  });
  const having = Array.isArray(args.having) ? args.having : [];
  for (const leaf of having) {
    if (!Array.isArray(leaf) || leaf.length !== 3) continue;
    const [key, op, value] = leaf as [string, string, unknown];
    const test = scalarMatcher({ name: key, type: 'float', string: key, store: true }, op, value, leaf);
    rows = rows.filter((r) => test(r[key]));
  }
  sortRows(
    rows,
    args.order,
    groupbys.map((g) => g.spec),
  );
  return slice(rows, args.offset, args.limit);
}
