import { normalizeDomainDatetime } from '../datetime';
import type { DomainNode } from './domain';
import type { ModelDef } from './types';

/** Top-level conditions the search planner can use to skip records; the full predicate still runs on every candidate. */
export interface SearchHints {
  idLower?: { id: number; inclusive: boolean };
  idUpper?: { id: number; inclusive: boolean };
  idIn?: number[];
  writeDateLower?: { value: string; inclusive: boolean };
  equal?: { field: string; ids: number[] };
}

export function searchHints(def: ModelDef, node: DomainNode): SearchHints {
  const hints: SearchHints = {};
  const writeDate = writeDateLowerBound(node);
  if (writeDate) hints.writeDateLower = writeDate;
  const leaves = node.kind === 'and' ? node.children : [node];
  for (const l of leaves) {
    if (l.kind !== 'leaf') continue;
    const { path, op, value } = l;
    if (path === 'id') {
      if (typeof value === 'number' && (op === '>' || op === '>=')) hints.idLower = { id: value, inclusive: op === '>=' };
      else if (typeof value === 'number' && (op === '<' || op === '<=')) hints.idUpper = { id: value, inclusive: op === '<=' };
      else if (op === '=' && typeof value === 'number') hints.idIn = [value];
      else if (op === 'in' && Array.isArray(value) && value.every((v) => typeof v === 'number')) hints.idIn = [...new Set(value)].sort((a, b) => a - b);
    } else if (!hints.equal) {
      const field = def.fields[path];
      if (!field || field.type !== 'many2one' || !field.store) continue;
      if (op === '=' && typeof value === 'number') hints.equal = { field: path, ids: [value] };
      else if (op === 'in' && Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number')) {
        hints.equal = { field: path, ids: value };
      }
    }
  }
  return hints;
}

type Bound = { value: string; inclusive: boolean };

/**
 * The lowest write_date the domain can match, so `write_date, id` pages start at a binary-searched position. Handles
 * the plain `write_date > x` and the (write_date, id) keyset form
 * ['|', ('write_date', '>', d), '&', ('write_date', '=', d), ('id', '>', n)].
 */
function writeDateLowerBound(node: DomainNode): Bound | undefined {
  if (node.kind === 'leaf') {
    if (node.path !== 'write_date' || typeof node.value !== 'string' || !['>', '>=', '='].includes(node.op)) return undefined;
    const value = normalizeDomainDatetime(node.value, false);
    return value ? { value, inclusive: node.op !== '>' } : undefined;
  }
  if (node.kind === 'and') {
    const bounds = node.children.map(writeDateLowerBound).filter((b): b is Bound => !!b);
    return bounds.reduce<Bound | undefined>((best, b) => (!best || b.value > best.value || (b.value === best.value && !b.inclusive) ? b : best), undefined);
  }
  if (node.kind === 'or') {
    const bounds = node.children.map(writeDateLowerBound);
    if (bounds.some((b) => !b)) return undefined;
    return (bounds as Bound[]).reduce((low, b) => (b.value < low.value || (b.value === low.value && b.inclusive) ? b : low));
  }
  return undefined;
}
