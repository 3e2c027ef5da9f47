import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PlanbridgeError } from '../../nodes/lib/errors';
import { packageRoot, usersFileName } from '../paths';
import { UserStore } from '../users';
import { verifyRelease, type Release } from './bundle';
import { planTry, tryEnvironment, type TryPlan } from './try-plan';
import { startTriedRuntime, type TriedRuntime } from './try-process';
import { buildTryReport, type FiredTrigger, type SeenAlert, type SeenDeadLetter, type SeenRun, type TryReport } from './try-report';
import { watchRuntime, type RuntimeWatch } from './try-watch';

export interface TryOptions {
  /** The release bundle. */
  file: string;
  /** Run in this directory (created; must be empty) and keep it, instead of a temporary one. */
  keep?: string;
  /** How long the flows may take to settle, start included (default 180 s). */
  timeoutSeconds?: number;
  /** The caller's environment: only sandbox sizing is taken from it (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Progress lines. */
  log?: (line: string) => void;
}

const ADMIN = 'release-try';
const POLL_MS = 250;
/** How long "nothing owed, nothing open, nothing busy" must hold before a trigger counts as done. */
const QUIET_MS = 1_000;

async function readRelease(file: string): Promise<Release> {
  let release: Release;
  try {
    release = JSON.parse(await fs.readFile(file, 'utf8')) as Release;
  } catch (err) {
    throw new PlanbridgeError('RELEASE_UNREADABLE', `cannot read ${file} as a release bundle: ${(err as Error).message}`);
  }
  if (!release || typeof release !== 'object' || !Array.isArray(release.flows))
    throw new PlanbridgeError('RELEASE_UNREADABLE', `${file} is not a release bundle (planbridge release create makes one)`);
  if (!verifyRelease(release))
    throw new PlanbridgeError(
      'RELEASE_MODIFIED',
      `${file} does not match its checksum ${String(release.checksum)}: it was changed after it was made, so it is not the release it says it is; make a new one with planbridge release create`,
    );
  return release;
}

async function userDirFor(keep: string | undefined): Promise<string> {
  if (!keep) return fs.mkdtemp(path.join(os.tmpdir(), 'pb-try-'));
  const dir = path.resolve(keep);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if ((await fs.readdir(dir)).length) throw new PlanbridgeError('RELEASE_TRY_DIR_NOT_EMPTY', `${dir} is not empty: --keep needs a new or empty directory`);
  return dir;
}

/** The installed credentials template, for the nodes and credential names the release has: `${VAR}`s only the sandboxes fill. */
async function credentialsTemplate(release: Release): Promise<Record<string, Record<string, unknown>>> {
  const installed = JSON.parse(await fs.readFile(path.join(packageRoot, 'flows', 'credentials.template.json'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  const template: Record<string, Record<string, unknown>> = {};
  for (const [id, names] of Object.entries(release.credentials))
    if (installed[id]) template[id] = Object.fromEntries(names.filter((n) => n in installed[id]).map((n) => [n, installed[id][n]]));
  return template;
}

interface Admin {
  get<T>(pathname: string): Promise<{ status: number; body: T }>;
  getText(pathname: string): Promise<string>;
  post(pathname: string): Promise<{ status: number; text: string }>;
  token: string;
}

async function signIn(url: string, password: string): Promise<Admin> {
  const response = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '', username: ADMIN, password }),
  });
  if (!response.ok) throw new PlanbridgeError('RELEASE_TRY_SIGN_IN_FAILED', `the tried runtime refused the try's admin: HTTP ${response.status}`);
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
 * What the runtime still owes: ledger backlog or keys in progress, open runs, busy nodes; null when
 * nothing (a runtime without a ledger owes the ledger nothing).
 */
async function owed(admin: Admin, watch: RuntimeWatch, holders: Map<string, string>): Promise<string | null> {
  try {
    return await owedNow(admin, watch, holders);
  } catch (err) {
    return `the runtime does not answer: ${(err as Error).message}`;
  }
}

