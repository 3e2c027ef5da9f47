import type { LedgerState } from '../../lib/operational-signals';
import type { Ledger } from '../../ledger/ledger';
import { ageText } from './exceptions';
import { clearOperational, raiseOperational } from './operational';

/** A ledger that cannot write now: known in memory only, since the ledger cannot hold it. */
export interface LedgerOutage {
  configId: string;
  name: string;
  /** When it started (epoch ms). */
  since: number;
  reason: string;
}

export function outageKey(configId: string): string {
  return `ledger_unwritable:${configId}`;
}

/**
 * Unwritable ledgers (LEDGER_UNAVAILABLE): the alert cannot go into a ledger that is down, so it is
 * kept here while the outage lasts (Health and /metrics read it at once), and written once the ledger
 * takes writes again: opened at the time the outage started, resolved with how long it lasted.
 */
export class LedgerOutages {
  private readonly current = new Map<string, LedgerOutage>();

  constructor(
    /** Queues a write for one ledger; `resume` lets the writes kept during the outage through. */
    private readonly record: (configId: string, work: (ledger: Ledger) => Promise<unknown>) => Promise<void>,
    private readonly resume: (configId: string) => void,
  ) {}

  changed(state: LedgerState): void {
    const outage = this.current.get(state.configId);
    if (!state.up) {
      if (!outage) this.current.set(state.configId, { configId: state.configId, name: state.name, since: state.at, reason: state.reason ?? 'unreachable' });
      return;
    }
    if (outage) {
      this.current.delete(state.configId);
      void this.record(state.configId, (ledger) => recordOutage(ledger, outage, state.at));
    }
    this.resume(state.configId);
  }

  /** The outages going on now, oldest first. */
  open(): LedgerOutage[] {
    return [...this.current.values()].sort((a, b) => a.since - b.since);
  }
}

/** The outage's alert, as it stands in the ledger: opened when the ledger stopped taking writes; `until` once it ended. */
export function outageAlert(outage: LedgerOutage, until?: number) {
  const ended = until === undefined ? {} : { until: new Date(until).toISOString(), seconds: Math.round((until - outage.since) / 1000) };
  return {
    type: 'ledger_unwritable' as const,
    key: outageKey(outage.configId),
    severity: 'critical' as const,
    message: `The ledger ${outage.name} cannot record (${outage.reason}): webhooks answer 503 and nothing new is accepted until it can`,
    details: { ledger: outage.configId, since: new Date(outage.since).toISOString(), reason: outage.reason, ...ended },
  };
}

async function recordOutage(ledger: Ledger, outage: LedgerOutage, until: number): Promise<void> {
  const lasted = ageText((until - outage.since) / 1000);
  await raiseOperational(ledger, outageAlert(outage, until), outage.since);
  await clearOperational(ledger, outageKey(outage.configId), `the ledger records again; the outage lasted ${lasted}`, until);
}
