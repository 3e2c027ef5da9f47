import { createHash } from 'node:crypto';
import { BatchChecksum, canonicalJson } from '../contracts/canonical-json';
import type { DatasetName } from '../contracts/types';

export interface Manifest {
  batch_id: string;
  dataset: string;
  pages: number;
  row_count: number;
  checksum: string;
  as_of: string;
  interface_version: string;
}

export interface Mismatch {
  field: string;
  expected: unknown;
  actual: unknown;
}

interface Page {
  hash: string;
  /** Dropped once the batch completes; the hash alone answers replays. */
  records: unknown[] | null;
}

interface Batch {
  dataset: DatasetName;
  batchId: string;
  pages: Map<number, Page>;
  manifest: Manifest | null;
}

export type PageOutcome = { kind: 'stored'; received: number } | { kind: 'duplicate'; received: number } | { kind: 'conflict' } | { kind: 'completed' };
export type ManifestOutcome =
  { kind: 'completed' | 'duplicate'; records: unknown[]; manifest: Manifest } | { kind: 'mismatch'; mismatches: Mismatch[] } | { kind: 'conflict' };

/**
 * Open batches of pages per (dataset, batch id). A page is idempotent per (batch, seq): the same content is
 * a duplicate, different content under a used seq is a conflict, because the sender's retry must never
 * silently change data. A manifest completes the batch only when pages, rows and checksum all agree.
 */
export class BatchStore {
  private readonly batches = new Map<string, Batch>();

  addPage(dataset: DatasetName, batchId: string, seq: number, records: unknown[]): PageOutcome {
    const batch = this.batch(dataset, batchId);
    const hash = pageHash(records);
    const seen = batch.pages.get(seq);
    if (seen) return seen.hash === hash ? { kind: 'duplicate', received: records.length } : { kind: batch.manifest ? 'completed' : 'conflict' };
    if (batch.manifest) return { kind: 'completed' };
    batch.pages.set(seq, { hash, records });
    return { kind: 'stored', received: records.length };
  }

  complete(dataset: DatasetName, batchId: string, manifest: Manifest): ManifestOutcome {
    const batch = this.batch(dataset, batchId);
    if (batch.manifest) return canonicalJson(batch.manifest) === canonicalJson(manifest) ? { kind: 'duplicate', records: [], manifest } : { kind: 'conflict' };
    const seqs = [...batch.pages.keys()].sort((a, b) => a - b);
    const mismatches: Mismatch[] = [];
    const missing = Array.from({ length: manifest.pages }, (_, i) => i + 1).filter((s) => !batch.pages.has(s));
    const extra = seqs.filter((s) => s > manifest.pages);
    if (missing.length > 0 || extra.length > 0) {
      mismatches.push({ field: 'pages', expected: manifest.pages, actual: seqs.length });
      if (missing.length > 0) mismatches.push({ field: 'missing_seqs', expected: [], actual: missing });
      if (extra.length > 0) mismatches.push({ field: 'unexpected_seqs', expected: [], actual: extra });
    }
    const pages = seqs.map((s) => batch.pages.get(s)!.records!);
    const rows = pages.reduce((n, p) => n + p.length, 0);
    if (rows !== manifest.row_count) mismatches.push({ field: 'row_count', expected: manifest.row_count, actual: rows });
    const checksum = pages.reduce((sum, p) => sum.add(p), new BatchChecksum()).hex();
    if (checksum !== manifest.checksum.toLowerCase()) mismatches.push({ field: 'checksum', expected: manifest.checksum, actual: checksum });
    if (mismatches.length > 0) return { kind: 'mismatch', mismatches };
    batch.manifest = manifest;
    const records = pages.flat();
    for (const page of batch.pages.values()) page.records = null;
    return { kind: 'completed', records, manifest };
  }

  describe(dataset: DatasetName, batchId: string): { status: 'open' | 'completed'; pages: number[] } | null {
    const batch = this.batches.get(`${dataset}/${batchId}`);
    if (!batch) return null;
    return { status: batch.manifest ? 'completed' : 'open', pages: [...batch.pages.keys()].sort((a, b) => a - b) };
  }

  clear(): void {
    this.batches.clear();
  }

  private batch(dataset: DatasetName, batchId: string): Batch {
    const key = `${dataset}/${batchId}`;
    let batch = this.batches.get(key);
    if (!batch) this.batches.set(key, (batch = { dataset, batchId, pages: new Map(), manifest: null }));
    return batch;
  }
}

function pageHash(records: unknown[]): string {
  return createHash('sha256').update(canonicalJson(records)).digest('hex');
}
