import type { CallInfo, Endpoint } from './counters';
import type { Rng } from './prng';

export interface FaultMatch {
  endpoint?: Endpoint;
  model?: string;
  method?: string;
}

export interface FailOptions extends FaultMatch {
  /** HTTP status to answer with, typically 429 or 503. */
  status: number;
  /** Answer the next `count` matching calls (default 1), or... */
  count?: number;
  /** ...a share (0-1) of matching calls until reset. */
  share?: number;
  /** Retry-After in seconds (429 always gets one; default 1). */
  retryAfterSeconds?: number;
}

export interface HangOptions extends FaultMatch {
  count?: number;
  share?: number;
}

export type Latency = number | { minMs: number; maxMs: number } | null;

export type Fault = { kind: 'status'; status: number; retryAfterSeconds?: number } | { kind: 'hang' };

interface Rule {
  fault: Fault;
  match: FaultMatch;
  remaining: number;
  share?: number;
}

/** Latency, error statuses and hangs for the Odoo endpoints (never for /_sandbox control paths). */
export class FaultInjector {
  private latency: Latency = null;
  private rules: Rule[] = [];

  constructor(private readonly rng: Rng) {}

  setLatency(latency: Latency): void {
    this.latency = latency;
  }

  /** Milliseconds to wait before answering this call. */
  delayMs(): number {
    const l = this.latency;
    if (l === null) return 0;
    if (typeof l === 'number') return Math.max(0, l);
    return l.minMs + this.rng.next() * Math.max(0, l.maxMs - l.minMs);
  }

  fail(options: FailOptions): void {
    const retryAfterSeconds = options.retryAfterSeconds ?? (options.status === 429 ? 1 : undefined);
    this.add({ kind: 'status', status: options.status, retryAfterSeconds }, options);
  }

  hang(options: HangOptions = {}): void {
    this.add({ kind: 'hang' }, options);
  }

  private add(fault: Fault, options: FaultMatch & { count?: number; share?: number }): void {
    const match = { endpoint: options.endpoint, model: options.model, method: options.method };
    this.rules.push({ fault, match, remaining: options.share !== undefined ? Infinity : (options.count ?? 1), share: options.share });
  }

  reset(): void {
    this.latency = null;
    this.rules = [];
  }

  /** The fault for this call, if a rule matches and (for shares) the dice say so. */
  decide(info: CallInfo): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !matches(rule.match, info)) continue;
      if (rule.share !== undefined && this.rng.next() >= rule.share) continue;
      rule.remaining--;
      if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
      return rule.fault;
    }
    return undefined;
  }
}

function matches(match: FaultMatch, info: CallInfo): boolean {
  return (
    (!match.endpoint || match.endpoint === info.endpoint) && (!match.model || match.model === info.model) && (!match.method || match.method === info.method)
  );
}
