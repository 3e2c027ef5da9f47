import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http';

export interface OAuthClient {
  client_id: string;
  client_secret: string;
}

export interface AuthOptions {
  /** Static bearer token accepted forever (like a personal access token). */
  token: string;
  /** Value for the X-Api-Key header. */
  apiKey: string;
  clients: OAuthClient[];
  /** Lifetime of tokens from POST /oauth/token. */
  tokenTtlSeconds: number;
  now: () => number;
}

export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Three ways in, as planning platforms offer them: a static bearer token, an API key header
 * (Inventory Planner style), and OAuth2 client credentials with short-lived tokens. Expiry is checked on
 * the injected clock, so tests can move time forward instead of waiting for a token to run out.
 */
export class Auth {
  private readonly issued = new Map<string, number>();

  constructor(private readonly options: AuthOptions) {}

  /** Throws 401 unless the request carries a valid bearer token or API key. */
  check(req: IncomingMessage): void {
    const header = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string' && same(apiKey, this.options.apiKey)) return;
    const bearer = typeof header === 'string' && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!bearer) throw unauthorized(apiKey === undefined ? 'missing credentials: send Authorization: Bearer <token> or X-Api-Key' : 'unknown API key', null);
    if (same(bearer, this.options.token)) return;
    const expiresAt = this.issued.get(bearer);
    if (expiresAt === undefined) throw unauthorized('unknown access token', 'invalid_token');
    if (this.options.now() >= expiresAt) {
      this.issued.delete(bearer);
      throw unauthorized('the access token expired; request a new one at /oauth/token', 'invalid_token');
    }
  }

  /** RFC 6749 section 4.4: client credentials in the body or in HTTP Basic auth. */
  issue(form: Record<string, string>, authorization: string | undefined): { access_token: string; token_type: 'Bearer'; expires_in: number } {
    if (form.grant_type !== 'client_credentials') throw new HttpError(400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
    let { client_id: id, client_secret: secret } = form;
    const basic = authorization && /^Basic\s+(\S+)$/i.exec(authorization)?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const at = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, at));
      secret = decodeURIComponent(decoded.slice(at + 1));
    }
    const client = this.options.clients.find((c) => c.client_id === id);
    if (!client || typeof secret !== 'string' || !same(secret, client.client_secret)) {
      throw new HttpError(401, 'invalid_client', 'unknown client or wrong secret', undefined, { 'www-authenticate': 'Basic realm="planning-sandbox"' });
    }
    const token = randomSecret(32);
    this.issued.set(token, this.options.now() + this.options.tokenTtlSeconds * 1000);
    return { access_token: token, token_type: 'Bearer', expires_in: this.options.tokenTtlSeconds };
  }

  revokeAll(): void {
    this.issued.clear();
  }
}

function unauthorized(message: string, error: string | null): HttpError {
  const challenge = error ? `Bearer realm="planning-sandbox", error="${error}", error_description="${message}"` : 'Bearer realm="planning-sandbox"';
  return new HttpError(401, error ?? 'unauthorized', message, undefined, { 'www-authenticate': challenge });
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
