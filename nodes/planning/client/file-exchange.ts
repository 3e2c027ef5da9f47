import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ReplenishmentRecommendation } from '../../canonical/contracts';
import { InputError, toPlanbridgeError } from '../../lib/errors';
import { Turns } from '../../lib/turns';
import { fromCsv, toCsv } from '../map/csv';
import { DATASETS, type Dataset, type FileLayout } from '../map/presets';
import type { FileStore } from '../../lib/files/file-store';
import { Inbox } from '../../lib/files/inbox';

export interface FileExchangeOptions {
  store: FileStore;
  layout: FileLayout;
  /** Where the planner picks up what we deliver. */
  outbox: string;
  /** Where the planner drops its order files for us. */
  inbox: string;
  /** A local folder where pages wait until their file is complete (survives a restart). */
  staging: string;
  interfaceVersion?: string;
  /** The datasets that make one delivery: its control file is written when all of them are there. Default: all seven. */
  deliveryDatasets?: readonly Dataset[];
}

interface DeliveredFile {
  dataset: Dataset;
  file: string;
  rows: number;
  asOf: string;
  sha256: string;
}

const DELIVERED = '.delivered';

export interface StagedPage {
  dataset: Dataset;
  batchId: string;
  seq: number;
  last: boolean;
  records: Record<string, unknown>[];
  asOf: string;
}

export interface Delivery {
  complete: boolean;
  files: string[];
  rows: number;
  /** The page's dataset has its data file written (the delivery may still wait for other datasets). */
  datasetDone?: boolean;
}

export interface OrderFile {
  name: string;
  records: ReplenishmentRecommendation[];
  /** sha256 of the file's bytes: the same file dropped twice has the same digest. */
  sha256: string;
}

export interface ClaimedOrders {
  files: OrderFile[];
  quarantined: Array<{ file: string; reason: string }>;
}

/**
 * The file profile of the planning exchange. Outbound, each page is staged locally as it comes;
 * when the batch's last page and every page before it are there, the data file is assembled and
 * written atomically (temporary name, then rename), then the control file that completes the
 * delivery. Inbound, order files are claimed by moving them into processing/, read once, archived,
 * or quarantined with a reason; files still being written (*.tmp) are never touched.
 */
export class FileExchange {
  /**
   * Pages come up to the pacer's limit at a time. Two last pages finishing together would each
   * assemble the same data file, or each close the delivery while the other removes its staging.
   */
  private readonly outbound = new Turns();

  private readonly inbox: Inbox;

  constructor(private readonly options: FileExchangeOptions) {
    this.inbox = new Inbox(options.store, options.inbox, (name) => options.layout.orderFile.test(name));
  }

  stagePage(page: StagedPage): Promise<Delivery> {
    return this.outbound.run(() => this.stage(page));
  }

  private async stage(page: StagedPage): Promise<Delivery> {
    const dir = path.join(this.options.staging, page.batchId, page.dataset);
    await fs.mkdir(dir, { recursive: true });
    const columns = this.options.layout.columns(page.dataset);
    // Redelivery of a page overwrites its own part file: a page is staged once however often it comes.
    await fs.writeFile(path.join(dir, `${page.seq}.part`), toCsv(page.records, columns, false));
    await fs.writeFile(path.join(dir, `${page.seq}.rows`), String(page.records.length));
    if (page.last) await fs.writeFile(path.join(dir, 'last'), `${page.seq}\n${page.asOf}`);
    if (!(await this.writeDataFileIfComplete(page.dataset, page.batchId))) return { complete: false, files: [], rows: 0 };
    const delivered = await this.deliveredDatasets(page.batchId);
    if (!this.deliveryDatasets.every((d) => delivered.some((x) => x.dataset === d))) return { complete: false, files: [], rows: 0, datasetDone: true };
    return { ...(await this.close(page.batchId)), datasetDone: true };
  }

  private get deliveryDatasets(): readonly Dataset[] {
    return this.options.deliveryDatasets?.length ? this.options.deliveryDatasets : DATASETS;
  }

