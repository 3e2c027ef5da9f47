import { promises as fs } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { PlanbridgeError } from '../../lib/errors';
import { temporaryName } from '../../lib/files/file-store';
import type { Difference } from './compare';

/** The CSV columns: item, category, one quantity column per side, the delta, its value, which sides differ and which have no row. */
export function csvHeader(sides: string[]): string[] {
  return ['sku', 'location', 'category', ...sides, 'delta', 'unit_cost', 'value', 'differs', 'missing'];
}

export function csvLines(sides: string[], differences: Difference[], header: boolean): string {
  const records = differences.map((d) => [
    d.sku,
    d.location,
    d.category ?? '',
    ...sides.map((s) => d.quantities[s] ?? ''),
    d.delta,
    d.unit_cost ?? '',
    d.value ?? '',
    d.differs.join(' '),
    d.missing.join(' '),
  ]);
  return stringify(header ? [csvHeader(sides), ...records] : records);
}

/** A file name part from a run name: no path separators or odd characters. */
export function fileSafe(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 120) || 'run'
  );
}

/**
 * The differences report, written page by page to a temporary file and renamed into place when
 * complete: a reader never sees half a report, and a crash leaves only a temp file behind.
 */
export class CsvReport {
  private constructor(
    readonly file: string,
    private readonly temp: string,
    private readonly handle: fs.FileHandle,
    private readonly sides: string[],
  ) {}

  private wroteHeader = false;

  static async open(folder: string, runName: string, sides: string[]): Promise<CsvReport> {
    const file = path.join(folder, `reconcile-${fileSafe(runName)}.csv`);
    const temp = temporaryName(file);
    try {
      await fs.mkdir(folder, { recursive: true });
      return new CsvReport(file, temp, await fs.open(temp, 'w'), sides);
    } catch (err) {
      throw reportError(err, file);
    }
  }

  async append(differences: Difference[]): Promise<void> {
    if (!differences.length && this.wroteHeader) return;
    await this.handle.write(csvLines(this.sides, differences, !this.wroteHeader)).catch((err: unknown) => {
      throw reportError(err, this.file);
    });
    this.wroteHeader = true;
  }

  async commit(): Promise<string> {
    await this.append([]);
    try {
      await this.handle.sync();
      await this.handle.close();
      await fs.rename(this.temp, this.file);
    } catch (err) {
      throw reportError(err, this.file);
    }
    return this.file;
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.rm(this.temp, { force: true });
  }
}

/** A full disk or a folder that cannot be written: worth trying again once fixed. */
function reportError(err: unknown, file: string): PlanbridgeError {
  return new PlanbridgeError('RECONCILE_REPORT_FAILED', `The reconciliation report ${file} cannot be written: ${(err as Error).message}`, {
    retryable: true,
    details: { file },
  });
}
