export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface AlertRecord {
  id: string;
  key: string;
  type: string;
  severity: AlertSeverity;
  status: AlertStatus;
  message: string;
  sku: string | null;
  location: string | null;
  supplier: string | null;
  owner: string | null;
  details: string | null;
  firstSeen: number;
  lastSeen: number;
  count: number;
  due: number | null;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
  note: string | null;
}

export interface RaiseAlert {
  id: string;
  key: string;
  type: string;
  severity: AlertSeverity;
  message: string;
  sku: string | null;
  location: string | null;
  supplier: string | null;
  owner: string | null;
  details: string | null;
  at: number;
  due: number | null;
  /** How many occurrences this call stands for (a rule may fold a burst into one call). */
  occurrences?: number;
}

export interface AlertFilter {
  status?: AlertStatus | AlertStatus[];
  severity?: AlertSeverity;
  type?: string;
  key?: string;
  limit?: number;
}

export interface AlertStore {
  /**
   * Opens an alert, or, when one for the key is not resolved, counts the repeat on it (count,
   * last seen, latest message and severity). At most one unresolved alert exists per key.
   */
  raise(alert: RaiseAlert): Promise<{ alert: AlertRecord; opened: boolean }>;
  /** Resolves the unresolved alert of a key (its condition cleared); undefined when there is none. */
  clear(key: string, by: string, at: number, note: string | null): Promise<AlertRecord | undefined>;
  acknowledge(id: string, by: string, at: number, note: string | null): Promise<AlertRecord | undefined>;
  resolve(id: string, by: string, at: number, note: string | null): Promise<AlertRecord | undefined>;
  get(id: string): Promise<AlertRecord | undefined>;
  list(filter: AlertFilter): Promise<AlertRecord[]>;
  /** Unresolved alerts per severity. */
  countUnresolved(): Promise<Record<AlertSeverity, number>>;
}
