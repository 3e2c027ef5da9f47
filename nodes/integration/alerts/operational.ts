import { randomUUID } from 'node:crypto';
import type { Ledger } from '../../ledger/ledger';
import type { AlertRecord, AlertSeverity } from '../../ledger/store/alert-types';
import type { AlertChange } from './service';

/**
 * Alerts the runtime raises itself, about planbridge's own ability to do its work (not about the
 * business data a pb-alert rule judges): an operator must act on each.
 */
export const OPERATIONAL_ALERT_TYPES = ['auth_failure', 'file_quarantined', 'ledger_unwritable', 'run_overdue', 'broker_down', 'keys_stuck'] as const;
export type OperationalAlertType = (typeof OPERATIONAL_ALERT_TYPES)[number];

export interface OperationalAlert {
  type: OperationalAlertType;
  /** One open alert per key: e.g. `auth_failure:odoo:<config id>`, `run_overdue:<run id>`. */
  key: string;
  severity: AlertSeverity;
  message: string;
  details?: Record<string, unknown>;
  supplier?: string | null;
  /** How many occurrences this raise stands for (a burst of refused calls written at once). */
  occurrences?: number;
}

/** What the ledger emits (event `operational-alert`) after it recorded an operational alert's change. */
export interface OperationalAlertEvent {
  change: AlertChange;
  alert: AlertRecord;
}

export const OPERATIONAL_ALERT_EVENT = 'operational-alert';
const OPERATIONS = 'planbridge';

/** Opens the alert (or counts a repeat on the open one) and tells the ledger's listeners. */
export async function raiseOperational(ledger: Ledger, alert: OperationalAlert, now = ledger.now()): Promise<AlertRecord> {
  const { alert: record, opened } = await ledger.alerts.raise({
    id: randomUUID(),
    key: alert.key,
    type: alert.type,
    severity: alert.severity,
    message: alert.message,
    sku: null,
    location: null,
    supplier: alert.supplier ?? null,
    owner: null,
    details: alert.details ? JSON.stringify(alert.details) : null,
    at: now,
    due: null,
    occurrences: alert.occurrences,
  });
  ledger.emit(OPERATIONAL_ALERT_EVENT, { change: opened ? 'opened' : 'repeated', alert: record } satisfies OperationalAlertEvent);
  return record;
}

/** Resolves the open alert of a key once its condition cleared; nothing when none is open. */
export async function clearOperational(ledger: Ledger, key: string, note: string, now = ledger.now()): Promise<AlertRecord | undefined> {
  const resolved = await ledger.alerts.clear(key, OPERATIONS, now, note);
  if (resolved) ledger.emit(OPERATIONAL_ALERT_EVENT, { change: 'resolved', alert: resolved } satisfies OperationalAlertEvent);
  return resolved;
}
