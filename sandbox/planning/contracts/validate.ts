import { FIELDS, type FieldKind, type FieldSpec } from './fields';
import type { DatasetName } from './types';

export interface RecordError {
  index: number;
  field: string | null;
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// The contract asks for UTC; an offset other than Z/+00:00 would shift weekly buckets, so it is refused here.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|\+00:00)$/;

/**
 * Light validation: known fields only, required fields present, types and enums right.
 * It is not full JSON Schema (no formats beyond dates, no conditional rules): enough to catch a wrong
 * mapping on the client side without duplicating the schemas that live in nodes/canonical.
 */
export function validateRecords(dataset: DatasetName, records: unknown[], limit = 50): RecordError[] {
  const errors: RecordError[] = [];
  const fields = FIELDS[dataset];
  for (let i = 0; i < records.length && errors.length < limit; i++) {
    const rec = records[i];
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      errors.push({ index: i, field: null, message: 'record must be an object' });
      continue;
    }
    const obj = rec as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!(key in fields)) errors.push({ index: i, field: key, message: `unknown field for ${dataset}@1` });
    }
    for (const [name, spec] of Object.entries(fields)) {
      const message = checkField(obj[name], name in obj, spec);
      if (message) errors.push({ index: i, field: name, message });
    }
  }
  return errors.slice(0, limit);
}

function checkField(value: unknown, present: boolean, spec: FieldSpec): string | null {
  if (!present || value === undefined) return spec.required ? 'required' : null;
  if (value === null) return spec.nullable ? null : 'must not be null';
  return checkKind(value, spec.kind);
}

function checkKind(value: unknown, kind: FieldKind): string | null {
  if (Array.isArray(kind)) return kind.includes(value) ? null : `must be one of ${kind.join(', ')}`;
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? null : 'must be a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'integer':
      return Number.isInteger(value) ? null : 'must be an integer';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be a boolean';
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? null : 'must be a date YYYY-MM-DD';
    case 'date-time':
      return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? null : 'must be a UTC date-time ending in Z or +00:00';
    case 'source':
      return checkSource(value);
    default:
      return 'unsupported field kind';
  }
}

function checkSource(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be an object';
  const src = value as Record<string, unknown>;
  if (typeof src.system !== 'string') return 'source.system must be a string';
  if (src.record_id !== undefined && src.record_id !== null && typeof src.record_id !== 'string') {
    return 'source.record_id must be a string or null';
  }
  if (Object.keys(src).some((k) => k !== 'system' && k !== 'record_id')) return 'source has unknown fields';
  return null;
}
