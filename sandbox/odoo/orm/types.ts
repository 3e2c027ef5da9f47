import type { SecurityGroup } from '../access';
import type { Database } from './database';
import type { Transaction } from './transaction';

/** A stored record: scalar values as Odoo keeps them (empty = false), many2one as a bare id, many2many as an id list. */
export type Rec = { id: number; [field: string]: unknown };

export type FieldType =
  | 'char'
  | 'text'
  | 'html'
  | 'selection'
  | 'integer'
  | 'float'
  | 'monetary'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'many2one'
  | 'one2many'
  | 'many2many'
  | 'many2one_reference';

export type Context = Record<string, unknown>;

/** Who is calling, with which context, inside which transaction. One per RPC call. */
export interface Env {
  db: Database;
  uid: number;
  groups: readonly SecurityGroup[];
  context: Context;
  /** Superuser mode: business methods create their side records without ACL checks, as Odoo does with sudo(). */
  su: boolean;
  /** env.companies: allowed_company_ids from the context, or all the user's companies. */
  companyIds: number[];
  /** env.company: the first allowed company. */
  companyId: number;
  tx: Transaction;
  /** display_name memo for the duration of one call. */
  names: Map<string, string>;
  /** Other per-call memos (location sets of stock computations, ...). */
  memo: Map<string, unknown>;
}

export interface FieldDef {
  name: string;
  type: FieldType;
  string: string;
  help?: string;
  required?: boolean;
  readonly?: boolean;
  store: boolean;
  selection?: ReadonlyArray<readonly [string, string]>;
  comodel?: string;
  /** one2many: the many2one on the comodel that points back. */
  inverse?: string;
  ondelete?: 'cascade' | 'set null' | 'restrict';
  /** Dotted path read through many2one fields; never stored here. */
  related?: string;
  /** Non-stored computed value. */
  compute?: (rec: Rec, env: Env) => unknown;
  /** Whether a computed field may appear in a domain (Odoo needs a `search=` method for that). */
  searchable?: boolean;
  default?: unknown | ((env: Env, vals: Record<string, unknown>) => unknown);
  /** group_operator / aggregator for read_group. */
  aggregator?: 'sum' | 'avg' | 'max' | 'min';
  digits?: [number, number];
  /** Keep an equality index on this many2one (inverse of a one2many, or a common filter). */
  index?: boolean;
}

export interface ModelHooks {
  /** Precomputed values Odoo fills on create (sequence names, line defaults); runs before required-field checks. */
  prepareCreate?(vals: Record<string, unknown>, env: Env): void;
  /** Side records Odoo creates with a record (a template's variant, ...). */
  afterCreate?(rec: Rec, env: Env, vals: Record<string, unknown>): void;
  /** Stored computed values that depend on the record itself (complete_name, ...). */
  recompute?(rec: Rec, env: Env): Record<string, unknown> | undefined;
  /** Business guard run before unlink, e.g. "cancel it first". */
  checkUnlink?(recs: Rec[], env: Env): void;
}

export interface ModelDef {
  name: string;
  description: string;
  fields: Record<string, FieldDef>;
  /** _rec_name: the field behind display_name and name_search; null falls back to "<model>,<id>". */
  recName: string | null;
  /** _parent_name, for child_of / parent_of. */
  parentField?: string;
  /** _order; the sandbox uses `id` everywhere unless a model says otherwise. */
  order: string;
  displayName?: (rec: Rec, env: Env) => string;
  /** SQL unique constraints, reported as ValidationError with Odoo's message. */
  uniques?: Array<{ fields: string[]; message: string }>;
  hooks?: ModelHooks;
  /** Records carry company_id and obey the multi-company record rule. */
  companyScoped: boolean;
}
