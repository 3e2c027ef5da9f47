import crypto from 'node:crypto';
import type { SecurityGroup } from './access';
import type { Database } from './orm/database';

export interface ApiKey {
  uid: number;
  name: string;
  /** null = any scope (UI-created keys); JSON-2 and RPC use 'rpc'. */
  scope: string | null;
  expiresAt: Date | null;
}

/** A random secret of the shape Odoo uses for API keys (40 hex characters). */
export function randomApiKey(): string {
  return crypto.randomBytes(20).toString('hex');
}

export function randomPassword(): string {
  return crypto.randomBytes(12).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Passwords, groups and API keys of the sandbox users; res.users records hold the rest. */
export class AuthRegistry {
  private readonly passwords = new Map<number, string>();
  private readonly groups = new Map<number, readonly SecurityGroup[]>();
  private readonly keys = new Map<string, ApiKey>();

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  setUser(uid: number, password: string, groups: readonly SecurityGroup[]): void {
    this.passwords.set(uid, password);
    this.groups.set(uid, groups);
  }

  groupsOf(uid: number): readonly SecurityGroup[] {
    return this.groups.get(uid) ?? [];
  }

  addApiKey(key: string, info: ApiKey): void {
    this.keys.set(key, info);
  }

  revokeApiKey(key: string): boolean {
    return this.keys.delete(key);
  }

  /** The uid of an active user owning this unexpired key, if any. */
  uidForApiKey(key: string, scope = 'rpc'): number | undefined {
    const info = this.keys.get(key);
    if (!info) return undefined;
    if (info.scope !== null && info.scope !== scope) return undefined;
    if (info.expiresAt && info.expiresAt.getTime() <= this.now().getTime()) return undefined;
    return this.isActive(info.uid) ? info.uid : undefined;
  }

  /** res.users._check_credentials: the password, or (14+) an API key in the password slot. */
  checkCredentials(uid: number, secret: unknown): boolean {
    if (typeof secret !== 'string' || !this.isActive(uid)) return false;
    const password = this.passwords.get(uid);
    if (password !== undefined && sameSecret(password, secret)) return true;
    return this.uidForApiKey(secret) === uid;
  }

  /** common.login/authenticate: uid or false, never an error for bad credentials. */
  login(login: unknown, secret: unknown): number | false {
    if (typeof login !== 'string') return false;
    const user = this.db.store('res.users').records.find((u) => u.login === login && u.active !== false);
    if (!user) return false;
    return this.checkCredentials(user.id, secret) ? user.id : false;
  }

  private isActive(uid: number): boolean {
    const user = this.db.store('res.users').get(uid);
    return !!user && user.active !== false;
  }
}
