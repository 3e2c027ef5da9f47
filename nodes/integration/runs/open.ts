import { ConfigError } from '../../lib/errors';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import { dispatch, runIdOf } from './run-message';

export interface OpenOptions {
  kind: string;
  parts: string[];
  idPath: string;
  /** The run's service level: how long it may stay open (ms), null for none. */
  dueInMs: number | null;
  node: string;
  flowId: string | null;
}

/** The service level field in minutes (blank: none). */
export function serviceLevelMs(minutes: string | undefined): number | null {
  if (minutes === undefined || String(minutes).trim() === '') return null;
  const value = Number(minutes);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError('The service level must be a number of minutes above 0, or blank');
  return value * 60_000;
}

/**
 * Opens the run a start message asks for and sends it to every part. A start for a run that is already
 * recorded (a second click, a redelivered trigger) sends nothing: an open run is owned by an instance
 * that is working on it or will be taken over, and a closed one is done.
 */
export async function openRun(ledger: Ledger, msg: LedgerMessage, options: OpenOptions): Promise<{ out: Array<LedgerMessage | null>; status: string }> {
  const id = runIdOf(msg, options.idPath);
  // The run's time is fixed when it opens, so a resumed run asks for the same things (a plan as of it).
  msg.event = { ...msg.event, time: msg.event?.time ?? new Date(ledger.now()).toISOString() };
  delete msg.run;
  const { run, opened } = await ledger.runs.open({
    id,
    kind: options.kind,
    flowId: options.flowId,
    startNode: options.node,
    parts: options.parts,
    msg,
    dueInMs: options.dueInMs,
  });
  if (!opened) return { out: [], status: `run ${id} ${run.state === 'open' ? 'is running already' : 'was done already'}` };
  return { out: dispatch(run, msg, false), status: `run ${id} open: ${run.parts.length} parts` };
}
