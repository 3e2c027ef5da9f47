import { valueError } from '../errors';
import { displayName } from './names';
import type { Env, ModelDef, Rec } from './types';

export interface OrderTerm {
  field: string;
  desc: boolean;
  /** PostgreSQL default: NULLS LAST for ASC, NULLS FIRST for DESC. */
  nullsFirst: boolean;
}

const TERM = /^\s*([a-z_][a-z0-9_]*)\s*(asc|desc)?\s*(?:nulls\s+(first|last))?\s*$/i;

/** Parses "write_date asc, id asc"; only stored fields (and many2one, sorted by the target's name) may be used. */
export function parseOrder(def: ModelDef, order: unknown): OrderTerm[] {
  const spec = typeof order === 'string' && order.trim() ? order : def.order;
  const terms: OrderTerm[] = [];
  for (const part of spec.split(',')) {
    const m = TERM.exec(part);
    const field = m ? def.fields[m[1]] : undefined;
    if (!m || !field || !field.store || field.type === 'many2many') {
      throw valueError(
        `Invalid "order" specified (${spec}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
      );
    }
    const desc = (m[2] ?? 'asc').toLowerCase() === 'desc';
    terms.push({ field: m[1], desc, nullsFirst: m[3] ? m[3].toLowerCase() === 'first' : desc });
  }
  return terms;
}

export function isIdOrder(terms: OrderTerm[], desc: boolean): boolean {
  return terms.length === 1 && terms[0].field === 'id' && terms[0].desc === desc;
}

/** `write_date asc[, id asc]` (or both desc): served from the (write_date, id) index. */
export function isWriteDateOrder(terms: OrderTerm[], desc: boolean): boolean {
  if (terms.length === 0 || terms.length > 2) return false;
  if (terms[0].field !== 'write_date' || terms[0].desc !== desc) return false;
  return terms.length === 1 || (terms[1].field === 'id' && terms[1].desc === desc);
}

/** A comparator for the terms, ties broken by id ascending so pages never overlap. */
export function comparator(env: Env, def: ModelDef, terms: OrderTerm[]): (a: Rec, b: Rec) => number {
  const keys = terms.map((t) => {
    const field = def.fields[t.field];
    const get =
      field.type === 'many2one'
        ? (rec: Rec) => (typeof rec[t.field] === 'number' ? displayName(env, field.comodel as string, rec[t.field] as number) : null)
        : (rec: Rec) => rec[t.field];
    const isNull = field.type === 'boolean' ? (v: unknown) => v === null || v === undefined : (v: unknown) => v === false || v === null || v === undefined;
    return { get, isNull, desc: t.desc, nullsFirst: t.nullsFirst };
  });
  return (a, b) => {
    for (const k of keys) {
      const x = k.get(a);
      const y = k.get(b);
      const xn = k.isNull(x);
      const yn = k.isNull(y);
      if (xn || yn) {
        if (xn && yn) continue;
        return xn === k.nullsFirst ? -1 : 1;
      }
      if (x === y) continue;
      const cmp = (x as number | string) < (y as number | string) ? -1 : 1;
      return k.desc ? -cmp : cmp;
    }
    return a.id - b.id;
  };
}
