import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PlanbridgeError } from '../../nodes/lib/errors';
import { packageRoot, usersFileName } from '../paths';
import { UserStore } from '../users';
import { verifyRelease, type Release } from './bundle';
import { NOTHING_SEEN, observe, signIn } from './try-admin';
import { planTry, tryEnvironment } from './try-plan';
import { startTriedRuntime, type TriedRuntime } from './try-process';
import { buildTryReport, type TryReport } from './try-report';
import { fire } from './try-settle';
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
    const admin = await signIn(runtime.url, ADMIN, password);
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
    const seen = stopped
      ? NOTHING_SEEN
      : await observe(admin).catch((err: Error) => {
          const last = runtime?.output().trimEnd().split('\n').slice(-10).join('\n');
          throw new PlanbridgeError('RELEASE_TRY_NO_RESULTS', `could not read what the tried runtime recorded: ${err.message}; its last lines:\n${last}`);
        });
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