async function owedNow(admin: Admin, watch: RuntimeWatch, holders: Map<string, string>): Promise<string | null> {
  const busy = watch.busy().filter((b) => !holders.has(b.id));
  if (busy.length) return `nodes busy: ${busy.map((b) => `${b.id}${b.text ? ` (${b.text})` : ''}`).join(', ')}`;
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

/**
 * Resolves once the runtime owed nothing for QUIET_MS (asked every POLL_MS), or at the deadline with
 * what it still owed then.
 */
async function settle(
  runtime: TriedRuntime,
  admin: Admin,
  watch: RuntimeWatch,
  holders: Map<string, string>,
  deadline: number,
): Promise<{ settled: boolean; owed: string | null }> {
  let idleSince: number | null = null;
  let last: string | null = null;
  while (Date.now() < deadline) {
    const stopped = runtime.stoppedByItself();
    if (stopped) return { settled: false, owed: `the runtime stopped by itself (${stopped})` };
    last = await owed(admin, watch, holders);
    if (last === null) {
      idleSince ??= Date.now();
      if (Date.now() - idleSince >= QUIET_MS) return { settled: true, owed: null };
    } else {
      idleSince = null;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return { settled: false, owed: last };
}

/** Tracked messages delivered per tab, from the runtime's metrics (the latency histogram counts each delivery). */
function deliveredPerTab(metrics: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of metrics.matchAll(/^planbridge_message_latency_seconds_count\{flow="([^"]*)"\} (\d+)/gm)) counts[m[1]] = (counts[m[1]] ?? 0) + Number(m[2]);
  return counts;
}

async function fire(
  runtime: TriedRuntime,
  admin: Admin,
  watch: RuntimeWatch,
  plan: TryPlan,
  deadline: number,
  log: (line: string) => void,
): Promise<{ fired: FiredTrigger[]; settled: boolean; owed: string | null }> {
  const fired: FiredTrigger[] = [];
  let state = await settle(runtime, admin, watch, plan.holders, deadline);
  for (const trigger of plan.triggers) {
    if (!state.settled) {
      fired.push({
        ...trigger,
        failed: `not fired: ${runtime.stoppedByItself() ? 'the runtime had stopped' : 'the flows had not settled before the timeout'}`,
      });
      continue;
    }
    const answer = await admin.post(`/inject/${encodeURIComponent(trigger.id)}`);
    fired.push({ ...trigger, failed: answer.status === 200 ? null : `HTTP ${answer.status} ${answer.text}`.trim() });
    const at = Date.now();
    state = await settle(runtime, admin, watch, plan.holders, deadline);
    const took = ((Date.now() - at) / 1000).toFixed(1);
    log(`planbridge release try: fired "${trigger.name}" (${trigger.id}); ${state.settled ? `settled in ${took} s` : `not settled: ${state.owed}`}`);
  }
  return { fired, ...state };
}

const NOTHING_SEEN = { runs: [], deadLetters: [], alerts: [], completed: {} };

async function observe(admin: Admin): Promise<{ runs: SeenRun[]; deadLetters: SeenDeadLetter[]; alerts: SeenAlert[]; completed: Record<string, number> }> {
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

/**
 * `planbridge release try`: runs a verified release on the sandboxes in a runtime of its own (temporary
 * user directory, loopback port 0, SQLite ledger, embedded broker, every system its sandbox), fires each
 * of its injects once as a signed-in admin, waits until the ledger owes nothing and no run is open, and
 * reports per tab. Throws (before starting anything) for a bundle that is unreadable or was changed.
 */
export async function tryRelease(options: TryOptions): Promise<TryReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const deadline = started + (options.timeoutSeconds ?? 180) * 1000;
  const release = await readRelease(options.file);
  const userDir = await userDirFor(options.keep);
  let runtime: TriedRuntime | undefined;
  let watch: RuntimeWatch | undefined;
  try {
    const plan = planTry(release.flows);
    const flowsFile = path.join(userDir, 'flows.json');
    await fs.writeFile(flowsFile, JSON.stringify(plan.flows, null, 4));
    await fs.writeFile(path.join(userDir, 'credentials.template.json'), JSON.stringify(await credentialsTemplate(release), null, 2));
    const password = randomBytes(18).toString('base64url');
    await new UserStore(path.join(userDir, usersFileName)).upsert(ADMIN, { password, roles: ['admin'] });
    const { env, ignored } = tryEnvironment(options.env ?? process.env, { userDir, flowsFile });

    log(`planbridge release try: starting release ${release.version} on the sandboxes in ${userDir}`);
    runtime = await startTriedRuntime(env, Math.max(deadline - Date.now(), 1));
    const admin = await signIn(runtime.url, password);
    const startupErrors = runtime
      .output()
      .split('\n')
      .filter((line) => /\[error\]/.test(line));
    watch = await watchRuntime(runtime.url, admin.token);
    const {
      fired,
      settled,
      owed: stillOwed,
    } = runtime.halted ? { fired: [], settled: true, owed: null } : await fire(runtime, admin, watch, plan, deadline, log);
    const stopped = runtime.stoppedByItself();
    const seen = stopped ? NOTHING_SEEN : await observe(admin);
    return buildTryReport(
      {
        release,
        plan,
        sandboxes: runtime.sandboxes,
        ignoredEnvironment: ignored,
        durationMs: Date.now() - started,
      },
      {
        ...seen,
        held: watch
          .busy()
          .filter((b) => plan.holders.has(b.id))
          .map((b) => `${plan.holders.get(b.id)} holds ${b.text || 'messages'}`),
        fired,
        stopped: stopped && `${stopped}; its last lines:\n${runtime.output().trimEnd().split('\n').slice(-10).join('\n')}`,
        nodeErrors: [...watch.errors],
        startupErrors,
        settled,
        owed: stillOwed,
        halted: runtime.halted,
      },
    );
  } finally {
    watch?.close();
    await runtime?.stop();
    // What the runtime printed, for whoever looks into a kept try.
    if (options.keep && runtime) await fs.writeFile(path.join(userDir, 'runtime.log'), runtime.output());
    if (!options.keep) await fs.rm(userDir, { recursive: true, force: true });
  }
}
