import { checkAccess } from '../access';
import { pyRepr } from '../datetime';
import { accessError, missingError, validationError, valueError } from '../errors';
import { convertValue, foreignKeyError } from './convert';
import { applyX2many } from './x2many';
import { companyRule } from './rules';
import type { Env, FieldDef, ModelDef, Rec } from './types';

const MAGIC = new Set(['id', 'display_name', 'create_date', 'create_uid', 'write_date', 'write_uid']);

/** BaseModel.create: defaults, strict value conversion, required and unique checks, x2many commands. */
export function createRecords(env: Env, def: ModelDef, valsList: unknown[]): Rec[] {
  if (!env.su) checkAccess(env.groups, def, 'create');
  const store = env.db.store(def.name);
  const created: Rec[] = [];
  for (const raw of valsList) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw valueError(`create() expects a dict of values, got ${pyRepr(raw)}`);
    const vals = { ...(raw as Record<string, unknown>) };
    checkFieldNames(def, vals);
    def.hooks?.prepareCreate?.(vals, env);
    const values: Record<string, unknown> = {
      id: store.allocateId(),
      create_uid: env.uid,
      create_date: env.tx.now,
      write_uid: env.uid,
      write_date: env.tx.now,
    };
    const deferred: Array<[FieldDef, unknown]> = [];
    for (const field of Object.values(def.fields)) {
      if (!field.store || MAGIC.has(field.name)) continue;
      if (field.name in vals) values[field.name] = field.type === 'many2many' ? [] : convertValue(env, def, field, vals[field.name]);
      else values[field.name] = defaultValue(env, field, vals);
      if (field.type === 'many2many' && field.name in vals) deferred.push([field, vals[field.name]]);
    }
    for (const [name, value] of Object.entries(vals)) {
      const field = def.fields[name];
      if (field.type === 'one2many') deferred.push([field, value]);
      else if (field.related && field.readonly === false) deferred.push([field, value]);
    }
    const rec = store.make(values);
    Object.assign(rec, def.hooks?.recompute?.(rec, env));
    checkRequired(def, rec);
    checkUnique(env, def, rec);
    store.insert(rec);
    env.tx.onRollback(() => store.remove([rec.id]));
    for (const [field, value] of deferred) {
      if (field.related) writeRelated(env, def, rec, field, value);
      else applyX2many(env, def, rec, field, value);
    }
    def.hooks?.afterCreate?.(rec, env, vals);
    env.tx.record({ kind: 'create', model: def.name, id: rec.id });
    created.push(rec);
  }
  return created;
}

/** BaseModel.write: the same values on every record; write_date/write_uid follow, even when nothing else changes. */
export function writeRecords(env: Env, def: ModelDef, recs: Rec[], raw: unknown): void {
  if (!env.su) checkAccess(env.groups, def, 'write');
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw valueError(`write() expects a dict of values, got ${pyRepr(raw)}`);
  const vals = raw as Record<string, unknown>;
  checkFieldNames(def, vals);
  checkRecordRule(env, def, recs, 'write');
  const changes: Record<string, unknown> = {};
  const deferred: Array<[FieldDef, unknown]> = [];
  for (const [name, value] of Object.entries(vals)) {
    const field = def.fields[name];
    if (MAGIC.has(name)) continue;
    if (field.type === 'one2many' || field.type === 'many2many' || (field.related && field.readonly === false)) deferred.push([field, value]);
    else if (field.store) changes[name] = convertValue(env, def, field, value);
  }
  for (const rec of recs) {
    const update: Record<string, unknown> = { ...changes, write_uid: env.uid, write_date: env.tx.now };
    applyUpdate(env, def, rec, update);
    const recomputed = def.hooks?.recompute?.(rec, env);
    if (recomputed) applyUpdate(env, def, rec, recomputed);
    checkRequired(def, rec);
    if (def.uniques?.some((u) => u.fields.some((f) => f in changes))) checkUnique(env, def, rec);
    for (const [field, value] of deferred) {
      if (field.related) writeRelated(env, def, rec, field, value);
      else applyX2many(env, def, rec, field, value);
    }
    env.tx.record({ kind: 'write', model: def.name, id: rec.id, fields: Object.keys(vals) });
  }
}

/** Store update with its undo registered in the transaction. */
export function applyUpdate(env: Env, def: ModelDef, rec: Rec, update: Record<string, unknown>): void {
  const store = env.db.store(def.name);
  const before: Record<string, unknown> = {};
  for (const key of Object.keys(update)) before[key] = rec[key];
  store.update(rec, update);
  env.tx.onRollback(() => store.update(rec, before));
}

