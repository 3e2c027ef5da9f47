import { promises as fs } from 'node:fs';
import bcrypt from 'bcryptjs';
import { readJsonFile, writePrivateJsonFile } from './private-file';

export const ROLES = ['admin', 'analyst', 'planner', 'viewer', 'release'] as const;
export type Role = (typeof ROLES)[number];

export interface StoredUser {
  username: string;
  /** bcrypt hash; the password itself is never stored. */
  password: string;
  roles: Role[];
}

interface UsersFile {
  users: StoredUser[];
}

const BCRYPT_ROUNDS = 10;
const FRESHNESS_MS = 1000;
// Compared against when the user does not exist, so a wrong name costs as long as a wrong password
// (same cost factor as real hashes; it matches no password anyone would type).
const DUMMY_HASH = '$2b$10$CEgO.8WdyFevDqZR/b4Pu.NP2pu7D0kGw0XEj8B.2wDGw1HN.NXey';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function validateUsername(username: string): void {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(username)) {
    throw new Error(`"${username}" is not a valid user name (letters, digits and . _ @ -, at most 64)`);
  }
}

export function validatePassword(password: string): void {
  if (password.length < 12) throw new Error('A password needs at least 12 characters');
}

/**
 * The users of the editor and the dashboard, in users.json in the user directory. The file is
 * re-read when it changes, so `planbridge user ...` takes effect on a running instance.
 */
export class UserStore {
  private cache?: StoredUser[];
  private cacheMtimeMs = -1;
  private checkedAt = 0;

  constructor(
    readonly file: string,
    private readonly freshnessMs = FRESHNESS_MS,
  ) {}

  async list(): Promise<StoredUser[]> {
    const now = Date.now();
    if (this.cache && now - this.checkedAt < this.freshnessMs) return this.cache;
    this.checkedAt = now;
    let mtimeMs = 0;
    try {
      mtimeMs = (await fs.stat(this.file)).mtimeMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (!this.cache || mtimeMs !== this.cacheMtimeMs) {
      const content = await readJsonFile<UsersFile>(this.file);
      this.cache = (content?.users ?? []).filter((u) => u && typeof u.username === 'string' && typeof u.password === 'string');
      this.cacheMtimeMs = mtimeMs;
    }
    return this.cache;
  }

  async find(username: string): Promise<StoredUser | undefined> {
    return (await this.list()).find((u) => u.username === username);
  }

  /** The user when the password matches, otherwise undefined. */
  async verify(username: string, password: string): Promise<StoredUser | undefined> {
    const user = await this.find(username);
    const ok = await bcrypt.compare(password, user?.password ?? DUMMY_HASH);
    return ok && user ? user : undefined;
  }

  /** Creates or changes a user; a missing password or role list keeps the stored one. */
  async upsert(username: string, change: { password?: string; roles?: Role[] }): Promise<StoredUser> {
    validateUsername(username);
    const users = [...(await this.reload())];
    const index = users.findIndex((u) => u.username === username);
    const existing = index >= 0 ? users[index] : undefined;
    if (!existing && (!change.password || !change.roles?.length)) {
      throw new Error(`User ${username} does not exist; give a password and at least one role to create it`);
    }
    let hash = existing?.password ?? '';
    if (change.password !== undefined) {
      const unchanged = existing ? await bcrypt.compare(change.password, existing.password) : false;
      if (!unchanged) hash = await bcrypt.hash(change.password, BCRYPT_ROUNDS);
    }
    const user: StoredUser = { username, password: hash, roles: change.roles?.length ? change.roles : (existing?.roles ?? []) };
    if (existing && existing.password === user.password && existing.roles.join() === user.roles.join()) return existing;
    if (index >= 0) users[index] = user;
    else users.push(user);
    await this.save(users);
    return user;
  }

  async remove(username: string): Promise<boolean> {
    const users = await this.reload();
    const kept = users.filter((u) => u.username !== username);
    if (kept.length === users.length) return false;
    await this.save(kept);
    return true;
  }

  private async reload(): Promise<StoredUser[]> {
    this.cache = undefined;
    return this.list();
  }

  private async save(users: StoredUser[]): Promise<void> {
    await writePrivateJsonFile(this.file, { users } satisfies UsersFile);
    this.cache = undefined;
  }
}
