import { normalizeDomainDatetime, pyRepr } from '../datetime';
import { valueError } from '../errors';
import { ancestors, descendants } from './hierarchy';
import { likeRegExp } from './like';
import { displayName, rawValue } from './names';
import type { Env, FieldDef, ModelDef, Rec } from './types';

export type DomainNode =
  | { kind: 'and' | 'or'; children: DomainNode[] }
  | { kind: 'not'; child: DomainNode }
  | { kind: 'leaf'; path: string; op: string; value: unknown; raw: unknown[] }
  | { kind: 'true' }
  | { kind: 'false' };

export type Predicate = (rec: Rec) => boolean;

const OPERATORS = new Set([
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  '=?',
  '=like',
  '=ilike',
  'like',
  'not like',
  'ilike',
  'not ilike',
  'in',
  'not in',
  'child_of',
  'parent_of',
  'any',
  'not any',
]);
const NEGATIVE = new Set(['!=', 'not like', 'not ilike', 'not in']);
const POSITIVE_OF: Record<string, string> = { '!=': '=', 'not like': 'like', 'not ilike': 'ilike', 'not in': 'in' };

/** Parses a prefix-notation domain ('&', '|', '!' and [field, op, value] leaves; implicit AND between terms). */
export function parseDomain(domain: unknown): DomainNode {
  if (domain === undefined || domain === null || domain === false) return { kind: 'true' };
  if (!Array.isArray(domain)) throw valueError(`Invalid domain: ${pyRepr(domain)}`);
  let pos = 0;
  const one = (): DomainNode => {
    if (pos >= domain.length) throw valueError(`Domain ${pyRepr(domain)} syntax error: an operator is missing its operands`);
    const item: unknown = domain[pos++];
    if (item === '&' || item === '|') {
      const a = one();
      const b = one();
      return { kind: item === '&' ? 'and' : 'or', children: [a, b] };
    }
    if (item === '!') return { kind: 'not', child: one() };
    return leaf(item);
  };
  const terms: DomainNode[] = [];
  while (pos < domain.length) terms.push(one());
  if (terms.length === 0) return { kind: 'true' };
  return terms.length === 1 ? terms[0] : { kind: 'and', children: terms };
}

function leaf(item: unknown): DomainNode {
  if (!Array.isArray(item) || item.length !== 3) throw valueError(`Invalid leaf ${pyRepr(item)}`);
  const [path, rawOp, value] = item as [unknown, unknown, unknown];
  if (path === 1 && rawOp === '=' && value === 1) return { kind: 'true' };
  if (path === 0 && rawOp === '=' && value === 1) return { kind: 'false' };
  if (typeof path !== 'string' || typeof rawOp !== 'string') throw valueError(`Invalid leaf ${pyRepr(item)}`);
  let op = rawOp.toLowerCase();
  if (op === '<>') op = '!=';
  if (op === '==') op = '=';
  if (!OPERATORS.has(op)) throw valueError(`Invalid leaf ${pyRepr(item)}`);
  return { kind: 'leaf', path, op, value, raw: item };
}

/** Prepends ('active', '=', True) unless the domain names `active` itself or the context sets active_test False. */
export function withActiveTest(env: Env, def: ModelDef, domain: unknown): unknown {
  if (!('active' in def.fields) || env.context.active_test === false) return domain;
  const items = Array.isArray(domain) ? domain : [];
  if (items.some((item) => Array.isArray(item) && item[0] === 'active')) return domain;
  return [['active', '=', true], ...items];
}

export function compileDomain(env: Env, def: ModelDef, node: DomainNode): Predicate {
  switch (node.kind) {
    case 'true':
      return () => true;
    case 'false':
      return () => false;
    case 'not': {
      const inner = compileDomain(env, def, node.child);
      return (rec) => !inner(rec);
    }
    case 'and': {
      const parts = node.children.map((c) => compileDomain(env, def, c));
      return (rec) => parts.every((p) => p(rec));
    }
    case 'or': {
      const parts = node.children.map((c) => compileDomain(env, def, c));
      return (rec) => parts.some((p) => p(rec));
    }
    case 'leaf':
      return compileLeaf(env, def, node.path, node.op, node.value, node.raw);
  }
}

