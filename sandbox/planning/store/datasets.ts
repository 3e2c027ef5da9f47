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
  private readonly content = new Map<DatasetName, string>();

  current(): PlanInput {
    return { ...this.data };
  }

  status(): DatasetMeta[] {
    return [...this.meta.values()].sort((a, b) => (a.dataset < b.dataset ? -1 : 1));
  }

  replace<K extends DatasetName>(
    dataset: K,
    records: PlanInput[K],
    meta: Omit<DatasetMeta, 'dataset' | 'checksum' | 'row_count'> & { checksum?: string },
  ): DatasetMeta {
    const full: DatasetMeta = {
      ...meta,
      dataset,
      row_count: records.length,
      checksum: meta.checksum ?? new BatchChecksum().add(records).hex(),
    };
    this.data = { ...this.data, [dataset]: records };
    this.meta.set(dataset, full);
    this.content.set(dataset, planningContentDigest(dataset, records));
    return full;
  }

  /**
   * Identifies the input a plan is computed from: same fingerprint, same plan. It covers what the
   * engine plans on, not when it was extracted, so the same stock sent again later (a new snapshot id and
   * time) is the same input.
   */
  fingerprint(): string {
    const sums = Object.fromEntries(this.status().map((m) => [m.dataset, this.content.get(m.dataset)]));
    return createHash('sha256').update(canonicalJson(sums)).digest('hex');
  }

  clear(): void {
    this.data = emptyInput();
    this.meta.clear();
    this.content.clear();
  }
}

/** Fields that say when and in which run a record was extracted, not what it says. */
const EXTRACTION_FIELDS: Partial<Record<DatasetName, readonly string[]>> = { stock_snapshot: ['snapshot_id', 'as_of'] };

function planningContentDigest(dataset: DatasetName, records: readonly object[]): string {
  const drop = EXTRACTION_FIELDS[dataset];
  const checksum = new BatchChecksum();
  if (!drop) return checksum.add(records).hex();
  return checksum.add(records.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))))).hex();
}
