/**
 * Stock snapshots kept for reconciliation. A scope owns runs: a pb-reconcile node (its id), or a
 * kept snapshot (`keep:<name>`). A run collects pages from its sides until each has delivered
 * every page, then is compared (reconcile) or becomes the scope's kept snapshot (keep).
 */

/** One stock row as stored: the compared quantity of an item at a location. */
export interface SnapshotRow {
  sku: string;
  location: string;
  quantity: number;
  unitCost: number | null;
  category: string | null;
}

export type SnapshotRunState = 'open' | 'comparing' | 'compared' | 'failed' | 'kept';

export interface SnapshotRun {
  id: number;
  scope: string;
  name: string;
  /** The sides fed into the run, whose pages it waits for. */
  sides: string[];
  state: SnapshotRunState;
  createdAt: number;
  updatedAt: number;
}

export interface SnapshotPage {
  scope: string;
  /** The run by name; null for the scope's open run, or a new one named `newName` (unique in the scope). */
  run: string | null;
  newName: string;
  /** The sides a new run waits for. */
  sides: string[];
  source: string;
  /** msg.batch.id: a page of a batch seen before goes to that batch's run; a new batch of a source replaces its earlier pages in the run. */
  batch: string;
  seq: number;
  last: boolean;
  rows: SnapshotRow[];
  at: number;
  /** When the page completes the run, it becomes the scope's kept snapshot, replacing the previous one. */
  keep?: boolean;
}

export interface SourceProgress {
  source: string;
  pages: number;
  rows: number;
  /** The seq of the last page, once seen. */
  lastSeq: number | null;
  /** The last page and every page before it are in. */
  complete: boolean;
}

export interface PageOutcome {
  run: SnapshotRun;
  /** False when the page belongs to a run that is no longer open (a late redelivery): nothing was written. */
  accepted: boolean;
  progress: SourceProgress[];
  /** This page completed the run; exactly one page of a run sees true. */
  completed: boolean;
}

/** One item at one location across the compared sides: quantities in the order asked for, null where a side has no row. */
export interface ComparedRow {
  sku: string;
  location: string;
  quantities: Array<number | null>;
  unitCost: number | null;
  category: string | null;
}

export interface RowKey {
  sku: string;
  location: string;
}

export interface SnapshotStore {
  /** Stores a page (replacing an earlier delivery of it) and reports the run's progress, in one transaction. */
  recordPage(page: SnapshotPage): Promise<PageOutcome>;
  getRun(id: number): Promise<SnapshotRun | undefined>;
  /** Runs of a scope, oldest first. */
  runs(scope: string, states?: SnapshotRunState[]): Promise<SnapshotRun[]>;
  progress(runId: number): Promise<SourceProgress[]>;
  /** The complete snapshot a keep scope holds now. */
  kept(scope: string): Promise<SnapshotRun | undefined>;
  /**
   * Copies the kept snapshot of `keepScope` into a run as `side` (replacing any earlier copy), so the
   * run compares what was kept when it started even if a newer snapshot replaces it meanwhile.
   * Returns the rows copied, or null when the scope keeps nothing.
   */
  adoptKept(runId: number, side: string, keepScope: string): Promise<number | null>;
  /**
   * One page of the comparison, in sku then location order after `after`: one grouped query
   * summing each side's rows per item and location (lots add up).
   */
  compare(runId: number, sides: string[], after: RowKey | null, limit: number): Promise<ComparedRow[]>;
  setRunState(runId: number, state: SnapshotRunState, at: number): Promise<void>;
  /** Removes the finished runs of a scope but the newest `keep`, with their pages and rows; returns how many. */
  dropRuns(scope: string, keep: number): Promise<number>;
}
