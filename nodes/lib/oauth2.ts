import { URLSearchParams } from 'node:url';
import { RemoteError } from './errors';
import type { HttpClient } from './http';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

export interface TokenSourceOptions {
  /** Prefix of error codes, e.g. WMS gives WMS_ACCESS_DENIED. */
  system: string;
  /** A token this close to its expiry is fetched again before use, so a call does not start with a dying token. */
  refreshAheadMs?: number;
  now?: () => number;
}

interface Held {
  token: Promise<string>;
  /** The token once it arrived: a refusal names the token it refused. */
  value?: string;
  /** Epoch ms after which the token is not used again; Infinity when the server gave no expires_in. */
  expiresAt: number;
}

/**
 * OAuth2 client credentials (RFC 6749 section 4.4): fetches an access token, keeps it until shortly
 * before `expires_in` runs out, and fetches a new one when a server refuses it. Concurrent calls share
 * one token request; calls refused with the same token share one new token. No node-red import.
 */
export class OAuth2TokenSource {
  private held?: Held;
  private readonly now: () => number;
  private readonly refreshAheadMs: number;

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: ClientCredentials,
    private readonly options: TokenSourceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.refreshAheadMs = options.refreshAheadMs ?? 30_000;
  }

  /** The current token, fetched when there is none or it is about to expire. */
  get(): Promise<string> {
    if (this.held && this.now() < this.held.expiresAt) return this.held.token;
    const held = { expiresAt: Number.POSITIVE_INFINITY } as Held;
    held.token = this.fetch(held);
    this.held = held;
    held.token.catch(() => {
      if (this.held === held) this.held = undefined;
    });
    return held.token;
  }

  /** Forgets `token` after a server refused it; a newer token (arrived or on its way) is kept. */
  refused(token: string): void {
    if (this.held?.value === token) this.held = undefined;
  }

  private async fetch(held: Held): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope } = this.credentials;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    if (scope) form.set('scope', scope);
    const requestedAt = this.now();
    const response = await this.http.request<{ access_token?: unknown; expires_in?: unknown }>({
      method: 'POST',
      url: tokenUrl,
      data: form.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const token = response.data?.access_token;
    if (typeof token !== 'string' || !token) {
      throw new RemoteError(`${this.options.system}_ACCESS_DENIED`, 'The token endpoint gave no access token', {
        system: this.options.system,
        retryable: false,
      });
    }
    const lifetime = Number(response.data.expires_in);
    // Counted from when the request left, so a slow token endpoint cannot stretch the lifetime.
    if (Number.isFinite(lifetime) && lifetime > 0) held.expiresAt = requestedAt + lifetime * 1000 - Math.min(this.refreshAheadMs, (lifetime * 1000) / 2);
    held.value = token;
    return token;
  }
}

/**
 * Runs `call` with a bearer token; when the server answers 401 the token is dropped and the call made
 * once more with a new one. A second 401 is the caller's error (wrong client or missing rights).
 */
export async function withBearer<T>(source: OAuth2TokenSource, call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  const token = await source.get();
  try {
    return await call({ Authorization: `Bearer ${token}` });
  } catch (err) {
    if (!(err instanceof RemoteError) || err.status !== 401) throw err;
    source.refused(token);
    return call({ Authorization: `Bearer ${await source.get()}` });
  }
}