  /** Once a dataset has its last page and every page before it, its data file goes to the out folder. */
  private async writeDataFileIfComplete(dataset: Dataset, batchId: string): Promise<boolean> {
    const dir = path.join(this.options.staging, batchId, dataset);
    let lastText: string;
    try {
      lastText = await fs.readFile(path.join(dir, 'last'), 'utf8');
    } catch {
      return false;
    }
    const [lastSeq, asOf] = lastText.split('\n');
    const parts: string[] = [];
    let rows = 0;
    for (let seq = 1; seq <= Number(lastSeq); seq++) {
      try {
        parts.push(await fs.readFile(path.join(dir, `${seq}.part`), 'utf8'));
        rows += Number(await fs.readFile(path.join(dir, `${seq}.rows`), 'utf8'));
      } catch {
        return false;
      }
    }
    const { layout, store, outbox } = this.options;
    const data = toCsv([], layout.columns(dataset), true) + parts.join('');
    const file = layout.dataFile(dataset, batchId);
    await store.writeAtomic(path.posix.join(outbox, file), data);
    const entry: DeliveredFile = { dataset, file, rows, asOf, sha256: createHash('sha256').update(data).digest('hex') };
    await fs.mkdir(path.join(this.options.staging, batchId, DELIVERED), { recursive: true });
    await fs.writeFile(path.join(this.options.staging, batchId, DELIVERED, dataset), JSON.stringify(entry));
    await fs.rm(dir, { recursive: true, force: true });
    return true;
  }

  private async deliveredDatasets(batchId: string): Promise<DeliveredFile[]> {
    const dir = path.join(this.options.staging, batchId, DELIVERED);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return [];
    }
    return Promise.all(names.sort().map(async (name) => JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as DeliveredFile));
  }

  /**
   * Writes the control file that completes a delivery, listing every data file of the batch written
   * so far. It comes last: only then does the planner read the delivery. Called when the datasets of
   * a delivery are all there, or by the flow to deliver fewer.
   */
  closeDelivery(batchId: string): Promise<Delivery> {
    return this.outbound.run(() => this.close(batchId));
  }

  private async close(batchId: string): Promise<Delivery> {
    const delivered = await this.deliveredDatasets(batchId);
    // Delivered already (its last dataset wrote the control file), or nothing complete to deliver.
    if (!delivered.length) return { complete: false, files: [], rows: 0 };
    const { layout, store, outbox } = this.options;
    const version = this.options.interfaceVersion ?? '1';
    const control =
      layout.name === 'netstock'
        ? toCsv(
            delivered.map((d) => ({ INTERFACE_VERSION: version, EXTRACTED_AT: d.asOf, FILE: d.file, ROWS: d.rows })),
            ['INTERFACE_VERSION', 'EXTRACTED_AT', 'FILE', 'ROWS'].map((h) => ({ header: h, field: h })),
          )
        : toCsv(
            delivered.map((d) => ({ file: d.file, dataset: d.dataset, row_count: d.rows, as_of: d.asOf, interface_version: version, sha256: d.sha256 })),
            ['file', 'dataset', 'row_count', 'as_of', 'interface_version', 'sha256'].map((h) => ({ header: h, field: h })),
          );
    const controlFile = layout.controlFile(batchId);
    await store.writeAtomic(path.posix.join(outbox, controlFile), control);
    await fs.rm(path.join(this.options.staging, batchId), { recursive: true, force: true });
    return { complete: true, files: [...delivered.map((d) => d.file), controlFile], rows: delivered.reduce((sum, d) => sum + d.rows, 0) };
  }

  /**
   * Claims and reads the order files waiting in the inbox (and any a crash left in processing/).
   * A file that cannot be read is quarantined with its reason; the others stay in processing/
   * until `archive` is called for them, so a crash before then reads them again.
   */
  async claimOrders(): Promise<ClaimedOrders> {
    const result: ClaimedOrders = { files: [], quarantined: [] };
    for (const { name } of await this.inbox.claim()) {
      try {
        const bytes = await this.inbox.read(name);
        const records = (await fromCsv(
          bytes.toString('utf8'),
          'replenishment_recommendation@1',
          this.options.layout.orderColumns,
        )) as ReplenishmentRecommendation[];
        if (!records.length) throw new InputError('The order file has a header but no order', 'PLANNING_FILE_MALFORMED');
        result.files.push({ name, records, sha256: createHash('sha256').update(bytes).digest('hex') });
      } catch (err) {
        const reason = toPlanbridgeError(err).message;
        await this.inbox.quarantine(name, reason);
        result.quarantined.push({ file: name, reason });
      }
    }
    return result;
  }

  /** Moves a claimed file out of processing/ into archive/ or quarantine/; returns its new name (see Inbox). */
  settle(name: string, to: 'archive' | 'quarantine'): Promise<string> {
    return this.inbox.settle(name, to);
  }

  /** Feedback for the planner, as one file per call. */
  async writeFeedback(rows: Record<string, unknown>[], stamp: string): Promise<string> {
    const name = `feedback_${stamp}.csv`;
    const columns = ['recommendation_id', 'plan_version', 'status', 'approved_qty', 'reason_code', 'odoo_refs', 'decided_by', 'at'].map((h) => ({
      header: h,
      field: h,
    }));
    await this.options.store.writeAtomic(path.posix.join(this.options.outbox, name), toCsv(rows, columns));
    return name;
  }
}
