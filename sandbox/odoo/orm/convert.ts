import { parseOdooDate, parseOdooDatetime, pyRepr } from '../datetime';
import { validationError, valueError } from '../errors';
import type { Env, FieldDef, ModelDef } from './types';

/** Value conversion of the ORM on write: strict dates and datetimes, selection keys, existing many2one targets. */
export function convertValue(env: Env, def: ModelDef, field: FieldDef, value: unknown): unknown {
  const empty = value === false || value === null || value === undefined;
  switch (field.type) {
    case 'char':
    case 'text':
    case 'html':
      if (empty) return false;
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw valueError(`Wrong value for ${def.name}.${field.name}: ${pyRepr(value)}`);
    case 'selection':
      if (empty) return false;
      if (typeof value !== 'string' || !field.selection?.some(([key]) => key === value)) {
        throw valueError(`Wrong value for ${def.name}.${field.name}: ${pyRepr(value)}`);
      }
      return value;
    case 'integer':
    case 'many2one_reference':
      if (empty) return 0;
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'number' || (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value))) return Math.trunc(Number(value));
      throw valueError(`invalid literal for int() with base 10: ${pyRepr(value)}`);
    case 'float':
    case 'monetary':
      if (empty) return 0;
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
      throw valueError(`could not convert string to float: ${pyRepr(value)}`);
    case 'boolean':
      return Boolean(value) && value !== 0;
    case 'date':
      if (empty || value === '') return false;
      if (typeof value !== 'string') throw valueError(`Wrong value for ${def.name}.${field.name}: ${pyRepr(value)}`);
      return parseOdooDate(value);
    case 'datetime':
      if (empty || value === '') return false;
      if (typeof value !== 'string') throw valueError(`Wrong value for ${def.name}.${field.name}: ${pyRepr(value)}`);
      return parseOdooDatetime(value);
    case 'many2one': {
      if (empty || value === 0) return false;
      if (typeof value !== 'number' || !Number.isInteger(value)) throw valueError(`Wrong value for ${def.name}.${field.name}: ${pyRepr(value)}`);
      if (!env.db.store(field.comodel as string).get(value)) throw foreignKeyError(def, field);
      return value;
    }
    default:
      throw valueError(`Wrong value for ${def.name}.${field.name}: ${pyRepr(value)}`);
  }
}

/** psycopg2 ForeignKeyViolation as _as_validation_error reports it (the same text for insert and delete). */
export function foreignKeyError(def: ModelDef, field: FieldDef): Error {
  return validationError(
    'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n' +
      `Model: ${def.description} (${def.name})\nConstraint: ${def.name.replace(/\./g, '_')}_${field.name}_fkey\n`,
  );
}
