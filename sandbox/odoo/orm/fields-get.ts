import type { VersionProfile } from '../versions';
import type { FieldDef, ModelDef } from './types';

function describe(field: FieldDef, profile: VersionProfile): Record<string, unknown> {
  const relational = field.type === 'many2one' || field.type === 'one2many' || field.type === 'many2many';
  const info: Record<string, unknown> = {
    name: field.name,
    type: field.type,
    string: field.string,
    required: !!field.required,
    readonly: !!field.readonly || (!field.store && !field.related && field.type !== 'one2many'),
    store: field.store,
    searchable: field.store || !!field.searchable || !!field.related || field.type === 'one2many',
    sortable: field.store && field.type !== 'many2many' && field.type !== 'one2many',
    groupable: field.store,
    manual: field.name.startsWith('x_'),
    company_dependent: false,
    depends: [],
    exportable: true,
    translate: false,
    change_default: false,
  };
  if (field.help) info.help = field.help;
  if (field.related) info.related = field.related;
  if (field.selection) info.selection = field.selection.map(([k, v]) => [k, v]);
  if (relational) {
    info.relation = field.comodel;
    info.context = {};
    // Observed on 19 (third-party report, UNCONFIRMED which fields): a full fields_get carries `domain: None`,
    // which XML-RPC cannot marshal. The sandbox reproduces it on x2many fields only.
    info.domain = profile.version >= 19 && field.type !== 'many2one' ? null : [];
  }
  if (field.type === 'one2many') info.relation_field = field.inverse;
  if (field.type === 'many2one') info.ondelete = field.ondelete ?? 'set null';
  if (field.aggregator) info[profile.version >= 18 ? 'aggregator' : 'group_operator'] = field.aggregator;
  if (field.type === 'float' || field.type === 'monetary') info.digits = field.digits ?? false;
  return info;
}

/** fields_get(allfields, attributes): request explicit attributes, as Odoo's docs advise for XML-RPC. */
export function fieldsGet(def: ModelDef, profile: VersionProfile, allfields: unknown, attributes: unknown): Record<string, Record<string, unknown>> {
  const names =
    Array.isArray(allfields) && allfields.length ? allfields.filter((n): n is string => typeof n === 'string' && n in def.fields) : Object.keys(def.fields);
  const wanted = Array.isArray(attributes) && attributes.length ? new Set(attributes as string[]) : undefined;
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    const full = describe(def.fields[name], profile);
    out[name] = wanted ? Object.fromEntries(Object.entries(full).filter(([k]) => wanted.has(k))) : full;
  }
  return out;
}
