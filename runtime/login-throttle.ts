/**
 * Failed sign-ins, counted per user name and per client address: after `maxFailures` within the window
 * either is locked for `lockMs`, and a locked one is refused (429 with Retry-After) before any password
 * is checked, so a flood costs no bcrypt. A flood of made-up names cannot clear a real lock: only entries
 * that are neither locked nor recent are dropped to make room.
 */
export interface ThrottleOptions {
  maxFailures: number;
  /** Failures older than this no longer count. */
  windowMs: number;
  lockMs: number;
  /** Entries kept per kind (names, addresses) at most; beyond it new ones are counted as locked. */
  maxEntries: number;
  now?: () => number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { maxFailures: 5, windowMs: 10 * 60_000, lockMs: 60_000, maxEntries: 10_000 };

export class LoginThrottle {
  private readonly users = new Map<string, Entry>();
  private readonly addresses = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions = DEFAULT_THROTTLE) {
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until the user name or the address may try again; 0 when neither is locked. */
  retryAfterMs(username: string, address: string | undefined): number {
    const now = this.now();
    const until = Math.max(this.users.get(username)?.lockedUntil ?? 0, this.addresses.get(address ?? '')?.lockedUntil ?? 0);
    return until > now ? until - now : 0;
  }

  /** A failed attempt counts against both; a success clears the user name's failures (not the address's). */
  record(username: string, address: string | undefined, success: boolean): void {
    if (success) {
      this.users.delete(username);
      return;
    }
    this.fail(this.users, username);
    this.fail(this.addresses, address ?? '');
  }

  private fail(map: Map<string, Entry>, key: string): void {
    const now = this.now();
    let entry = map.get(key);
    if (!entry) {
      if (map.size >= this.options.maxEntries) this.prune(map, now);
      // Still full: everything in it is locked or recent (a flood). The newcomer waits too.
      entry = { failures: [], lockedUntil: map.size >= this.options.maxEntries ? now + this.options.lockMs : 0 };
      map.set(key, entry);
    }
    entry.failures = entry.failures.filter((t) => t > now - this.options.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.options.maxFailures) {
      entry.lockedUntil = now + this.options.lockMs;
      entry.failures = [];
    }
  }

  private prune(map: Map<string, Entry>, now: number): void {
    for (const [key, entry] of map) {
      if (entry.lockedUntil <= now && entry.failures.every((t) => t <= now - this.options.windowMs)) map.delete(key);
    }
  }
}
