import { checkAccess, hasAccess, type Operation } from '../access';
import { accessError, attributeError, typeError, valueError } from '../errors';
import {
  contextGet,
  pickingButtonValidate,
  purchaseButtonCancel,
  purchaseButtonConfirm,
  purchaseButtonDone,
  saleActionCancel,
  saleActionConfirm,
} from '../models/actions';
import type { VersionProfile } from '../versions';
import { fieldsGet } from './fields-get';
import { displayName } from './names';
import { readRecords, resolveFieldNames, toLoad } from './read';
import { formattedReadGroup, readGroup } from './read-group';
import { RecordSet } from './recordset';
import { countRecords, searchRecords } from './search';
import type { Env, ModelDef, Rec } from './types';
import { browseExisting, checkRecordRule, createRecords, unlinkRecords, writeRecords } from './write';

export interface ParamSpec {
  name: string;
  /** Absent = required. */
  default?: unknown;
}

export interface MethodCall {
  env: Env;
  def: ModelDef;
  ids: number[];
  args: Record<string, unknown>;
  /** Extra keyword arguments of methods with **kwargs (search_read's read_kwargs). */
  extra: Record<string, unknown>;
}

export interface MethodSpec {
  /** @api.model: no record ids. */
  apiModel: boolean;
  params: ParamSpec[];
  varKeywords?: boolean;
  /** Model-level ACL checked before running; create/write/unlink check inside the ORM. */
  access?: Operation;
  /** Versions that have this method (all when absent). */
  available?(profile: VersionProfile): boolean;
  run(call: MethodCall): unknown;
}

const READ_KWARGS = new Set(['load']);

function readableRecords(call: MethodCall): Rec[] {
  const recs = browseExisting(call.env, call.def, call.ids);
  checkRecordRule(call.env, call.def, recs, 'read');
  return recs;
}

function genericMethods(profile: VersionProfile): Record<string, MethodSpec> {
  const searchParams: ParamSpec[] = [{ name: 'domain' }, { name: 'offset', default: 0 }, { name: 'limit', default: null }, { name: 'order', default: null }];
  if (profile.methods.searchCountParam) searchParams.push({ name: 'count', default: false });
  const methods: Record<string, MethodSpec> = {
    search: {
      apiModel: true,
      params: searchParams,
      access: 'read',
      run: ({ env, def, args }) => {
        if (args.count) return countRecords(env, def, args.domain, args.limit as number | null);
        const recs = searchRecords(env, def, args.domain, { offset: args.offset as number, limit: args.limit as number | null, order: args.order });
        return new RecordSet(
          def.name,
          recs.map((r) => r.id),
        );
      },
    },
    search_read: {
      apiModel: true,
      params: [
        { name: 'domain', default: null },
        { name: 'fields', default: null },
        { name: 'offset', default: 0 },
        { name: 'limit', default: null },
        { name: 'order', default: null },
      ],
      varKeywords: true,
      access: 'read',
      run: ({ env, def, args, extra }) => {
        const unknown = Object.keys(extra).find((k) => !READ_KWARGS.has(k));
        if (unknown) throw typeErrorFor('read', `got an unexpected keyword argument '${unknown}'`);
        const names = resolveFieldNames(def, args.fields);
        const recs = searchRecords(env, def, args.domain, { offset: args.offset as number, limit: args.limit as number | null, order: args.order });
        return readRecords(env, def, recs, names, toLoad('load' in extra ? extra.load : '_classic_read'));
      },
    },
    search_count: {
      apiModel: true,
      params: [{ name: 'domain' }, { name: 'limit', default: null }],
      access: 'read',
      run: ({ env, def, args }) => countRecords(env, def, args.domain, args.limit as number | null),
    },
    read: {
      apiModel: false,
      params: [
        { name: 'fields', default: null },
        { name: 'load', default: '_classic_read' },
      ],
      access: 'read',
      run: (call) => readRecords(call.env, call.def, readableRecords(call), resolveFieldNames(call.def, call.args.fields), toLoad(call.args.load)),
    },
    create: {
      apiModel: true,
      params: [{ name: 'vals_list' }],
      run: ({ env, def, args }) => {
        const single = !Array.isArray(args.vals_list);
        const recs = createRecords(env, def, single ? [args.vals_list] : (args.vals_list as unknown[]));
        return new RecordSet(
          def.name,
          recs.map((r) => r.id),
          single,
        );
      },
    },
    write: {
      apiModel: false,
      params: [{ name: 'vals' }],
      run: ({ env, def, ids, args }) => {
        writeRecords(env, def, browseExisting(env, def, ids), args.vals);
        return true;
      },
    },
    unlink: {
      apiModel: false,
      params: [],
      run: ({ env, def, ids }) => {
        unlinkRecords(env, def, browseExisting(env, def, ids));
        return true;
      },
    },
    exists: {
      apiModel: false,
      params: [],
      run: ({ env, def, ids }) =>
        new RecordSet(
          def.name,
          ids.filter((id) => env.db.store(def.name).get(id)),
        ),
    },
    fields_get: {
      apiModel: true,
      params: [
        { name: 'allfields', default: null },
        { name: 'attributes', default: null },
      ],
      run: ({ env, def, args }) => fieldsGet(def, env.db.profile, args.allfields, args.attributes),
    },
    name_search: {
      apiModel: true,
      params: [
        { name: 'name', default: '' },
        { name: profile.methods.nameSearchDomainParam, default: null },
        { name: 'operator', default: 'ilike' },
        { name: 'limit', default: 100 },
      ],
      access: 'read',
      run: ({ env, def, args }) => {
        const extra = args[profile.methods.nameSearchDomainParam];
        const domain = [...(Array.isArray(extra) ? extra : [])];
        if (args.name) domain.push(['display_name', args.operator ?? 'ilike', args.name]);
        const recs = searchRecords(env, def, domain, { limit: (args.limit as number) ?? 100 });
        return recs.map((r) => [r.id, displayName(env, def.name, r.id)]);
      },
    },
    check_access_rights: {
      apiModel: true,
      params: [{ name: 'operation' }, { name: 'raise_exception', default: true }],
      run: ({ env, def, args }) => {
        const operation = args.operation as Operation;
        if (!['read', 'write', 'create', 'unlink'].includes(operation)) throw valueError(`Invalid access mode ${String(operation)}`);
        if (args.raise_exception === false) return hasAccess(env.groups, def.name, operation);
        checkAccess(env.groups, def, operation);
        return true;
      },
    },
    default_get: {
      apiModel: true,
      params: [{ name: profile.version >= 19 ? 'fields' : 'fields_list' }],
      run: ({ env, def, args }) => {
        const names = args.fields ?? args.fields_list;
        const out: Record<string, unknown> = {};
        for (const name of Array.isArray(names) ? names : []) {
          const field = def.fields[name as string];
          if (!field || field.default === undefined) continue;
          out[name as string] =
            typeof field.default === 'function' ? (field.default as (e: Env, v: Record<string, unknown>) => unknown)(env, {}) : field.default;
        }
        return out;
      },
    },
  };
  if (profile.methods.nameGet) {
    methods.name_get = {
      apiModel: false,
      params: [],
      access: 'read',
      run: (call) => readableRecords(call).map((r) => [r.id, displayName(call.env, call.def.name, r.id)]),
    };
  }
  if (profile.methods.readGroup) {
    methods.read_group = {
      apiModel: true,
      params: [
        { name: 'domain' },
        { name: 'fields' },
        { name: 'groupby' },
        { name: 'offset', default: 0 },
        { name: 'limit', default: null },
        { name: 'orderby', default: false },
        { name: 'lazy', default: true },
      ],
      access: 'read',
      run: ({ env, def, args }) => readGroup(env, def, args),
    };
  }
  if (profile.methods.formattedReadGroup) {
    methods.formatted_read_group = {
      apiModel: true,
      params: [
        { name: 'domain' },
        { name: 'groupby', default: [] },
        { name: 'aggregates', default: [] },
        { name: 'having', default: [] },
        { name: 'offset', default: 0 },
        { name: 'limit', default: null },
        { name: 'order', default: null },
      ],
      access: 'read',
      run: ({ env, def, args }) => formattedReadGroup(env, def, args),
    };
  }
  return methods;
}

