import type { NodeMessage } from 'node-red';
import type { Alert } from '../../canonical/contracts';
import { InputError } from '../../lib/errors';
import type { InputResult } from '../../lib/run-input';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import type { AlertRecord, AlertSeverity } from '../../ledger/store/alert-types';
import { alertRecord, alertTopic } from './service';

/** The signed-in dashboard user, as nodes/dashboard/user-plugin.ts puts it on msg._client.user. */
export interface ExceptionsUser {
  username: string;
  roles: string[];
}

export type ExceptionsRequest =
  | { action: 'refresh'; severity?: AlertSeverity; type?: string }
  | { action: 'acknowledge' | 'resolve'; id: string; note: string | null; severity?: AlertSeverity; type?: string };

/** One row of the Exceptions page. */
export interface ExceptionRow {
  id: string;
  key: string;
  type: string;
  severity: AlertSeverity;
  status: 'open' | 'acknowledged';
  message: string;
  count: number;
  first_seen: string;
  last_seen: string;
  owner: string | null;
  due: string | null;
  overdue: boolean;
  age_seconds: number;
  age: string;
  sku: string | null;
  location: string | null;
  supplier: string | null;
  acknowledged_by: string | null;
  note: string | null;
}

export interface ExceptionsView {
  alerts: ExceptionRow[];
  counts: Record<AlertSeverity, number> & { total: number };
  canAct: boolean;
  filter: { severity: AlertSeverity | null; type: string | null };
  as_of: string;
  /** After an action: what was done, to which alert. */
  done?: { action: 'acknowledge' | 'resolve'; id: string; by: string };
}

const SEVERITIES: AlertSeverity[] = ['info', 'warning', 'critical'];
const ACTING_ROLES = new Set(['planner', 'analyst', 'admin']);
const MAX_NOTE = 2000;
const LIST_LIMIT = 500;

/** Planners, analysts and administrators handle exceptions; viewers only look. */
export function canActOnAlerts(user: ExceptionsUser | undefined): boolean {
  return !!user && user.roles.some((r) => ACTING_ROLES.has(r));
}

/** The user the dashboard plugin set on the message; anything else on msg._client is ignored. */
export function dashboardUser(msg: object): ExceptionsUser | undefined {
  const user = (msg as { _client?: { user?: { username?: unknown; roles?: unknown } } })._client?.user;
  if (!user || typeof user.username !== 'string' || !user.username) return undefined;
  return { username: user.username, roles: Array.isArray(user.roles) ? user.roles.map(String) : [] };
}

/** The action a message asks for: msg.topic refresh (default), acknowledge or resolve. */
export function exceptionsRequest(topic: unknown, payload: unknown): ExceptionsRequest {
  const p = payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  const severity = p.severity === undefined || p.severity === null || p.severity === '' ? undefined : p.severity;
  if (severity !== undefined && !SEVERITIES.includes(severity as AlertSeverity)) {
    throw new InputError(`The severity filter must be one of ${SEVERITIES.join(', ')}, got "${String(severity)}"`, 'EXCEPTIONS_FILTER_INVALID');
  }
  const type = typeof p.type === 'string' && p.type ? p.type : undefined;
  const filter = { severity: severity as AlertSeverity | undefined, type };
  const action = topic === undefined || topic === null || topic === '' ? 'refresh' : topic;
  if (action === 'refresh') return { action, ...filter };
  if (action !== 'acknowledge' && action !== 'resolve') {
    throw new InputError(`msg.topic must be refresh, acknowledge or resolve, got "${String(action)}"`, 'EXCEPTIONS_ACTION_UNKNOWN');
  }
  if (typeof p.id !== 'string' || !p.id) throw new InputError(`To ${action} an alert, msg.payload.id must name it`, 'EXCEPTIONS_ID_MISSING');
  const note = typeof p.note === 'string' && p.note.trim() ? p.note.trim().slice(0, MAX_NOTE) : null;
  return { action, id: p.id, note, ...filter };
}

