import { LEDGER_UNAVAILABLE } from '../../lib/errors';
import type { Ledger } from '../../ledger/ledger';
import type { RunRecord } from '../../ledger/store/run-types';
import { clearOperational, raiseOperational } from '../alerts/operational';

export interface WatchOptions {
  /** How often to look (ms). */
  everyMs: number;
  /** How long a key may stay in progress before it counts as stuck (ms). */
  stuckAfterMs: number;
  log: (line: string) => void;
}

export const WATCH_DEFAULTS = { everyMs: 30_000, stuckAfterMs: 15 * 60_000 };
const STUCK_KEYS_ALERT = 'keys_stuck';

function minutes(ms: number): number {
  return Math.max(1, Math.round(ms / 60_000));
}

function overdueMessage(run: RunRecord, now: number): string {
  const owed = run.parts.filter((p) => !run.done.some((d) => d.part === p));
  const what = owed.length ? `still owes ${owed.join(', ')}` : 'has every part but was not closed';
  return `The ${run.kind} run ${run.id} is past its service level (open for ${minutes(now - run.openedAt)} min) and ${what}`;
}

/** One look: an alert per run past its service level, one alert while keys stay in progress too long. */
export async function watchOnce(ledger: Ledger, options: Pick<WatchOptions, 'stuckAfterMs' | 'log'>): Promise<void> {
  for (const run of await ledger.runs.claimOverdue(50)) {
    const now = ledger.now();
    await raiseOperational(ledger, {
      type: 'run_overdue',
      key: `run_overdue:${run.id}`,
      severity: 'critical',
      message: overdueMessage(run, now),
      details: { run_id: run.id, kind: run.kind, opened_at: new Date(run.openedAt).toISOString(), done: run.done.map((d) => d.part), attempt: run.attempt },
    });
    options.log(`run ${run.id} (${run.kind}) is past its service level`);
  }
  const stuck = await ledger.runs.stuckKeys(options.stuckAfterMs, 10);
  if (stuck.count) {
    await raiseOperational(ledger, {
      type: 'keys_stuck',
      key: STUCK_KEYS_ALERT,
      severity: 'warning',
      message: `${stuck.count} idempotency key(s) have been in progress for over ${minutes(options.stuckAfterMs)} min: their work neither finished nor was given up`,
      details: { count: stuck.count, oldest: stuck.keys },
    });
  } else {
    await clearOperational(ledger, STUCK_KEYS_ALERT, 'no key is in progress for too long any more');
  }
}

/** Looks now and then; returns the stop function. A failed look (the ledger down) is tried again next time. */
export function watchLedger(ledger: Ledger, options: WatchOptions): () => void {
  const look = (): void => {
    // A ledger out of reach is told once by its own supervision (and its alert), not every look.
    watchOnce(ledger, options).catch((err: Error & { code?: string }) => {
      if (err.code !== LEDGER_UNAVAILABLE) options.log(`run watch: ${err.message}`);
    });
  };
  const timer = setInterval(look, options.everyMs);
  timer.unref();
  look();
  return () => clearInterval(timer);
}

/** How often runs and keys are watched, from the environment: PLANBRIDGE_WATCH_SECONDS, PLANBRIDGE_STUCK_KEY_MINUTES. */
export function watchSettings(env: NodeJS.ProcessEnv): { everyMs: number; stuckAfterMs: number } {
  const seconds = Number(env.PLANBRIDGE_WATCH_SECONDS);
  const minutes = Number(env.PLANBRIDGE_STUCK_KEY_MINUTES);
  return {
    everyMs: seconds > 0 ? seconds * 1000 : WATCH_DEFAULTS.everyMs,
    stuckAfterMs: minutes > 0 ? minutes * 60_000 : WATCH_DEFAULTS.stuckAfterMs,
  };
}
