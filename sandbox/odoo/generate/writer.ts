import type { Database } from '../orm/database';
import type { Env, Rec } from '../orm/types';
import { Transaction } from '../orm/transaction';

/**
 * Writes generated records straight into the stores, bypassing the ORM checks (the generator's data is valid by
 * construction). Values for fields a version lacks are simply ignored, so callers may pass both spellings
 * (quantity and quantity_done, product_uom and product_uom_id).
 */
export class DatasetWriter {
  private readonly dates = new Map<number, string>();
  /** A minimal environment for the models' recompute hooks (complete_name and friends). */
  readonly env: Env;

  constructor(
    readonly db: Database,
    private readonly uid: number,
  ) {
    this.env = {
      db,
      uid,
      groups: [],
      context: {},
      su: true,
      companyIds: [1],
      companyId: 1,
      tx: new Transaction(''),
      names: new Map(),
      memo: new Map(),
    };
  }

  /** Odoo's datetime string for an epoch second, shared between records (strings are the bulk of the memory). */
  datetime(epochSeconds: number): string {
    let s = this.dates.get(epochSeconds);
    if (!s) {
      s = new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
      this.dates.set(epochSeconds, s);
    }
    return s;
  }

  date(epochSeconds: number): string {
    return this.datetime(Math.floor(epochSeconds / 86400) * 86400).slice(0, 10);
  }

  /** Inserts one record; `created`/`written` are epoch seconds or ready-made datetime strings. */
  insert(model: string, vals: Record<string, unknown>, created: number | string, written: number | string = created): Rec {
    const store = this.db.store(model);
    vals.id = store.allocateId();
    vals.create_uid = this.uid;
    vals.write_uid = this.uid;
    vals.create_date = typeof created === 'string' ? created : this.datetime(created);
    vals.write_date = typeof written === 'string' ? written : this.datetime(written);
    const rec = store.make(vals);
    const recompute = store.def.hooks?.recompute;
    if (recompute) Object.assign(rec, recompute(rec, this.env));
    store.insert(rec);
    return rec;
  }
}
