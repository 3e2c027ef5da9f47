import { inList, type Db } from './db';
import type { AlertFilter, AlertRecord, AlertSeverity, AlertStatus, AlertStore, RaiseAlert } from './alert-types';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toAlert(r: Row): AlertRecord {
  return {
    id: String(r.id),
    key: String(r.key),
    type: String(r.type),
    severity: r.severity as AlertSeverity,
    status: r.status as AlertStatus,
    message: String(r.message),
    sku: str(r.sku),
    location: str(r.location),
    supplier: str(r.supplier),
    owner: str(r.owner),
    details: str(r.details),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
    count: Number(r.count),
    due: num(r.due),
    acknowledgedBy: str(r.acknowledged_by),
    acknowledgedAt: num(r.acknowledged_at),
    resolvedBy: str(r.resolved_by),
    resolvedAt: num(r.resolved_at),
    note: str(r.note),
  };
}

export class SqlAlerts implements AlertStore {
  constructor(private readonly db: Db) {}

  async raise(a: RaiseAlert): Promise<{ alert: AlertRecord; opened: boolean }> {
    const occurrences = a.occurrences ?? 1;
    const rows = await this.db.all(
      `INSERT INTO pb_alert (id, key, type, severity, status, message, sku, location, supplier, owner, details, first_seen, last_seen, count, due)
       VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) WHERE status <> 'resolved' DO UPDATE SET
         count = pb_alert.count + excluded.count, last_seen = excluded.last_seen, message = excluded.message,
         severity = excluded.severity, details = excluded.details
       RETURNING *`,
      [a.id, a.key, a.type, a.severity, a.message, a.sku, a.location, a.supplier, a.owner, a.details, a.at, a.at, occurrences, a.due],
    );
    const alert = toAlert(rows[0]);
    return { alert, opened: alert.id === a.id };
  }

  async clear(key: string, by: string, at: number, note: string | null): Promise<AlertRecord | undefined> {
    const rows = await this.db.all(
      "UPDATE pb_alert SET status = 'resolved', resolved_by = ?, resolved_at = ?, note = COALESCE(?, note) WHERE key = ? AND status <> 'resolved' RETURNING *",
      [by, at, note, key],
    );
    return rows[0] ? toAlert(rows[0]) : undefined;
  }

  async acknowledge(id: string, by: string, at: number, note: string | null): Promise<AlertRecord | undefined> {
    const rows = await this.db.all(
      "UPDATE pb_alert SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?, note = COALESCE(?, note) WHERE id = ? AND status = 'open' RETURNING *",
      [by, at, note, id],
    );
    return rows[0] ? toAlert(rows[0]) : undefined;
  }

  async resolve(id: string, by: string, at: number, note: string | null): Promise<AlertRecord | undefined> {
    const rows = await this.db.all(
      "UPDATE pb_alert SET status = 'resolved', resolved_by = ?, resolved_at = ?, note = COALESCE(?, note) WHERE id = ? AND status <> 'resolved' RETURNING *",
      [by, at, note, id],
    );
    return rows[0] ? toAlert(rows[0]) : undefined;
  }

  async get(id: string): Promise<AlertRecord | undefined> {
    const rows = await this.db.all('SELECT * FROM pb_alert WHERE id = ?', [id]);
    return rows[0] ? toAlert(rows[0]) : undefined;
  }

  async list(filter: AlertFilter): Promise<AlertRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const statuses = filter.status === undefined ? [] : Array.isArray(filter.status) ? filter.status : [filter.status];
    if (statuses.length) {
      where.push(`status IN ${inList(statuses.length)}`);
      params.push(...statuses);
    }
    for (const [column, value] of [
      ['severity', filter.severity],
      ['type', filter.type],
      ['key', filter.key],
    ] as const) {
      if (value) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    }
    params.push(Math.min(Math.max(filter.limit ?? 500, 1), 10_000));
    const rows = await this.db.all(`SELECT * FROM pb_alert ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY first_seen DESC, id LIMIT ?`, params);
    return rows.map(toAlert);
  }

  async countUnresolved(): Promise<Record<AlertSeverity, number>> {
    const rows = await this.db.all<{ severity: AlertSeverity; n: number }>(
      "SELECT severity, COUNT(*) AS n FROM pb_alert WHERE status <> 'resolved' GROUP BY severity",
    );
    const counts: Record<AlertSeverity, number> = { info: 0, warning: 0, critical: 0 };
    for (const r of rows) counts[r.severity] = Number(r.n);
    return counts;
  }
}