/** BaseModel.unlink: business guards, then ondelete rules of every many2one pointing here. */
export function unlinkRecords(env: Env, def: ModelDef, recs: Rec[]): void {
  if (!env.su) checkAccess(env.groups, def, 'unlink');
  checkRecordRule(env, def, recs, 'unlink');
  if (recs.length === 0) return;
  def.hooks?.checkUnlink?.(recs, env);
  const store = env.db.store(def.name);
  const ids = recs.map((r) => r.id);
  for (const rec of recs) env.tx.record({ kind: 'unlink', model: def.name, id: rec.id, before: { ...rec } });
  const sudo: Env = { ...env, su: true };
  for (const ref of env.db.references(def.name)) {
    const refStore = env.db.store(ref.model);
    const refDef = refStore.def;
    const index = refStore.index(ref.field.name);
    const linked: Rec[] = [];
    for (const id of ids) for (const refId of index.get(id) ?? []) linked.push(refStore.get(refId) as Rec);
    if (linked.length === 0) continue;
    if (ref.field.ondelete === 'cascade') {
      unlinkRecords(sudo, refDef, linked);
    } else if (ref.field.ondelete === 'restrict' || ref.field.required) {
      throw foreignKeyError(refDef, ref.field);
    } else {
      for (const rec of linked) applyUpdate(sudo, refDef, rec, { [ref.field.name]: false });
    }
  }
  const removed = store.remove(ids);
  env.tx.onRollback(() => {
    for (const rec of removed) store.insert(rec);
  });
}

/** Write and unlink on records hidden by the company rule are an AccessError, as ir.rule raises. */
export function checkRecordRule(env: Env, def: ModelDef, recs: Rec[], operation: 'read' | 'write' | 'unlink'): void {
  const rule = companyRule(env, def);
  if (!rule) return;
  const hidden = recs.filter((r) => !rule(r));
  if (hidden.length === 0) return;
  const verb = operation === 'read' ? 'access' : operation === 'write' ? 'modify' : 'delete';
  throw accessError(
    `Due to security restrictions, you are not allowed to ${verb} '${def.description}' (${def.name}) records.\n\n` +
      `Records: ${hidden
        .slice(0, 6)
        .map((r) => `${def.name},${r.id}`)
        .join(', ')}\n` +
      'This restriction is due to the following rules:\n- Multi-company rule\n\nNote: this might be a multi-company issue.',
  );
}

/** Records by id, or MissingError for ids that do not exist ("Record does not exist or has been deleted."). */
export function browseExisting(env: Env, def: ModelDef, ids: number[]): Rec[] {
  const store = env.db.store(def.name);
  const recs: Rec[] = [];
  const missing: number[] = [];
  for (const id of ids) {
    const rec = store.get(id);
    if (rec) recs.push(rec);
    else missing.push(id);
  }
  if (missing.length) {
    throw missingError(
      `Record does not exist or has been deleted.\n(Record: ${def.name}(${missing.join(', ')}${missing.length === 1 ? ',' : ''}), User: ${env.uid})`,
    );
  }
  return recs;
}

function checkFieldNames(def: ModelDef, vals: Record<string, unknown>): void {
  for (const name of Object.keys(vals)) {
    if (!def.fields[name]) throw valueError(`Invalid field '${name}' on model '${def.name}'`);
  }
}

function defaultValue(env: Env, field: FieldDef, vals: Record<string, unknown>): unknown {
  if (field.default === undefined) return field.type === 'many2many' ? [] : false;
  return typeof field.default === 'function' ? (field.default as (env: Env, vals: Record<string, unknown>) => unknown)(env, vals) : field.default;
}

/** psycopg2 NotNullViolation turned into ValidationError by _as_validation_error (16+). */
function checkRequired(def: ModelDef, rec: Rec): void {
  for (const field of Object.values(def.fields)) {
    if (!field.required || !field.store) continue;
    const v = rec[field.name];
    if (v === false || v === undefined || v === null) {
      throw validationError(
        'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n' +
          '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
          `Model: ${def.description} (${def.name})\nField: ${field.string} (${field.name})\n`,
      );
    }
  }
}

function checkUnique(env: Env, def: ModelDef, rec: Rec): void {
  if (!def.uniques) return;
  const store = env.db.store(def.name);
  for (const unique of def.uniques) {
    const [first] = unique.fields;
    const firstField = def.fields[first];
    const pool =
      firstField.type === 'many2one' && typeof rec[first] === 'number'
        ? (store.index(first).get(rec[first]) ?? []).map((id) => store.get(id) as Rec)
        : store.records;
    const clash = pool.some((other) => other.id !== rec.id && unique.fields.every((f) => other[f] === rec[f]));
    if (clash) throw validationError(unique.message);
  }
}

/** Writable related fields (product.product -> product.template via _inherits) write through to the linked record. */
function writeRelated(env: Env, def: ModelDef, rec: Rec, field: FieldDef, value: unknown): void {
  const [link, ...rest] = (field.related as string).split('.');
  const target = rec[link];
  if (typeof target !== 'number' || rest.length !== 1) return;
  const comodel = env.db.model(def.fields[link].comodel as string);
  const targetRec = env.db.store(comodel.name).get(target);
  if (targetRec) writeRecords({ ...env, su: true }, comodel, [targetRec], { [rest[0]]: value });
}
