import { valueError } from '../errors';
import { displayName, rawValue } from './names';
import type { Env, FieldDef, ModelDef, Rec } from './types';

/** `load` of read(): '_classic_read' gives many2one as [id, name]; null (JSON-2 "load": null) gives the bare id. */
export type Load = 'classic' | 'raw';

export function toLoad(value: unknown): Load {
  return value === null || value === false || value === 'None' ? 'raw' : 'classic';
}

/** Field names to read: all fields when none are given; unknown names are a ValueError as in Odoo. */
export function resolveFieldNames(def: ModelDef, fields: unknown): string[] {
  if (fields === undefined || fields === null || fields === false || (Array.isArray(fields) && fields.length === 0)) {
    return Object.keys(def.fields);
  }
  const names = Array.isArray(fields) ? fields : [fields];
  for (const name of names) {
    if (typeof name !== 'string' || !def.fields[name]) throw valueError(`Invalid field ${JSON.stringify(name).replace(/"/g, "'")} on model '${def.name}'`);
  }
  return names.includes('id') ? (names as string[]) : ['id', ...(names as string[])];
}

/** Values as Odoo sends them: empty = false, numbers 0, many2one per `load`, x2many id lists, dates as strings. */
export function formatValue(env: Env, field: FieldDef, value: unknown, load: Load): unknown {
  switch (field.type) {
    case 'many2one':
      if (typeof value !== 'number') return false;
      return load === 'raw' ? value : [value, displayName(env, field.comodel as string, value)];
    case 'one2many':
    case 'many2many':
      return Array.isArray(value) ? value.slice() : [];
    case 'integer':
    case 'many2one_reference':
      return typeof value === 'number' ? value : 0;
    case 'float':
    case 'monetary':
      return typeof value === 'number' ? value : 0;
    case 'boolean':
      return value === true;
    default:
      return value === undefined || value === null ? false : value;
  }
}

export function readRecords(env: Env, def: ModelDef, recs: Rec[], names: string[], load: Load): Record<string, unknown>[] {
  const fields = names.map((name) => def.fields[name]);
  return recs.map((rec) => {
    const row: Record<string, unknown> = {};
    for (const field of fields) row[field.name] = formatValue(env, field, rawValue(env, def, rec, field.name), load);
    return row;
  });
}
