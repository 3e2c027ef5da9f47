import type { VersionProfile } from '../versions';
import { keyError } from '../errors';
import { ModelStore } from './store';
import type { FieldDef, ModelDef } from './types';

export interface Clock {
  now(): Date;
}

/** A field of another model that points at this one, for ondelete handling. */
export interface Reference {
  model: string;
  field: FieldDef;
}

/** The whole in-memory database: model definitions for one Odoo version, their stores, sequences and a clock. */
export class Database {
  readonly models = new Map<string, ModelDef>();
  readonly stores = new Map<string, ModelStore>();
  private readonly sequences = new Map<string, number>();
  private readonly referencesTo = new Map<string, Reference[]>();

  constructor(
    readonly name: string,
    readonly profile: VersionProfile,
    defs: ModelDef[],
    readonly clock: Clock,
  ) {
    for (const def of defs) {
      this.models.set(def.name, def);
      this.stores.set(def.name, new ModelStore(def));
    }
    for (const def of defs) {
      for (const field of Object.values(def.fields)) {
        if (field.type !== 'many2one' || !field.store || !field.comodel) continue;
        const list = this.referencesTo.get(field.comodel) ?? [];
        list.push({ model: def.name, field });
        this.referencesTo.set(field.comodel, list);
      }
    }
  }

  model(name: string): ModelDef {
    const def = this.models.get(name);
    if (!def) throw keyError(name);
    return def;
  }

  store(name: string): ModelStore {
    const store = this.stores.get(name);
    if (!store) throw keyError(name);
    return store;
  }

  references(model: string): Reference[] {
    return this.referencesTo.get(model) ?? [];
  }

  /** ir.sequence next_by_code, as a plain counter per code. */
  nextSequence(code: string): number {
    const next = (this.sequences.get(code) ?? 0) + 1;
    this.sequences.set(code, next);
    return next;
  }

  /** Lets the dataset generator continue numbering after the records it wrote directly. */
  setSequence(code: string, last: number): void {
    this.sequences.set(code, last);
  }
}
