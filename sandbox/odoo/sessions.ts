import crypto from 'node:crypto';

export interface Session {
  sid: string;
  uid: number;
  db: string;
  expired: boolean;
  lastUsed: number;
}

/**
 * Web-client sessions for /web/session/authenticate + /web/dataset/call_kw. Odoo keeps them 7 days by default
 * (SESSION_LIFETIME); the sandbox also lets tests expire them on demand.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number,
  ) {}

  open(uid: number, db: string): Session {
    const session: Session = { sid: crypto.randomBytes(20).toString('hex'), uid, db, expired: false, lastUsed: this.now() };
    this.sessions.set(session.sid, session);
    return session;
  }

  /** The live session for a cookie value, refreshing its last use. */
  get(sid: string | undefined): Session | undefined {
    if (!sid) return undefined;
    const session = this.sessions.get(sid);
    if (!session || session.expired) return undefined;
    if (this.now() - session.lastUsed > this.lifetimeMs) {
      session.expired = true;
      return undefined;
    }
    session.lastUsed = this.now();
    return session;
  }

  destroy(sid: string): void {
    this.sessions.delete(sid);
  }

  expireAll(): number {
    let count = 0;
    for (const session of this.sessions.values()) {
      if (!session.expired) count++;
      session.expired = true;
    }
    return count;
  }
}
