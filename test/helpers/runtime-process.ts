import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
const BIN = path.join(repoRoot, 'bin', 'planbridge.js');

export interface RuntimeProcess {
  url: string;
  userDir: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in what the process printed (now or later). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the `planbridge` command to completion and returns its exit code and output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

/**
 * Starts the runtime exactly as `npm start` does (bin/planbridge.js start) on an ephemeral port with
 * a temporary user directory, and resolves once it prints its address. It fails, rather than
 * hangs, when the process exits first or prints nothing within `timeoutMs`.
 */
export async function startRuntimeProcess(env: NodeJS.ProcessEnv = {}, timeoutMs = 45_000): Promise<RuntimeProcess> {
  const userDir = env.PLANBRIDGE_USER_DIR ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'pb-runtime-')));
  const child = spawn(process.execPath, [BIN, 'start'], {
    // Tests bring their own systems; a test of the demo start sets PLANBRIDGE_SANDBOX itself.
    env: { ...process.env, PORT: '0', PLANBRIDGE_USER_DIR: userDir, PLANBRIDGE_CODE_EDITOR: 'ace', PLANBRIDGE_SANDBOX: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the runtime did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /planbridge is running: editor (http:\/\/[^\s/]+)\//.exec(output);
      // The banner comes when the server listens; http-in endpoints exist once the flows have started.
      if (match && /\[info\] Started flows/.test(output)) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the runtime exited with ${code} before it started:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url,
    userDir,
    child,
    output: () => output,
    waitFor(pattern, waitMs = 20_000) {
      return new Promise<RegExpExecArray>((resolve, reject) => {
        const check = (): boolean => {
          const match = pattern.exec(output);
          if (match) {
            clearTimeout(timer);
            child.stdout?.off('data', onData);
            child.stderr?.off('data', onData);
            resolve(match);
          }
          return Boolean(match);
        };
        const onData = (): void => void check();
        const timer = setTimeout(() => {
          child.stdout?.off('data', onData);
          child.stderr?.off('data', onData);
          reject(new Error(`${pattern} did not appear within ${waitMs} ms:\n${output}`));
        }, waitMs);
        if (check()) return;
        // Listeners added after the ones that collect the output: they see it already appended.
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit') as Promise<[number | null]>;
      child.kill(signal);
      const [code] = await exited;
      return code;
    },
  };
}

export interface AdminApi {
  token: string;
  get(pathname: string, accept?: string): Promise<Response>;
  post(pathname: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** Logs in to the editor's admin API the way node-red-admin does and returns a small client. */
export async function adminLogin(url: string, username: string, password: string): Promise<AdminApi> {
  const response = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '', username, password }),
  });
  if (!response.ok) throw new Error(`login as ${username} failed: HTTP ${response.status}`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${token}` };
  return {
    token,
    get: (pathname, accept = 'application/json') => fetch(`${url}${pathname}`, { headers: { ...auth, accept } }),
    post: (pathname, body, headers = {}) =>
      fetch(`${url}${pathname}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
  };
}

/**
 * After a run: no tracked message is left unfinished and no dead letter is open. The target may have
 * applied the last effect a moment before its completion is recorded, so unfinished messages are
 * given up to `withinMs` to finish (asked again every 100 ms).
 */
export async function expectLedgerSettled(options: import('../../nodes/ledger/store/open-store').StoreOptions, withinMs = 15_000): Promise<void> {
  const { openStore } = await import('../../nodes/ledger/store/open-store');
  const store = await openStore(options);
  try {
    const deadline = Date.now() + withinMs;
    while ((await store.countOpen()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store.countOpen()).toBe(0);
    expect(await store.countDeadLetters('open')).toBe(0);
  } finally {
    await store.close();
  }
}

/** What GET /planbridge/ledger/state answers: what the ledger still owes. */
export interface LedgerState {
  backlog: number;
  keysInProgress: number;
  deadLetters: { open: number; replaying: number };
  settled: boolean;
}

/**
 * Waits, through the admin API, until the ledger owes nothing: no unfinished tracked message, no
 * idempotency key in progress, no replay under way, and `openDeadLetters` open dead letters (0 unless
 * told). Asked every 100 ms; fails after `withinMs` with the last answer. Resolves with that answer.
 */
export async function waitLedgerSettled(read: () => Promise<LedgerState>, withinMs = 15_000, openDeadLetters = 0): Promise<LedgerState> {
  const deadline = Date.now() + withinMs;
  let state = await read();
  const done = (s: LedgerState): boolean => s.settled && s.deadLetters.open === openDeadLetters;
  while (!done(state) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    state = await read();
  }
  if (!done(state)) throw new Error(`the ledger did not settle within ${withinMs} ms: ${JSON.stringify(state)}`);
  return state;
}

/** The ledger state of a running runtime, read with an admin token. */
export function ledgerStateOf(admin: AdminApi): () => Promise<LedgerState> {
  return async () => {
    const response = await admin.get('/planbridge/ledger/state');
    if (response.status !== 200) throw new Error(`GET /planbridge/ledger/state answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as LedgerState;
  };
}
