import type { Ledger } from '../../ledger/ledger';
import { batchChecksum, pageChecksum } from '../client/checksum';
import type { Manifest } from '../client/rest-client';

interface BatchState {
  dataset: string;
  asOf: string;
  last?: number;
  /** seq → [rows, page checksum] */
  pages: Record<string, [number, string]>;
  done?: boolean;
}

/**
 * What a REST export has sent of one batch, kept in the ledger so a batch resumes after a failure or
 * a restart: the manifest goes once every page from 1 to the last is there. Only page checksums are
 * kept (the batch checksum chains them), not the records.
 */
export async function recordPage(ledger: Ledger, dataset: string, batchId: string, seq: number, last: boolean, records: unknown[], asOf: string): Promise<Manifest | undefined> {
  const name = `planning-export:${dataset}:${batchId}`;
  const stored = await ledger.store.getCursor(name);
  const state: BatchState = stored ? (JSON.parse(stored) as BatchState) : { dataset, asOf, pages: {} };
  if (state.done) return undefined;
  state.pages[String(seq)] = [records.length, pageChecksum(records)];
  if (last) state.last = seq;
  let manifest: Manifest | undefined;
  if (state.last !== undefined && Array.from({ length: state.last }, (_, i) => state.pages[String(i + 1)]).every(Boolean)) {
    const pages = Array.from({ length: state.last }, (_, i) => state.pages[String(i + 1)]);
    manifest = {
      batch_id: batchId,
      dataset,
      pages: state.last,
      row_count: pages.reduce((sum, [rows]) => sum + rows, 0),
      checksum: batchChecksum(pages.map(([, digest]) => digest)),
      as_of: state.asOf,
      interface_version: '1',
    };
  }
  await ledger.store.setCursor(name, JSON.stringify(state), Date.now());
  return manifest;
}

export async function markBatchDone(ledger: Ledger, dataset: string, batchId: string): Promise<void> {
  const name = `planning-export:${dataset}:${batchId}`;
  const state = JSON.parse((await ledger.store.getCursor(name)) ?? '{}') as BatchState;
  await ledger.store.setCursor(name, JSON.stringify({ ...state, pages: {}, done: true }), Date.now());
}
