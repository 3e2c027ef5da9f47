import { isDatasetName, type DatasetName } from '../contracts/types';
import { MalformedFileError, parseCsv } from './csv-reader';

export interface ControlEntry {
  file: string;
  dataset: DatasetName;
  row_count: number;
  as_of: string;
  interface_version: string;
  /** Optional sha256 (hex) of the data file's bytes: catches a file copied only in part. */
  sha256: string | null;
}

export const CONTROL_FILE = /^control_([A-Za-z0-9-]{1,64})\.csv$/;
const REQUIRED = ['file', 'dataset', 'row_count', 'as_of', 'interface_version'];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|\+00:00)$/;

/**
 * control_<batchId>.csv lists the delivery: one row per data file with columns
 * file, dataset, row_count, as_of, interface_version[, sha256]. Each file must be named
 * <dataset>_<batchId>.csv, so a file can only ever belong to one delivery.
 */
export async function parseControlFile(text: string, batchId: string): Promise<ControlEntry[]> {
  const rows = await parseCsv(text);
  if (rows.length < 2) throw new MalformedFileError('control file needs a header and at least one file row');
  const header = rows[0].map((h) => h.trim());
  for (const col of REQUIRED) if (!header.includes(col)) throw new MalformedFileError(`control file lacks column ${col}`);
  const at = (row: string[], col: string): string => row[header.indexOf(col)] ?? '';
  const seen = new Set<string>();
  return rows.slice(1).map((row, i) => {
    const line = i + 2;
    const file = at(row, 'file');
    const dataset = at(row, 'dataset');
    if (!isDatasetName(dataset)) throw new MalformedFileError(`line ${line}: unknown dataset "${dataset}"`);
    if (file !== `${dataset}_${batchId}.csv`) throw new MalformedFileError(`line ${line}: file must be named ${dataset}_${batchId}.csv, got "${file}"`);
    if (seen.has(dataset)) throw new MalformedFileError(`line ${line}: dataset ${dataset} listed twice`);
    seen.add(dataset);
    const rowCount = Number(at(row, 'row_count'));
    if (!/^\d+$/.test(at(row, 'row_count'))) throw new MalformedFileError(`line ${line}: row_count must be a whole number`);
    const asOf = at(row, 'as_of');
    if (!DATE_TIME.test(asOf)) throw new MalformedFileError(`line ${line}: as_of must be a UTC date-time`);
    const version = at(row, 'interface_version');
    if (!/^1(\.\d+)*$/.test(version)) throw new MalformedFileError(`line ${line}: interface_version "${version}" is not supported (1 or 1.x)`);
    const sha = header.includes('sha256') ? at(row, 'sha256').toLowerCase() : '';
    if (sha !== '' && !/^[0-9a-f]{64}$/.test(sha)) throw new MalformedFileError(`line ${line}: sha256 must be 64 hex digits`);
    return { file, dataset, row_count: rowCount, as_of: asOf, interface_version: version, sha256: sha || null };
  });
}
