import type { Env } from './types';

/** Ids of the given records and all their descendants through the model's parent field (child_of). */
export function descendants(env: Env, model: string, roots: number[]): Set<number> {
  const def = env.db.model(model);
  const parent = def.parentField;
  const out = new Set<number>(roots);
  if (!parent) return out;
  const children = env.db.store(model).index(parent);
  const queue = [...roots];
  while (queue.length) {
    const id = queue.pop() as number;
    for (const child of children.get(id) ?? []) {
      if (!out.has(child)) {
        out.add(child);
        queue.push(child);
      }
    }
  }
  return out;
}

/** Ids of the given records and all their ancestors (parent_of). */
export function ancestors(env: Env, model: string, roots: number[]): Set<number> {
  const def = env.db.model(model);
  const parent = def.parentField;
  const store = env.db.store(model);
  const out = new Set<number>();
  for (const root of roots) {
    let id: unknown = root;
    while (typeof id === 'number' && !out.has(id) && store.get(id)) {
      out.add(id);
      id = parent ? store.get(id)?.[parent] : false;
    }
  }
  return out;
}