/** "3 d 4 h", "2 h 5 min", "12 min", "40 s". */
export function ageText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min`;
  return `${s} s`;
}

export function exceptionRow(a: AlertRecord, now: number): ExceptionRow {
  const contract: Alert = alertRecord(a);
  const ageSeconds = Math.max(0, Math.floor((now - a.firstSeen) / 1000));
  return {
    id: a.id,
    key: a.key,
    type: contract.type,
    severity: a.severity,
    status: a.status === 'acknowledged' ? 'acknowledged' : 'open',
    message: a.message,
    count: a.count,
    first_seen: contract.first_seen,
    last_seen: contract.last_seen,
    owner: a.owner,
    due: contract.due ?? null,
    overdue: a.due !== null && now > a.due,
    age_seconds: ageSeconds,
    age: ageText(ageSeconds),
    sku: a.sku,
    location: a.location,
    supplier: a.supplier,
    acknowledged_by: a.acknowledgedBy,
    note: a.note,
  };
}

/** Open and acknowledged alerts, newest first, with the counts per severity of all unresolved ones. */
export async function exceptionsView(
  ledger: Ledger,
  filter: { severity?: AlertSeverity; type?: string },
  user: ExceptionsUser,
  now = ledger.now(),
): Promise<ExceptionsView> {
  const [alerts, counts] = await Promise.all([
    ledger.alerts.list({ status: ['open', 'acknowledged'], severity: filter.severity, type: filter.type, limit: LIST_LIMIT }),
    ledger.alerts.countUnresolved(),
  ]);
  const rows = alerts.map((a) => exceptionRow(a, now));
  return {
    alerts: rows,
    counts: { ...counts, total: counts.info + counts.warning + counts.critical },
    canAct: canActOnAlerts(user),
    filter: { severity: filter.severity ?? null, type: filter.type ?? null },
    as_of: new Date(now).toISOString(),
  };
}

/** A refusal or a failed action the page shows; the node answers it instead of failing. */
export interface ExceptionsRefusal {
  error: { code: string; message: string };
}

export function refusal(code: string, message: string): ExceptionsRefusal {
  return { error: { code, message } };
}

/**
 * Acknowledges or resolves one alert as the signed-in user, recording the user and the note. A
 * viewer is refused (FORBIDDEN); an alert that is unknown or already past that step answers
 * ALERT_NOT_OPEN. The refreshed list comes back on success.
 */
export async function actOnAlert(
  ledger: Ledger,
  request: Extract<ExceptionsRequest, { action: 'acknowledge' | 'resolve' }>,
  user: ExceptionsUser,
  now = ledger.now(),
): Promise<{ answer: ExceptionsView | ExceptionsRefusal; resolved?: AlertRecord }> {
  if (!canActOnAlerts(user)) {
    return {
      answer: refusal('FORBIDDEN', `${user.username} may look at exceptions but not ${request.action} them: that takes the planner, analyst or admin role`),
    };
  }
  const store = ledger.alerts;
  const changed =
    request.action === 'acknowledge'
      ? await store.acknowledge(request.id, user.username, now, request.note)
      : await store.resolve(request.id, user.username, now, request.note);
  if (!changed) {
    const current = await store.get(request.id);
    const why = !current
      ? 'no longer exists'
      : current.status === 'resolved'
        ? `was already resolved by ${current.resolvedBy ?? 'someone'}`
        : `is already ${current.status}`;
    return { answer: refusal('ALERT_NOT_OPEN', `The alert ${why}`) };
  }
  const view = { ...(await exceptionsView(ledger, request, user, now)), done: { action: request.action, id: request.id, by: user.username } };
  return { answer: view, resolved: request.action === 'resolve' ? changed : undefined };
}

/**
 * One message of the Exceptions page: the answer on output 1 (the same message, so msg._client
 * still names the asking browser) and, for a resolution, the alert change on output 2, as pb-alert
 * publishes it. Only the user the dashboard plugin set on the server counts; without one nothing
 * is read or changed.
 */
export async function answerPage(opening: Promise<Ledger>, msg: LedgerMessage, env: string): Promise<InputResult> {
  const user = dashboardUser(msg);
  if (!user) {
    msg.payload = refusal('AUTH_REQUIRED', 'Sign in to the dashboard to see the exceptions');
    return { send: [msg, null], status: 'AUTH_REQUIRED' };
  }
  const request = exceptionsRequest(msg.topic, msg.payload);
  const ledger = await opening;
  if (request.action === 'refresh') {
    const view = await exceptionsView(ledger, request, user);
    msg.payload = view;
    return { send: [msg, null], status: `${view.counts.total} unresolved` };
  }
  const { answer, resolved } = await actOnAlert(ledger, request, user);
  msg.payload = answer;
  const record = resolved ? alertRecord(resolved) : undefined;
  const change: NodeMessage | null = record ? { payload: record, topic: alertTopic(env, record), change: 'resolved' } : null;
  return { send: [msg, change], status: 'error' in answer ? `${request.action} refused: ${answer.error.code}` : `${request.action}d by ${user.username}` };
}
