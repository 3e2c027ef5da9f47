/**
 * Runs: what the business sees of batch work (a nightly export, an execution batch, a supplier file).
 * A run is opened before its first page is read, names the parts it owes (datasets, files), records
 * each part once it is done, and is closed only when everything it owes is done. An open run belongs
 * to the instance that opened it while that instance renews its lease; a run whose owner is gone is
 * taken over and resumed. Times are epoch milliseconds.
 */

export type RunState = 'open' | 'closed';

export interface OpenRun {
  id: string;
  /** What kind of work, in words an operator knows: `nightly export`, `execute approved`. */
  kind: string;
  flowId: string | null;
  /** The node that opened the run: a resumed run starts there again. */
  startNode: string;
  /** The parts the run owes, in order (e.g. the seven datasets of an export). */
  parts: string[];
  /** The message that started the run (as the ledger keeps messages), to resume from. */
  body: string;
  owner: string;
  leaseUntil: number;
  openedAt: number;
  /** When it must be closed by (its service level); null for none. */
  dueAt: number | null;
}

export interface RunPart {
  part: string;
  doneAt: number;
  /** What the part amounted to, in words or figures (e.g. `31 pages, 14,904 rows`). */
  detail: string | null;
}

export interface RunRecord extends Omit<OpenRun, 'body'> {
  body: string;
  state: RunState;
  attempt: number;
  /** Parts recorded done, in the order they were done. */
  done: RunPart[];
  /** When every part was done (the run then owes only its closing step). */
  partsDoneAt: number | null;
  closedAt: number | null;
  outcome: string | null;
  /** When the run was found past its service level (an alert was raised then). */
  overdueAt: number | null;
}

export interface RunFilter {
  state?: RunState;
  startNode?: string;
  limit?: number;
}

export interface PartResult {
  run: RunRecord;
  /** True for exactly one caller: the one whose part completed the set. */
  completedParts: boolean;
}

export interface RunStore {
  /** Opens a run, or answers the one already recorded under its id (a resumed or repeated start). */
  open(run: OpenRun): Promise<{ run: RunRecord; opened: boolean }>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Records a part done (a part done twice counts once); says whether this call completed the set. */
  partDone(id: string, part: string, at: number, detail: string | null): Promise<PartResult | undefined>;
  /** Closes an open run with its outcome; false when it was not open. */
  close(id: string, outcome: string | null, at: number): Promise<boolean>;
  /** Open runs of a start node whose owner's lease ran out: now ours, attempt counted. */
  claimOrphans(startNode: string, owner: string, now: number, leaseUntil: number, limit: number): Promise<RunRecord[]>;
  /** Open runs past their due time not yet reported; each is answered once (marked overdue). */
  claimOverdue(now: number, limit: number): Promise<RunRecord[]>;
  list(filter: RunFilter): Promise<RunRecord[]>;
  renewLeases(owner: string, leaseUntil: number): Promise<number>;
  /** Deletes runs closed before a time; answers how many. */
  purge(closedBefore: number): Promise<number>;
}
