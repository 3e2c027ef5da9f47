import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { contractSchemas, type ContractRef } from '../../canonical/contracts';
import { InputError } from '../../lib/errors';

type Schema = { type?: unknown; properties?: Record<string, Schema>; enum?: unknown[] };

/** A column of an exchange file: its header and the contract field (dot path for nested source fields). */
export interface Column {
  header: string;
  field: string;
}

function typesOf(schema: Schema): string[] {
  const t = schema.type;
  if (Array.isArray(t)) return t.map(String);
  if (typeof t === 'string') return [t];
  if (schema.enum) return [...new Set(schema.enum.map((v) => (v === null ? 'null' : typeof v)))];
  return ['string'];
}

/** Every leaf field of a contract, nested objects flattened with dots (source.system). */
export function contractFields(ref: ContractRef): Array<{ field: string; schema: Schema }> {
  const root = contractSchemas[ref] as unknown as Schema;
  const out: Array<{ field: string; schema: Schema }> = [];
  for (const [name, schema] of Object.entries(root.properties ?? {})) {
    if (typesOf(schema).includes('object') && schema.properties) {
      for (const [child, childSchema] of Object.entries(schema.properties)) out.push({ field: `${name}.${child}`, schema: childSchema });
    } else if (!typesOf(schema).includes('array')) {
      out.push({ field: name, schema });
    }
  }
  return out;
}

/** The generic layout: one column per contract field, named like the field. */
export function genericColumns(ref: ContractRef): Column[] {
  return contractFields(ref).map(({ field }) => ({ header: field, field }));
}

function get(record: Record<string, unknown>, field: string): unknown {
  const [head, tail] = field.split('.', 2);
  const value = record[head];
  return tail === undefined ? value : value && typeof value === 'object' ? (value as Record<string, unknown>)[tail] : undefined;
}

/** Canonical records as CSV text (header row first); null and absent values as empty cells. */
export function toCsv(records: readonly Record<string, unknown>[], columns: readonly Column[], withHeader = true): string {
  const rows = records.map((r) =>
    columns.map((c) => {
      const v = get(r, c.field);
      return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }),
  );
  return stringify(withHeader ? [columns.map((c) => c.header), ...rows] : rows);
}

function cell(text: string, schema: Schema, where: string): unknown {
  const types = typesOf(schema);
  if (text === '') return types.includes('null') ? null : undefined;
  if (types.includes('number') || types.includes('integer')) {
    const n = Number(text);
    if (!Number.isFinite(n)) throw new InputError(`${where}: "${text}" is not a number`, 'PLANNING_FILE_MALFORMED');
    return n;
  }
  if (types.includes('boolean')) {
    if (/^(true|1)$/i.test(text)) return true;
    if (/^(false|0)$/i.test(text)) return false;
    throw new InputError(`${where}: "${text}" is not true or false`, 'PLANNING_FILE_MALFORMED');
  }
  return text;
}

/**
 * CSV text to canonical records of a contract, typed by the contract's field types. Headers are
 * translated by `columns` (vendor header → field); an unknown header makes the file malformed.
 */
export async function fromCsv(text: string, ref: ContractRef, columns: readonly Column[] = genericColumns(ref)): Promise<Record<string, unknown>[]> {
  const rows = await new Promise<string[][]>((resolve, reject) => {
    parse(text, { bom: true, skip_empty_lines: true }, (err, out: string[][] | undefined) =>
      err ? reject(new InputError(`CSV syntax: ${err.message}`, 'PLANNING_FILE_MALFORMED')) : resolve(out ?? []),
    );
  });
  if (!rows.length) throw new InputError('The file is empty: a header row is required', 'PLANNING_FILE_MALFORMED');
  const schemas = new Map(contractFields(ref).map((f) => [f.field, f.schema]));
  const byHeader = new Map(columns.map((c) => [c.header, c.field]));
  const fields = rows[0].map((header) => {
    const field = byHeader.get(header) ?? (schemas.has(header) ? header : undefined);
    if (!field) throw new InputError(`Unknown column "${header}" for ${ref}`, 'PLANNING_FILE_MALFORMED');
    return field;
  });
  return rows.slice(1).map((row, r) => {
    if (row.length !== fields.length) throw new InputError(`Line ${r + 2} has ${row.length} cells, the header ${fields.length}`, 'PLANNING_FILE_MALFORMED');
    const record: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      const value = cell(row[i], schemas.get(field) ?? {}, `line ${r + 2}, ${rows[0][i]}`);
      if (value === undefined) return;
      const [head, tail] = field.split('.', 2);
      if (tail === undefined) record[head] = value;
      else record[head] = { ...(record[head] ?? {}), [tail]: value };
    });
    return record;
  });
}
