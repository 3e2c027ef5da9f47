/** Faults as a test sets them; counts are consumed by the next calls to /api and /oauth routes. */
export interface FaultSpec {
  /** Delay before every answer, in milliseconds. */
  latencyMs?: number;
  /** The next `count` calls fail with this status (429 adds Retry-After). */
  failNext?: { count: number; status: 429 | 503; retryAfterSeconds?: number };
  /** The next `count` calls never get an answer (until the sandbox stops or the client gives up). */
  hangNext?: number;
}

export type FaultAction = { kind: 'none' } | { kind: 'fail'; status: number; retryAfterSeconds: number | null } | { kind: 'hang' };

/** Call counter and fault queue. Hangs win over failures so a test can script "hang once, then 503". */
export class Faults {
  private latencyMs = 0;
  private failures: { count: number; status: number; retryAfterSeconds: number | null } | null = null;
  private hangs = 0;
  private total = 0;
  private readonly byRoute = new Map<string, number>();

  set(spec: FaultSpec): void {
    if (spec.latencyMs !== undefined) this.latencyMs = Math.max(0, spec.latencyMs);
    if (spec.failNext !== undefined) {
      const { count, status, retryAfterSeconds } = spec.failNext;
      this.failures = count > 0 ? { count, status, retryAfterSeconds: retryAfterSeconds ?? (status === 429 ? 1 : null) } : null;
    }
    if (spec.hangNext !== undefined) this.hangs = Math.max(0, spec.hangNext);
  }

  clear(): void {
    this.latencyMs = 0;
    this.failures = null;
    this.hangs = 0;
  }

  /** Counts the call and says what to do with it. */
  next(route: string): FaultAction {
    this.total++;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
    if (this.hangs > 0) {
      this.hangs--;
      return { kind: 'hang' };
    }
    if (this.failures) {
      const { status, retryAfterSeconds } = this.failures;
      if (--this.failures.count <= 0) this.failures = null;
      return { kind: 'fail', status, retryAfterSeconds };
    }
    return { kind: 'none' };
  }

  latency(): number {
    return this.latencyMs;
  }

  calls(): { total: number; by_route: Record<string, number> } {
    return { total: this.total, by_route: Object.fromEntries([...this.byRoute].sort(([a], [b]) => (a < b ? -1 : 1))) };
  }

  resetCounter(): void {
    this.total = 0;
    this.byRoute.clear();
  }
}
