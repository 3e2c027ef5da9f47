import type { Env, ModelDef, Rec } from './types';

/** display_name of a record, memoised for the call (a page of 500 lines names the same product many times). */
export function displayName(env: Env, model: string, id: number): string {
  const key = `${model},${id}`;
  const memo = env.names.get(key);
  if (memo !== undefined) return memo;
  const def = env.db.model(model);
  const rec = env.db.store(model).get(id);
  const name = rec ? displayNameOfRecord(env, def, rec) : '';
  env.names.set(key, name);
  return name;
}

export function displayNameOfRecord(env: Env, def: ModelDef, rec: Rec): string {
  if (def.displayName) return def.displayName(rec, env);
  if (def.recName) {
    const value = rec[def.recName];
    if (typeof value === 'string') return value;
    const field = def.fields[def.recName];
    if (field?.related || field?.compute) {
      const computed = readPath(env, def, rec, field.related ?? def.recName);
      return typeof computed === 'string' ? computed : '';
    }
    return '';
  }
  // BaseModel._compute_display_name without a _rec_name.
  return `${def.name},${rec.id}`;
}

/** The raw value at a dotted path through many2one fields (false when a link is empty). */
export function readPath(env: Env, def: ModelDef, rec: Rec, path: string): unknown {
  const parts = path.split('.');
  let currentDef = def;
  let current: Rec | undefined = rec;
  for (let i = 0; i < parts.length; i++) {
    if (!current) return false;
    const field = currentDef.fields[parts[i]];
    if (!field) return false;
    const value = rawValue(env, currentDef, current, parts[i]);
    if (i === parts.length - 1) return value;
    if (field.type !== 'many2one' || typeof value !== 'number') return false;
    currentDef = env.db.model(field.comodel as string);
    current = env.db.store(currentDef.name).get(value);
  }
  return false;
}

/** A field's raw value whether stored, related or computed; one2many read through the comodel's index. */
export function rawValue(env: Env, def: ModelDef, rec: Rec, name: string): unknown {
  const field = def.fields[name];
  if (!field) return undefined;
  if (name === 'display_name') return displayNameOfRecord(env, def, rec);
  if (field.store) return rec[name];
  if (field.related) return readPath(env, def, rec, field.related);
  if (field.compute) return field.compute(rec, env);
  if (field.type === 'one2many') return childIds(env, field.comodel as string, field.inverse as string, rec.id);
  return undefined;
}

/** Ids of the one2many children, hiding archived ones like Odoo's active_test does on x2many reads. */
export function childIds(env: Env, comodel: string, inverse: string, parentId: number): number[] {
  const store = env.db.store(comodel);
  const ids = store.index(inverse).get(parentId);
  if (!ids) return [];
  if (!('active' in store.def.fields) || env.context.active_test === false) return ids.slice();
  return ids.filter((id) => store.get(id)?.active !== false);
}
