import { PlanbridgeError } from '../../nodes/lib/errors';
import type { SeenAlert, SeenDeadLetter, SeenRun } from './try-report';

/** The tried runtime's admin API, signed in as the try's throwaway admin. */
export interface Admin {
  get<T>(pathname: string): Promise<{ status: number; body: T }>;
  getText(pathname: string): Promise<string>;
  post(pathname: string): Promise<{ status: number; text: string }>;
  token: string;
}

export async function signIn(url: string, username: string, password: string): Promise<Admin> {
  const response = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '', username, password }),
  });
  if (!response.ok) throw new PlanbridgeError('RELEASE_TRY_SIGN_IN_FAILED', `the tried runtime refused the try's admin ${username}: HTTP ${response.status}`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  return {
    token,
    async get<T>(pathname: string) {
      const r = await fetch(`${url}${pathname}`, { headers });
      return { status: r.status, body: (r.ok ? await r.json() : undefined) as T };
    },
    async getText(pathname) {
      return (await fetch(`${url}${pathname}`, { headers: { authorization: headers.authorization } })).text();
    },
    async post(pathname) {
      const r = await fetch(`${url}${pathname}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      return { status: r.status, text: await r.text() };
    },
  };
}

/**
 * What the ledger still owes: backlog, keys in progress, open runs; null when nothing (a runtime without
 * a ledger owes the ledger nothing).
 */
export async function ledgerOwes(admin: Admin): Promise<string | null> {
  const [state, open] = await Promise.all([
    admin.get<{ backlog: number; keysInProgress: number; settled: boolean }>('/planbridge/ledger/state'),
    admin.get<{ runs: Array<{ id: string; kind: string }> }>('/planbridge/runs?state=open&limit=10'),
  ]);
  if (state.status === 404) return null;
  if (state.status !== 200 || open.status !== 200) return `the ledger answers HTTP ${state.status}`;
  if (!state.body.settled) return `ledger backlog ${state.body.backlog}, keys in progress ${state.body.keysInProgress}`;
  if (open.body.runs.length) return `runs open: ${open.body.runs.map((r) => `${r.kind} ${r.id}`).join(', ')}`;
  return null;
}

/** Tracked messages delivered per tab, from the runtime's metrics (the latency histogram counts each delivery). */
function deliveredPerTab(metrics: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of metrics.matchAll(/^planbridge_message_latency_seconds_count\{flow="([^"]*)"\} (\d+)/gm)) counts[m[1]] = (counts[m[1]] ?? 0) + Number(m[2]);
  return counts;
}

export interface Seen {
  runs: SeenRun[];
  deadLetters: SeenDeadLetter[];
  alerts: SeenAlert[];
  completed: Record<string, number>;
}

/** What a runtime that stopped by itself can no longer be asked. */
export const NOTHING_SEEN: Seen = { runs: [], deadLetters: [], alerts: [], completed: {} };

/** Everything the ledger recorded: it was made for the try, so all of it is the try's. */
export async function observe(admin: Admin): Promise<Seen> {
  const [runs, letters, alerts, metrics] = await Promise.all([
    admin.get<{ runs: SeenRun[] }>('/planbridge/runs?limit=1000'),
    admin.get<{ deadLetters: SeenDeadLetter[] }>('/planbridge/dead-letters?limit=10000'),
    admin.get<{ alerts: SeenAlert[] }>('/planbridge/alerts?status=open,acknowledged,resolved&limit=5000'),
    admin.getText('/metrics'),
  ]);
  return {
    runs: runs.body?.runs ?? [],
    deadLetters: letters.body?.deadLetters ?? [],
    alerts: (alerts.body?.alerts ?? []).map(({ type, severity, message, count }) => ({ type, severity, message, count })),
    completed: deliveredPerTab(metrics),
  };
}
