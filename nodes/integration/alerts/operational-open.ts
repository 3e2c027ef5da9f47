import type { Ledger } from '../../ledger/ledger';
import type { AlertSeverity } from '../../ledger/store/alert-types';
import { outageAlert, type LedgerOutage } from './ledger-outages';
import { OPERATIONAL_ALERT_TYPES, type OperationalAlertType } from './operational';

/** An operational alert that is open now, as Health shows it. */
export interface OperationalRow {
  key: string;
  type: OperationalAlertType;
  severity: AlertSeverity;
  message: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  status: 'open' | 'acknowledged';
  /** False while it is known in memory only (the ledger that should hold it cannot write). */
  recorded: boolean;
}

/** How many of each type the page lists at most. */
const PER_TYPE = 50;

/** Open operational alerts held in memory only: the unwritable ledgers. */
export function unrecordedAlerts(outages: LedgerOutage[], now: number): OperationalRow[] {
  return outages.map((outage) => {
    const alert = outageAlert(outage);
    return { ...alert, count: 1, firstSeen: outage.since, lastSeen: now, status: 'open', recorded: false };
  });
}

/** Open and acknowledged operational alerts in a ledger, newest first. */
export async function recordedAlerts(ledger: Ledger): Promise<OperationalRow[]> {
  const lists = await Promise.all(OPERATIONAL_ALERT_TYPES.map((type) => ledger.alerts.list({ status: ['open', 'acknowledged'], type, limit: PER_TYPE })));
  return lists
    .flat()
    .map((a) => ({
      key: a.key,
      type: a.type as OperationalAlertType,
      severity: a.severity,
      message: a.message,
      count: a.count,
      firstSeen: a.firstSeen,
      lastSeen: a.lastSeen,
      status: a.status === 'acknowledged' ? ('acknowledged' as const) : ('open' as const),
      recorded: true,
    }))
    .sort((a, b) => b.lastSeen - a.lastSeen);
}

/** Open operational alerts per type, for planbridge_operational_alerts_open. */
export function countByType(rows: OperationalRow[]): Map<string, number> {
  const counts = new Map<string, number>(OPERATIONAL_ALERT_TYPES.map((t) => [t, 0]));
  for (const r of rows) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return counts;
}
