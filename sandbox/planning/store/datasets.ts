import { createHash } from 'node:crypto';
import { BatchChecksum, canonicalJson } from '../contracts/canonical-json';
import { emptyInput, type DatasetName, type PlanInput } from '../contracts/types';

export interface DatasetMeta {
  dataset: DatasetName;
  batch_id: string;
  row_count: number;
  checksum: string;
  as_of: string | null;
  interface_version: string | null;
  completed_at: string;
  /** rest, files or seed: where the current data came from. */
  via: string;
}

/**
 * The planner's current data: one completed delivery per dataset. A new delivery replaces the previous one
 * in a single assignment, so a plan running concurrently sees either the old or the new dataset, never a mix.
 */
export class DatasetStore {
  private data: PlanInput = emptyInput();
  private readonly meta = new Map<DatasetName, DatasetMeta>();

  current(): PlanInput {
    return { ...this.data };
  }

  status(): DatasetMeta[] {
    return [...this.meta.values()].sort((a, b) => (a.dataset < b.dataset ? -1 : 1));
  }

  replace<K extends DatasetName>(dataset: K, records: PlanInput[K], meta: Omit<DatasetMeta, 'dataset' | 'checksum' | 'row_count'> & { checksum?: string }): DatasetMeta {
    const full: DatasetMeta = {
      ...meta,
      dataset,
      row_count: records.length,
      checksum: meta.checksum ?? new BatchChecksum().add(records).hex(),
    };
    this.data = { ...this.data, [dataset]: records };
    this.meta.set(dataset, full);
    return full;
  }

  /** Identifies the input a plan is computed from: same fingerprint, same plan. */
  fingerprint(): string {
    const sums = Object.fromEntries(this.status().map((m) => [m.dataset, m.checksum]));
    return createHash('sha256').update(canonicalJson(sums)).digest('hex');
  }

  clear(): void {
    this.data = emptyInput();
    this.meta.clear();
  }
}