const recordsMethod = (action: (env: Env, recs: Rec[]) => unknown): MethodSpec => ({
  apiModel: false,
  params: [],
  run: ({ env, def, ids }) => action(env, browseExisting(env, def, ids)),
});

const MODEL_METHODS: Record<string, Record<string, MethodSpec>> = {
  'res.users': { context_get: { apiModel: true, params: [], run: ({ env }) => contextGet(env) } },
  'purchase.order': {
    button_confirm: recordsMethod(purchaseButtonConfirm),
    button_cancel: recordsMethod(purchaseButtonCancel),
    // "Lock" sets state done, which 19 replaced by the `locked` flag.
    button_done: { ...recordsMethod(purchaseButtonDone), available: (p) => p.purchaseStates.includes('done') },
  },
  'sale.order': { action_confirm: recordsMethod(saleActionConfirm), action_cancel: recordsMethod(saleActionCancel) },
  'stock.picking': { button_validate: recordsMethod(pickingButtonValidate) },
};

const cache = new Map<number, Record<string, MethodSpec>>();

/**
 * service.model.get_public_method: '_'-prefixed names are private (AccessError), unknown ones an AttributeError
 * "The method '<model>.<method>' does not exist".
 */
export function publicMethod(profile: VersionProfile, def: ModelDef, name: string): MethodSpec {
  if (name.startsWith('_')) throw accessError(`Private methods (such as '${def.name}.${name}') cannot be called remotely.`);
  let generic = cache.get(profile.version);
  if (!generic) {
    generic = genericMethods(profile);
    cache.set(profile.version, generic);
  }
  const own = MODEL_METHODS[def.name]?.[name];
  const spec = own ?? (Object.prototype.hasOwnProperty.call(generic, name) ? generic[name] : undefined);
  if (!spec || (spec.available && !spec.available(profile))) throw attributeError(`The method '${def.name}.${name}' does not exist`);
  return spec;
}

function typeErrorFor(method: string, detail: string): Error {
  return typeError(`${method}() ${detail}`);
}

/** Runs a bound call: model-level ACL first (as ir.model.access does), then the method. */
export function invoke(spec: MethodSpec, call: MethodCall): unknown {
  if (spec.access && !call.env.su) checkAccess(call.env.groups, call.def, spec.access);
  return spec.run(call);
}
