import type { FieldDef, FieldType, ModelDef, ModelHooks, Rec, Env } from './types';

type FieldSpec = Omit<FieldDef, 'name' | 'store'> & { store?: boolean };
type Options = Partial<Omit<FieldSpec, 'type' | 'string'>>;

function spec(type: FieldType, string: string, options: Options = {}): FieldSpec {
  return { type, string, ...options };
}

export const char = (string: string, o?: Options): FieldSpec => spec('char', string, o);
export const text = (string: string, o?: Options): FieldSpec => spec('text', string, o);
export const integer = (string: string, o?: Options): FieldSpec => spec('integer', string, o);
export const float = (string: string, o?: Options): FieldSpec => spec('float', string, { aggregator: 'sum', ...o });
export const monetary = (string: string, o?: Options): FieldSpec => spec('monetary', string, { aggregator: 'sum', ...o });
export const boolean = (string: string, o?: Options): FieldSpec => spec('boolean', string, o);
export const date = (string: string, o?: Options): FieldSpec => spec('date', string, o);
export const datetime = (string: string, o?: Options): FieldSpec => spec('datetime', string, o);
export const selection = (values: ReadonlyArray<readonly [string, string]>, string: string, o?: Options): FieldSpec =>
  spec('selection', string, { selection: values, ...o });
export const many2one = (comodel: string, string: string, o?: Options): FieldSpec => spec('many2one', string, { comodel, ondelete: 'set null', ...o });
export const one2many = (comodel: string, inverse: string, string: string, o?: Options): FieldSpec => spec('one2many', string, { comodel, inverse, ...o });
export const many2many = (comodel: string, string: string, o?: Options): FieldSpec => spec('many2many', string, { comodel, ...o });
export const related = (path: string, like: FieldSpec, o?: Options): FieldSpec => ({ ...like, related: path, readonly: true, ...o });
export const computed = (like: FieldSpec, compute: (rec: Rec, env: Env) => unknown, o?: Options): FieldSpec => ({ ...like, compute, readonly: true, ...o });

export const active = (): FieldSpec => boolean('Active', { default: true });
export const companyId = (o?: Options): FieldSpec => many2one('res.company', 'Company', { index: true, default: (env: Env) => env.companyId, ...o });

export interface ModelSpec {
  name: string;
  description: string;
  /** `false` entries let version profiles drop fields inline: `uom_po_id: profile.product.uomPo && many2one(...)`. */
  fields: Record<string, FieldSpec | false>;
  recName?: string | null;
  parentField?: string;
  order?: string;
  displayName?: ModelDef['displayName'];
  uniques?: ModelDef['uniques'];
  hooks?: ModelHooks;
  /** Set false where Odoo has no multi-company rule although company_id exists (res.users). */
  companyRule?: boolean;
}

/** Builds a model with the magic fields every Odoo model has (id, display_name, create/write date and uid). */
export function defineModel(s: ModelSpec): ModelDef {
  const fields: Record<string, FieldDef> = {};
  const add = (name: string, f: FieldSpec): void => {
    fields[name] = { ...f, name, store: f.store ?? !(f.compute || f.related || f.type === 'one2many') };
  };
  add('id', integer('ID', { readonly: true, aggregator: undefined }));
  for (const [name, f] of Object.entries(s.fields)) if (f) add(name, f);
  add('display_name', char('Display Name', { readonly: true, searchable: true, compute: () => undefined }));
  add('create_uid', many2one('res.users', 'Created by', { readonly: true }));
  add('create_date', datetime('Created on', { readonly: true }));
  add('write_uid', many2one('res.users', 'Last Updated by', { readonly: true }));
  add('write_date', datetime('Last Updated on', { readonly: true }));
  const recName = s.recName !== undefined ? s.recName : 'name' in fields ? 'name' : null;
  return {
    name: s.name,
    description: s.description,
    fields,
    recName,
    parentField: s.parentField,
    order: s.order ?? 'id',
    displayName: s.displayName,
    uniques: s.uniques,
    hooks: s.hooks,
    companyScoped: s.companyRule !== false && 'company_id' in fields && fields.company_id.type === 'many2one' && fields.company_id.store,
  };
}