function compileLeaf(env: Env, def: ModelDef, path: string, op: string, value: unknown, raw: unknown[]): Predicate {
  if (op === '=?') {
    if (value === false || value === null || value === undefined) return () => true;
    op = '=';
  }
  if ((op === 'any' || op === 'not any') && !env.db.profile.domainAnyOperator) throw valueError(`Invalid leaf ${pyRepr(raw)}`);
  const [head, ...rest] = path.split('.');
  const field = def.fields[head];
  if (!field) throw valueError(`Invalid field ${def.name}.${head} in leaf ${pyRepr(raw)}`);
  if (field.related) return compileLeaf(env, def, [field.related, ...rest].join('.'), op, value, raw);
  if (rest.length > 0) return compilePath(env, def, field, rest.join('.'), op, value, raw);
  if (!field.store && !field.searchable && field.type !== 'one2many') {
    throw valueError(`Non-stored field ${def.name}.${head} cannot be searched.`);
  }
  const get = field.store ? (rec: Rec) => rec[head] : (rec: Rec) => rawValue(env, def, rec, head);
  if (op === 'any' || op === 'not any') return compileAny(env, field, get, op, value, raw);
  if (head === 'id' && (op === 'child_of' || op === 'parent_of')) {
    const set = hierarchySet(env, def.name, op, value);
    return (rec) => set.has(rec.id);
  }
  if (field.type === 'many2one') {
    const test = relationalMatcher(env, field, op, value, raw);
    return (rec) => test(get(rec));
  }
  if (field.type === 'one2many' || field.type === 'many2many') {
    const test = x2manyMatcher(env, field, op, value, raw);
    return (rec) => test(get(rec) as number[] | undefined);
  }
  const test = scalarMatcher(field, op, value, raw);
  return (rec) => test(get(rec));
}

/** field.sub.path: many2one and x2many paths mean "some linked record matches" (Odoo 17 rewrites them to `any`). */
function compilePath(env: Env, def: ModelDef, field: FieldDef, subPath: string, op: string, value: unknown, raw: unknown[]): Predicate {
  if (!field.comodel) throw valueError(`Invalid field ${def.name}.${field.name} in leaf ${pyRepr(raw)}`);
  const comodel = env.db.model(field.comodel);
  const store = env.db.store(comodel.name);
  if (field.type === 'many2one') {
    const sub = compileLeaf(env, comodel, subPath, op, value, raw);
    return (rec) => {
      const target = rawValue(env, def, rec, field.name);
      const targetRec = typeof target === 'number' ? store.get(target) : undefined;
      return targetRec ? sub(targetRec) : false;
    };
  }
  // On x2many, a negative operator means "no linked record matches the positive one".
  const negative = NEGATIVE.has(op);
  const sub = compileLeaf(env, comodel, subPath, negative ? POSITIVE_OF[op] : op, value, raw);
  return (rec) => {
    const ids = (rawValue(env, def, rec, field.name) as number[] | undefined) ?? [];
    const some = ids.some((id) => {
      const child = store.get(id);
      return child ? sub(child) : false;
    });
    return negative ? !some : some;
  };
}

function compileAny(env: Env, field: FieldDef, get: (rec: Rec) => unknown, op: string, value: unknown, raw: unknown[]): Predicate {
  if (!field.comodel) throw valueError(`Invalid leaf ${pyRepr(raw)}: operator ${op} needs a relational field`);
  const comodel = env.db.model(field.comodel);
  const store = env.db.store(comodel.name);
  const sub = compileDomain(env, comodel, parseDomain(withActiveTest(env, comodel, value)));
  const matches = (id: unknown): boolean => {
    const target = typeof id === 'number' ? store.get(id) : undefined;
    return target ? sub(target) : false;
  };
  const positive = field.type === 'many2one' ? (rec: Rec) => matches(get(rec)) : (rec: Rec) => ((get(rec) as number[]) ?? []).some(matches);
  return op === 'any' ? positive : (rec) => !positive(rec);
}

function hierarchySet(env: Env, model: string, op: string, value: unknown): Set<number> {
  const roots = toIds(env, model, value);
  return op === 'child_of' ? descendants(env, model, roots) : ancestors(env, model, roots);
}

/** child_of values may be an id, a list of ids or a name (resolved with ilike, as _name_search does). */
function toIds(env: Env, model: string, value: unknown): number[] {
  const values = Array.isArray(value) ? value : [value];
  const ids: number[] = [];
  for (const v of values) {
    if (typeof v === 'number') ids.push(v);
    else if (typeof v === 'string') ids.push(...idsByName(env, model, 'ilike', v));
  }
  return ids;
}

function idsByName(env: Env, model: string, op: string, value: string): number[] {
  const test = scalarMatcher({ name: 'display_name', type: 'char', string: '', store: false }, op, value, []);
  const out: number[] = [];
  for (const rec of env.db.store(model).records) if (test(displayName(env, model, rec.id))) out.push(rec.id);
  return out;
}

const LIKE_OPS = new Set(['like', 'not like', 'ilike', 'not ilike', '=like', '=ilike']);

