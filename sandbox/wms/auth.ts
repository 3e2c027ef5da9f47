import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../planning/rest/http';

export interface WmsAuthOptions {
  apiKey: string;
  /** Header that carries the API key (lower case). */
  apiKeyHeader: string;
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  now: () => number;
}

export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** API key header, or bearer tokens from OAuth2 client credentials that expire on the injected clock. */
export class WmsAuth {
  private readonly issued = new Map<string, number>();

  constructor(private readonly options: WmsAuthOptions) {}

  check(req: IncomingMessage): void {
    const key = req.headers[this.options.apiKeyHeader];
    if (typeof key === 'string') {
      if (same(key, this.options.apiKey)) return;
      throw unauthorized('unknown API key', null);
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) throw unauthorized('send Authorization: Bearer <token> or the API key header', null);
    const expiresAt = this.issued.get(bearer);
    if (expiresAt === undefined) throw unauthorized('unknown access token', 'invalid_token');
    if (this.options.now() >= expiresAt) {
      this.issued.delete(bearer);
      throw unauthorized('the access token expired', 'invalid_token');
    }
  }

  issue(form: Record<string, string>, authorization: string | undefined): { access_token: string; token_type: 'Bearer'; expires_in: number } {
    if (form.grant_type !== 'client_credentials') throw new HttpError(400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
    let { client_id: id, client_secret: secret } = form;
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const at = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, at));
      secret = decodeURIComponent(decoded.slice(at + 1));
    }
    if (id !== this.options.clientId || typeof secret !== 'string' || !same(secret, this.options.clientSecret)) {
      throw new HttpError(401, 'invalid_client', 'unknown client or wrong secret', undefined, { 'www-authenticate': 'Basic realm="wms-sandbox"' });
    }
    const token = randomSecret(32);
    this.issued.set(token, this.options.now() + this.options.tokenTtlSeconds * 1000);
    return { access_token: token, token_type: 'Bearer', expires_in: this.options.tokenTtlSeconds };
  }

  /** Every issued token expires at once (a test of the client's refresh). */
  expireAll(): void {
    this.issued.clear();
  }
}

function unauthorized(message: string, error: string | null): HttpError {
  const challenge = error ? `Bearer realm="wms-sandbox", error="${error}", error_description="${message}"` : 'Bearer realm="wms-sandbox"';
  return new HttpError(401, error ?? 'unauthorized', message, undefined, { 'www-authenticate': challenge });
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
