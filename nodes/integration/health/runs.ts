import type { Ledger } from '../../ledger/ledger';
import type { RunRecord } from '../../ledger/store/run-types';

/** How many runs the page lists: the open ones first, then the latest closed. */
export const RUNS_SHOWN = 10;

/** A run as Health shows it: what it owes, how far it got, and whether it is late. */
export interface RunRow {
  id: string;
  kind: string;
  state: 'open' | 'closed';
  partsDone: number;
  partsTotal: number;
  /** Parts not recorded done yet, in the run's order. */
  owed: string[];
  openedAt: number;
  dueAt: number | null;
  closedAt: number | null;
  attempt: number;
  /** Past its service level (an alert was raised), while still open. */
  overdue: boolean;
  outcome: string | null;
}

export function runRow(run: RunRecord): RunRow {
  const done = new Set(run.done.map((d) => d.part));
  return {
    id: run.id,
    kind: run.kind,
    state: run.state,
    partsDone: run.parts.filter((p) => done.has(p)).length,
    partsTotal: run.parts.length,
    owed: run.parts.filter((p) => !done.has(p)),
    openedAt: run.openedAt,
    dueAt: run.dueAt,
    closedAt: run.closedAt,
    attempt: run.attempt,
    overdue: run.state === 'open' && run.overdueAt !== null,
    outcome: run.outcome,
  };
}

/** Open runs (oldest first: the one waiting longest leads), then the latest closed ones. */
export async function latestRuns(ledger: Ledger): Promise<RunRow[]> {
  const [open, closed] = await Promise.all([ledger.runs.list({ state: 'open', limit: RUNS_SHOWN }), ledger.runs.list({ state: 'closed', limit: RUNS_SHOWN })]);
  return [...open.reverse(), ...closed].slice(0, RUNS_SHOWN).map(runRow);
}