function relationalMatcher(env: Env, field: FieldDef, op: string, value: unknown, raw: unknown[]): (v: unknown) => boolean {
  const comodel = field.comodel as string;
  if (op === 'child_of' || op === 'parent_of') {
    const set = hierarchySet(env, comodel, op, value);
    return (v) => typeof v === 'number' && set.has(v);
  }
  const named = typeof value === 'string' || (Array.isArray(value) && value.some((v) => typeof v === 'string'));
  if (LIKE_OPS.has(op) || named) {
    const negative = NEGATIVE.has(op);
    const positiveOp = negative ? POSITIVE_OF[op] : op;
    const names = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [String(value)];
    const ids = new Set<number>();
    const nameOp = positiveOp === 'in' ? '=' : positiveOp;
    for (const name of names) for (const id of idsByName(env, comodel, nameOp, name)) ids.add(id);
    if (Array.isArray(value)) for (const v of value) if (typeof v === 'number') ids.add(v);
    return negative ? (v) => !(typeof v === 'number' && ids.has(v)) : (v) => typeof v === 'number' && ids.has(v);
  }
  return scalarMatcher({ ...field, type: 'integer' }, op, value, raw);
}

function x2manyMatcher(env: Env, field: FieldDef, op: string, value: unknown, raw: unknown[]): (ids: number[] | undefined) => boolean {
  if (NEGATIVE.has(op)) {
    const positive = x2manyMatcher(env, field, POSITIVE_OF[op], value, raw);
    return (ids) => !positive(ids);
  }
  if ((op === '=' || op === 'in') && (value === false || (Array.isArray(value) && value.length === 0 && op === '='))) {
    return (ids) => !ids || ids.length === 0;
  }
  if (op === 'in' && Array.isArray(value) && value.includes(false)) {
    const rest = x2manyMatcher(
      env,
      field,
      'in',
      value.filter((v) => v !== false),
      raw,
    );
    return (ids) => !ids || ids.length === 0 || rest(ids);
  }
  const one = relationalMatcher(env, field, op === '=' && Array.isArray(value) ? 'in' : op, value, raw);
  return (ids) => (ids ?? []).some((id) => one(id));
}

function isEmpty(v: unknown): boolean {
  return v === false || v === null || v === undefined;
}

function normalize(field: FieldDef, value: unknown): unknown {
  if (typeof value === 'string' && (field.type === 'date' || field.type === 'datetime')) {
    return normalizeDomainDatetime(value, field.type === 'date') ?? value;
  }
  if (
    typeof value === 'string' &&
    (field.type === 'integer' || field.type === 'float' || field.type === 'monetary') &&
    value.trim() !== '' &&
    !Number.isNaN(Number(value))
  ) {
    return Number(value);
  }
  if (field.type === 'boolean' && (value === 1 || value === 0)) return value === 1;
  return value;
}

/** Comparison on a stored scalar; NULL (false) never matches an ordering operator and always matches a negative one. */
export function scalarMatcher(field: FieldDef, op: string, rawValue: unknown, raw: unknown[]): (v: unknown) => boolean {
  if (op === 'child_of' || op === 'parent_of' || op === 'any' || op === 'not any') {
    throw valueError(`Invalid leaf ${pyRepr(raw)}: operator ${op} needs a relational field`);
  }
  if (NEGATIVE.has(op)) {
    const positive = scalarMatcher(field, POSITIVE_OF[op], rawValue, raw);
    return (v) => !positive(v);
  }
  const isBool = field.type === 'boolean';
  if (op === 'in') {
    const list = (Array.isArray(rawValue) ? rawValue : [rawValue]).map((v) => normalize(field, v));
    const withNull = list.some((v) => v === false || v === null);
    const set = new Set(list.filter((v) => v !== false && v !== null));
    if (isBool) return (v) => (v === true ? set.has(true) : withNull || set.has(false));
    return (v) => (isEmpty(v) ? withNull : set.has(v));
  }
  const value = normalize(field, rawValue);
  if (op === '=') {
    if (isBool) return value ? (v) => v === true : (v) => v !== true;
    if (isEmpty(value)) return isEmpty;
    return (v) => v === value;
  }
  if (op === '>' || op === '>=' || op === '<' || op === '<=') {
    if (isEmpty(value)) return () => false;
    return (v) => {
      if (isEmpty(v)) return false;
      const a = v as number | string;
      const b = value as number | string;
      return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
    };
  }
  if (LIKE_OPS.has(op)) {
    const text = isEmpty(value) ? '' : String(value);
    const pattern = op === '=like' || op === '=ilike' ? text : `%${text}%`;
    const re = likeRegExp(pattern, op === 'ilike' || op === '=ilike');
    return (v) => !isEmpty(v) && re.test(String(v));
  }
  throw valueError(`Invalid leaf ${pyRepr(raw)}`);
}
