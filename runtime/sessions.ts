import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from './users';

export interface Session {
  username: string;
  roles: Role[];
  /** Expiry, epoch milliseconds. */
  exp: number;
}

export const SESSION_COOKIE = 'pb_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Signed, stateless session tokens (HMAC-SHA256), so several instances can share one secret. */
export class SessionSigner {
  constructor(private readonly secret: string) {}

  sign(session: Session): string {
    const body = Buffer.from(JSON.stringify(session)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify(token: string | undefined, now = Date.now()): Session | undefined {
    if (!token) return undefined;
    const dot = token.indexOf('.');
    if (dot <= 0) return undefined;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const session = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Session;
      if (typeof session.username !== 'string' || typeof session.exp !== 'number' || session.exp < now) return undefined;
      return session;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
