import { parse } from 'csv-parse';
import { FIELDS, type FieldKind } from '../contracts/fields';
import type { DatasetName } from '../contracts/types';
import { validateRecords } from '../contracts/validate';

/**
 * Maps a file's column names to contract field names, e.g. {ItemCode: 'sku'} for a vendor preset.
 * A column mapped to null is ignored. Unmapped columns must already be field names; nested fields use
 * dotted columns (source.system, source.record_id).
 */
export type ColumnMap = Record<string, string | null>;

export class MalformedFileError extends Error {}

/** Parses CSV text without blocking the event loop on large files (csv-parse's async API). */
export function parseCsv(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }, (err, rows: string[][] | undefined) => {
      if (err) reject(new MalformedFileError(`CSV syntax: ${err.message}`));
      else resolve(rows ?? []);
    });
  });
}

/**
 * Reads one dataset file into canonical records: header row, then one record per row; cells are typed by
 * the contract's field kinds and every record is validated like a REST page.
 */
export async function readDatasetCsv(text: string, dataset: DatasetName, columns: ColumnMap = {}): Promise<unknown[]> {
  const rows = await parseCsv(text);
  if (rows.length === 0) throw new MalformedFileError('empty file: a header row is required');
  const fields = FIELDS[dataset];
  const header = rows[0].map((name) => (name in columns ? columns[name] : name));
  for (const [i, name] of header.entries()) {
    if (name === null) continue;
    const top = name.startsWith('source.') ? 'source' : name;
    if (!(top in fields)) throw new MalformedFileError(`unknown column "${rows[0][i]}" for ${dataset}@1`);
  }
  const records = rows.slice(1).map((row, r) => toRecord(row, header, dataset, r + 2));
  const errors = validateRecords(dataset, records, 10);
  if (errors.length > 0) {
    const list = errors.map((e) => `line ${e.index + 2}${e.field ? ` ${e.field}` : ''}: ${e.message}`).join('; ');
    throw new MalformedFileError(`invalid records: ${list}`);
  }
  return records;
}

function toRecord(row: string[], header: (string | null)[], dataset: DatasetName, line: number): Record<string, unknown> {
  const fields = FIELDS[dataset];
  const record: Record<string, unknown> = {};
  header.forEach((name, i) => {
    if (name === null) return;
    const cell = row[i];
    if (name.startsWith('source.')) {
      const source = (record.source ??= {}) as Record<string, unknown>;
      const key = name.slice('source.'.length);
      if (cell !== '') source[key] = cell;
      else if (key === 'record_id') source[key] = null;
      return;
    }
    const spec = fields[name];
    // An empty cell is "no value": null where the contract allows null, otherwise the field is left out.
    if (cell === '') {
      if (spec.nullable) record[name] = null;
      return;
    }
    record[name] = typed(cell, spec.kind, name, line);
  });
  return record;
}

function typed(cell: string, kind: FieldKind, name: string, line: number): unknown {
  if (kind === 'number' || kind === 'integer') {
    const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell.trim()) ? Number(cell) : NaN;
    if (Number.isNaN(n)) throw new MalformedFileError(`line ${line} ${name}: "${cell}" is not a number`);
    return n;
  }
  if (kind === 'boolean') {
    const v = cell.trim().toLowerCase();
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    throw new MalformedFileError(`line ${line} ${name}: "${cell}" is not a boolean (true/false/1/0)`);
  }
  return cell;
}
