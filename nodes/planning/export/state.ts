import type { Ledger } from '../../ledger/ledger';
import { Turns } from '../../lib/turns';
import { batchChecksum, pageChecksum } from '../client/checksum';
import type { Manifest } from '../client/rest-client';

interface BatchHeader {
  dataset: string;
  asOf: string;
  /** The last page's seq, once it has arrived. */
  last?: number;
  /** Distinct pages recorded so far. */
  pages: number;
  done?: boolean;
}

/**
 * What a REST export has sent of each batch, kept in the ledger so a batch resumes after a failure or
 * a restart: a small header per batch and one row per page (its row count and checksum, not the
 * records), so each page costs one small write however long the batch. The manifest is built once every
 * page from 1 to the last is there. Pages of one batch are recorded one at a time (they may arrive
 * concurrently); a batch's pages come from one reader on one instance.
 */
export class ExportState {
  private readonly batches = new Map<string, Turns>();

  constructor(private readonly ledger: Ledger) {}

  private serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    let turns = this.batches.get(key);
    if (!turns) this.batches.set(key, (turns = new Turns()));
    return turns.run(work);
  }

  /** Records a page that the platform has stored; answers the manifest when the batch is complete. */
  recordPage(dataset: string, batchId: string, seq: number, last: boolean, records: unknown[], asOf: string): Promise<Manifest | undefined> {
    const name = `planning-export:${dataset}:${batchId}`;
    return this.serialized(name, async () => {
      const cursors = this.ledger.cursors;
      const stored = await cursors.get(name);
      const header: BatchHeader = stored ? (JSON.parse(stored) as BatchHeader) : { dataset, asOf, pages: 0 };
      if (header.done) return undefined;
      const pageName = `${name}:${seq}`;
      if ((await cursors.get(pageName)) === undefined) header.pages += 1;
      await cursors.set(pageName, `${records.length} ${pageChecksum(records)}`);
      if (last) header.last = seq;
      await cursors.set(name, JSON.stringify(header));
      if (header.last === undefined || header.pages < header.last) return undefined;
      const pages: Array<[number, string]> = [];
      for (let i = 1; i <= header.last; i++) {
        const [rows, digest] = ((await cursors.get(`${name}:${i}`)) ?? '').split(' ');
        if (!digest) return undefined;
        pages.push([Number(rows), digest]);
      }
      return {
        batch_id: batchId,
        dataset,
        pages: header.last,
        row_count: pages.reduce((sum, [rows]) => sum + rows, 0),
        checksum: batchChecksum(pages.map(([, digest]) => digest)),
        as_of: header.asOf,
        interface_version: '1',
      };
    });
  }

  /** After the platform accepted the manifest: later copies of the batch's pages change nothing. */
  markDone(dataset: string, batchId: string): Promise<void> {
    const name = `planning-export:${dataset}:${batchId}`;
    return this.serialized(name, async () => {
      const header = JSON.parse((await this.ledger.cursors.get(name)) ?? '{}') as BatchHeader;
      await this.ledger.cursors.set(name, JSON.stringify({ ...header, done: true }));
      this.batches.delete(name);
    });
  }
}
