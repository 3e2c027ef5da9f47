import { ConfigError, InputError } from '../../lib/errors';
import { messagePath, valueAt } from '../../lib/path';

export type WriteOperation = 'create' | 'write' | 'unlink' | 'upsert';
export type UpsertBy = 'field' | 'xmlid';

export interface WriteOptions {
  operation: WriteOperation;
  upsertBy: UpsertBy;
  /** The unique Odoo field upsert matches on (e.g. default_code, origin). */
  matchField: string;
  /** Where each input record's business key is (e.g. recommendation_id): ledger key and external id. */
  keyPath: string;
  xmlidModule: string;
}

export interface WriteRow {
  index: number;
  key: string | null;
  vals: Record<string, unknown>;
  id: number | null;
}

/** One outcome per input record, in input order: the map from inputs to Odoo ids. */
export interface WriteResult {
  index: number;
  key: string | null;
  id: number | null;
  action: 'created' | 'updated' | 'deleted' | 'duplicate' | 'in_progress';
}

/** odoo-write's fields (without the mapping) as the editor saves them. */
export interface WriteFields {
  operation?: string;
  upsertBy?: string;
  matchField?: string;
  keyPath?: string;
  xmlidModule?: string;
}

/** Reads and checks the fields at deploy; a ConfigError says what is missing. */
export function writeOptionsFrom(def: WriteFields): WriteOptions {
  const operations: WriteOperation[] = ['create', 'write', 'unlink', 'upsert'];
  const options: WriteOptions = {
    operation: operations.includes(def.operation as WriteOperation) ? (def.operation as WriteOperation) : 'create',
    upsertBy: def.upsertBy === 'xmlid' ? 'xmlid' : 'field',
    matchField: (def.matchField ?? '').trim(),
    keyPath: messagePath(def.keyPath ?? '').replace(/^payload\./, ''),
    xmlidModule: (def.xmlidModule ?? '').trim() || 'planbridge',
  };
  if (options.operation === 'upsert' && options.upsertBy === 'field' && !options.matchField)
    throw new ConfigError('Upsert by field needs the field to match on');
  if (options.operation === 'upsert' && options.upsertBy === 'xmlid' && !options.keyPath)
    throw new ConfigError('Upsert by external id needs the key of each record');
  return options;
}

/** The records of a message as rows: their key, the values to write, and an Odoo id where given. */
export function rowsOf(payload: unknown, options: WriteOptions): WriteRow[] {
  const records = Array.isArray(payload) ? payload : [payload];
  return records.map((record, index) => {
    if (!record || typeof record !== 'object' || Array.isArray(record))
      throw new InputError(`Record ${index} is not an object of Odoo field values`, 'ODOO_VALUES_INVALID', { index });
    const { id, ...vals } = record as Record<string, unknown>;
    const rawKey = options.keyPath ? valueAt(record, options.keyPath) : undefined;
    if (options.keyPath && (rawKey === undefined || rawKey === null || rawKey === ''))
      throw new InputError(`Record ${index} has no key at ${options.keyPath}`, 'KEY_MISSING', { index });
    const needsId = options.operation === 'write' || options.operation === 'unlink';
    if (needsId && !(Number.isInteger(id) && (id as number) > 0))
      throw new InputError(`Record ${index} needs the Odoo id to ${options.operation}`, 'ODOO_ID_MISSING', { index });
    if (
      options.operation === 'upsert' &&
      options.upsertBy === 'field' &&
      (vals[options.matchField] === undefined || vals[options.matchField] === null || vals[options.matchField] === '')
    ) {
      throw new InputError(`Record ${index} has no ${options.matchField} to match on`, 'ODOO_MATCH_MISSING', { index });
    }
    return { index, key: rawKey === undefined ? null : String(rawKey), vals, id: Number.isInteger(id) ? (id as number) : null };
  });
}

/** External ids are module.name; the name part takes letters, digits and underscores. */
export function xmlidName(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 200);
}
