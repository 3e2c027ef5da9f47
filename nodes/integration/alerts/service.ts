import { randomUUID } from 'node:crypto';
import type { Alert } from '../../canonical/contracts';
import type { Ledger } from '../../ledger/ledger';
import type { AlertRecord } from '../../ledger/store/alert-types';
import { OPERATIONAL_ALERT_TYPES } from './operational';
import type { AlertFinding } from './rules';

export type AlertChange = 'opened' | 'repeated' | 'resolved';

export interface AlertOptions {
  owner: string | null;
  /** Minutes an alert may stay open: its due time (SLA). */
  slaMinutes: number | null;
}

const TYPES = new Set([
  'stockout_risk',
  'supplier_delay',
  'short_supply',
  'master_data',
  'forecast_import',
  'dead_letter_growth',
  'api_throttling',
  'stock_drift',
  'invoice_mismatch',
  ...OPERATIONAL_ALERT_TYPES,
]);

/** An alert as the alert@1 contract carries it (MQTT, dashboard, notifications). */
export function alertRecord(a: AlertRecord): Alert {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    alert_id: a.id,
    key: a.key,
    type: (TYPES.has(a.type) ? a.type : 'custom') as Alert['type'],
    severity: a.severity,
    status: a.status,
    message: a.message,
    sku: a.sku,
    location: a.location,
    supplier: a.supplier,
    owner: a.owner,
    details: a.details ? (JSON.parse(a.details) as Record<string, unknown>) : {},
    first_seen: new Date(a.firstSeen).toISOString(),
    last_seen: new Date(a.lastSeen).toISOString(),
    count: a.count,
    due: iso(a.due),
    resolved_at: iso(a.resolvedAt),
  };
}

/** Consecutive active findings of one key (a burst of identical events) as one finding with its count. */
function foldBursts(findings: AlertFinding[]): Array<{ finding: AlertFinding; occurrences: number }> {
  const runs: Array<{ finding: AlertFinding; occurrences: number }> = [];
  for (const f of findings) {
    const last = runs[runs.length - 1];
    // The latest message, severity and details win, as they would one raise at a time.
    if (last && f.active && last.finding.active && last.finding.key === f.key) {
      last.finding = f;
      last.occurrences += 1;
    } else {
      runs.push({ finding: f, occurrences: 1 });
    }
  }
  return runs;
}

/** Raises active findings (a repeat counts on the open alert) and resolves cleared ones. */
export async function applyFindings(
  ledger: Ledger,
  findings: AlertFinding[],
  options: AlertOptions,
  by: string,
  now = ledger.now(),
): Promise<Array<{ change: AlertChange; alert: AlertRecord }>> {
  const changes: Array<{ change: AlertChange; alert: AlertRecord }> = [];
  for (const { finding: f, occurrences } of foldBursts(findings)) {
    if (f.active) {
      const { alert, opened } = await ledger.alerts.raise({
        id: randomUUID(),
        key: f.key,
        type: f.type,
        severity: f.severity,
        message: f.message,
        sku: f.sku ?? null,
        location: f.location ?? null,
        supplier: f.supplier ?? null,
        owner: options.owner,
        details: f.details ? JSON.stringify(f.details) : null,
        at: now,
        due: options.slaMinutes !== null ? now + options.slaMinutes * 60_000 : null,
        occurrences,
      });
      changes.push({ change: opened ? 'opened' : 'repeated', alert });
    } else {
      const resolved = await ledger.alerts.clear(f.key, by, now, 'the condition cleared');
      if (resolved) changes.push({ change: 'resolved', alert: resolved });
    }
  }
  return changes;
}

/** The MQTT topic of an alert: planbridge/<env>/alerts/<severity>/<type>. */
export function alertTopic(env: string, alert: Alert): string {
  return `planbridge/${env}/alerts/${alert.severity}/${alert.type}`;
}

/** The environment in alert topics: the node's field, else PLANBRIDGE_ENV (an unset `${PLANBRIDGE_ENV}` stays literal), else dev. */
export function alertEnv(field: string | undefined): string {
  return field && !field.startsWith('${') ? field : process.env.PLANBRIDGE_ENV || 'dev';
}
