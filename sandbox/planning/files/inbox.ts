import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetName, PlanInput } from '../contracts/types';
import type { PlanningService } from '../service';
import { CONTROL_FILE, parseControlFile, type ControlEntry } from './control-file';
import { MalformedFileError, readDatasetCsv, type ColumnMap } from './csv-reader';
import { archive, quarantine } from './moves';

export interface InboxOptions {
  inbox: string;
  pollIntervalMs?: number;
  columnMaps?: Partial<Record<DatasetName, ColumnMap>>;
  /** Run a plan after each loaded delivery, dated by the delivery's as_of (default true). */
  planAfterDelivery?: boolean;
  /** How long a control file may list files that are not there yet before it is quarantined. */
  missingFileTimeoutMs?: number;
}

export interface DeliveryReport {
  batch_id: string;
  control: string;
  status: 'loaded' | 'quarantined' | 'waiting';
  datasets: Partial<Record<DatasetName, number>>;
  reasons: Record<string, string>;
}

/**
 * Polls the inbox for control files (fs.promises only, so the event loop keeps serving HTTP). A delivery is
 * read only once its control file is there: data files still being written (e.g. *.tmp) or not listed by a
 * control file are never touched. Loaded deliveries go to archive/, failed ones to quarantine/ with a reason.
 */
export class InboxWatcher {
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly waitingSince = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly service: PlanningService,
    private readonly options: InboxOptions,
  ) {}

  async start(): Promise<void> {
    await mkdir(this.options.inbox, { recursive: true });
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.chain.catch(() => undefined);
  }

  /** One pass over the inbox; passes never overlap (a call waits for the running one). */
  scan(): Promise<DeliveryReport[]> {
    const run = this.chain.catch(() => undefined).then(() => this.scanOnce());
    this.chain = run;
    return run;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.scan()
        .catch((err: unknown) => this.service.emit('scan-error', err))
        .finally(() => this.schedule());
    }, this.options.pollIntervalMs ?? 1000);
    this.timer.unref();
  }

  private async scanOnce(): Promise<DeliveryReport[]> {
    const names = new Set(await readdir(this.options.inbox));
    const reports: DeliveryReport[] = [];
    for (const name of [...names].filter((n) => CONTROL_FILE.test(n)).sort()) {
      reports.push(await this.delivery(name, names));
    }
    return reports;
  }

  private async delivery(control: string, names: Set<string>): Promise<DeliveryReport> {
    const { inbox } = this.options;
    const batchId = CONTROL_FILE.exec(control)![1];
    const report: DeliveryReport = { batch_id: batchId, control, status: 'waiting', datasets: {}, reasons: {} };
    let entries: ControlEntry[];
    try {
      const text = await readFile(join(inbox, control), 'utf8');
      // A writer that ignores the rename rule may have created the file but not written it yet.
      if (text.length === 0) return report;
      entries = await parseControlFile(text, batchId);
    } catch (err) {
      if (!(err instanceof MalformedFileError)) throw err;
      return this.reject(report, [], { [control]: `malformed control file: ${err.message}` });
    }
    const missing = entries.filter((e) => !names.has(e.file)).map((e) => e.file);
    if (missing.length > 0) {
      const since = this.waitingSince.get(control) ?? this.service.now();
      this.waitingSince.set(control, since);
      if (this.service.now() - since < (this.options.missingFileTimeoutMs ?? 300_000)) return report;
      return this.reject(report, entries, { [control]: `listed file(s) missing: ${missing.join(', ')}` });
    }
    this.waitingSince.delete(control);

    const loaded: Array<{ entry: ControlEntry; records: unknown[] }> = [];
    const reasons: Record<string, string> = {};
    for (const entry of entries) {
      try {
        loaded.push({ entry, records: await this.readEntry(entry) });
      } catch (err) {
        if (!(err instanceof MalformedFileError)) throw err;
        reasons[entry.file] = err.message;
      }
    }
    if (Object.keys(reasons).length > 0) return this.reject(report, entries, reasons);

    // All files are good: swap them in together, in one synchronous step.
    for (const { entry, records } of loaded) {
      this.service.datasets.replace(entry.dataset, records as PlanInput[DatasetName], {
        batch_id: batchId,
        as_of: entry.as_of,
        interface_version: entry.interface_version,
        completed_at: this.service.nowIso(),
        via: 'files',
      });
      report.datasets[entry.dataset] = records.length;
    }
    for (const entry of entries) await archive(inbox, join(inbox, entry.file));
    await archive(inbox, join(inbox, control));
    report.status = 'loaded';
    this.service.emit('delivery', report);
    if ((this.options.planAfterDelivery ?? true) && this.service.hasItems()) {
      const asOf = entries
        .map((e) => e.as_of)
        .sort()
        .at(-1);
      this.service.runPlan(asOf);
    }
    return report;
  }

  private async readEntry(entry: ControlEntry): Promise<unknown[]> {
    const bytes = await readFile(join(this.options.inbox, entry.file));
    if (entry.sha256 && createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
      throw new MalformedFileError('sha256 differs from the control file: the file is incomplete or changed');
    }
    const records = await readDatasetCsv(bytes.toString('utf8'), entry.dataset, this.options.columnMaps?.[entry.dataset]);
    if (records.length !== entry.row_count) throw new MalformedFileError(`${records.length} rows, control file says ${entry.row_count}`);
    return records;
  }

  /** Quarantines the whole delivery: a partial load would mix datasets of two different extractions. */
  private async reject(report: DeliveryReport, entries: ControlEntry[], reasons: Record<string, string>): Promise<DeliveryReport> {
    const { inbox } = this.options;
    const failed = Object.keys(reasons).filter((f) => f !== report.control);
    const summary = failed.length > 0 ? `delivery ${report.batch_id} rejected because of ${failed.join(', ')}` : reasons[report.control];
    for (const entry of entries) {
      const reason = reasons[entry.file] ?? `delivery ${report.batch_id} rejected with it: ${summary}`;
      await quarantine(inbox, join(inbox, entry.file), reason);
      report.reasons[entry.file] = reason;
    }
    const controlReason = reasons[report.control] ?? summary;
    await quarantine(inbox, join(inbox, report.control), controlReason);
    report.reasons[report.control] = controlReason;
    report.status = 'quarantined';
    this.waitingSince.delete(report.control);
    this.service.emit('quarantine', report);
    return report;
  }
}
