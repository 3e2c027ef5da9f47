import { readFile } from 'node:fs/promises';
import type { Release } from './bundle';
import type { DeployOutcome, ReleaseStatus, ReleaseSummary } from './service';

export interface RemoteOptions {
  url: string;
  user?: string;
  password?: string;
  /** An admin-API access token instead of a user and password. */
  token?: string;
}

export class RemoteError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly problems: Array<{ code: string; message: string }> = [],
  ) {
    super(message);
  }
}

async function answer<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) return body as T;
  const error = (body as { error?: { code?: string; message?: string; problems?: RemoteError['problems'] } } | undefined)?.error;
  throw new RemoteError(
    error?.message ?? `${what}: HTTP ${response.status} ${text.slice(0, 200)}`,
    error?.code ?? `HTTP_${response.status}`,
    response.status,
    error?.problems,
  );
}

/** A signed-in client of an instance's release endpoints (the admin API's password grant, as the editor signs in). */
export class ReleaseClient {
  private constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  static async connect(options: RemoteOptions): Promise<ReleaseClient> {
    const base = options.url.replace(/\/+$/, '');
    if (options.token) return new ReleaseClient(base, options.token);
    if (!options.user || !options.password) throw new RemoteError('Give --user and --password (or PLANBRIDGE_RELEASE_PASSWORD), or --token', 'USAGE', 0);
    const response = await fetch(`${base}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      // An empty scope asks for what the user may do; '*' would be refused to anyone who may not do everything.
      body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope: '', username: options.user, password: options.password }),
    });
    if (response.status === 401 || response.status === 403)
      throw new RemoteError(`${options.user} could not sign in to ${base}: wrong user or password`, 'AUTH_FAILED', response.status);
    const { access_token: token } = await answer<{ access_token: string }>(response, 'sign-in');
    return new ReleaseClient(base, token);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return answer<T>(response, `${method} ${path}`);
  }

  status(): Promise<ReleaseStatus> {
    return this.call('GET', '/planbridge/releases');
  }

  approve(release: Release): Promise<ReleaseSummary> {
    return this.call('POST', '/planbridge/releases/approvals', release);
  }

  deploy(release: Release): Promise<DeployOutcome> {
    return this.call('POST', '/planbridge/releases/deployments', release);
  }

  rollback(to?: string): Promise<DeployOutcome> {
    return this.call('POST', '/planbridge/releases/rollback', to ? { to } : {});
  }
}

export async function readBundle(file: string): Promise<Release> {
  const release = JSON.parse(await readFile(file, 'utf8')) as Release;
  if (!release || typeof release.checksum !== 'string' || !Array.isArray(release.flows))
    throw new RemoteError(`${file} is not a release bundle`, 'RELEASE_INVALID', 0);
  return release;
}

export function describeOutcome(outcome: DeployOutcome, environment: string, verb: string): string {
  if (outcome.unchanged) return `${environment} already runs release ${outcome.release.version}; nothing deployed`;
  const d = outcome.diff;
  return (
    `release ${outcome.release.version} ${verb} on ${environment}${outcome.previous ? ` (was ${outcome.previous.version})` : ''}: ` +
    `${d.added} added, ${d.removed} removed, ${d.changed} changed, ${d.moved} moved nodes` +
    (d.contracts.added.length || d.contracts.removed.length ? `; contracts +[${d.contracts.added.join(', ')}] -[${d.contracts.removed.join(', ')}]` : '')
  );
}
