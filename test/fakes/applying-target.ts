import { EventEmitter } from 'node:events';
import { json, startFakeServer, type FakeServer } from './http-server';

export interface ApplyingTarget extends EventEmitter {
  url: string;
  server: FakeServer;
  /** Arrival times of every request, by idempotency key (refused ones included). */
  requests: Map<string, number[]>;
  /** Every request in order: its key, arrival time and the status it was answered with. */
  log: Array<{ key: string; at: number; status: number; attempt?: string }>;
  /** How many times each key's effect was applied: once per request answered 200. */
  effects: Map<string, number>;
  /** Keys whose effect exists (applied at least once). */
  applied: Set<string>;
  /** Keys applied more than once, with their counts. */
  repeats(): Map<string, number>;
  /** Answer the next `n` requests with this status (and optional Retry-After), then apply normally. */
  failNext(n: number, status: number, retryAfterSeconds?: number): void;
  failAlways(status: number): void;
  recover(): void;
  close(): Promise<void>;
}

/** The record a request is about (its body's `key`): a target without an idempotency check knows nothing else. */
function businessKey(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { key?: unknown };
    return typeof parsed?.key === 'string' ? parsed.key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A side-effect target that does NOT deduplicate: every request it answers 200 applies its effect
 * again, as a system without an idempotency check would (a second RFQ, a second transfer). What it
 * counts is therefore what planbridge sent, by the body's business key (not the Idempotency-Key
 * header, which planbridge sets itself), so a test that reads `effects` proves planbridge's own
 * exactly-once, not the target's. It records every request and answers after 0 to `maxDelayMs` ms.
 * Emits 'applied' (key, count) on every effect and 'refused' (key) on every refusal.
 */
export async function startApplyingTarget(maxDelayMs = 20): Promise<ApplyingTarget> {
  const target = new EventEmitter() as ApplyingTarget;
  target.requests = new Map();
  target.log = [];
  target.effects = new Map();
  target.applied = new Set();
  target.repeats = () => new Map([...target.effects].filter(([, count]) => count > 1));
  let failing = 0;
  let failForever = false;
  let failure = { status: 503, retryAfter: undefined as number | undefined };
  target.failNext = (n, status, retryAfterSeconds) => {
    failing = n;
    failure = { status, retryAfter: retryAfterSeconds };
  };
  target.failAlways = (status) => {
    failForever = true;
    failure = { status, retryAfter: undefined };
  };
  target.recover = () => {
    failForever = false;
    failing = 0;
  };
  target.server = await startFakeServer((req, res) => {
    const key = businessKey(req.body) ?? String(req.headers['idempotency-key'] ?? '');
    const times = target.requests.get(key) ?? [];
    times.push(Date.now());
    target.requests.set(key, times);
    const entry = {
      key,
      at: Date.now(),
      status: 200,
      attempt: typeof req.headers['x-planbridge-attempt'] === 'string' ? req.headers['x-planbridge-attempt'] : undefined,
    };
    target.log.push(entry);
    if (failForever || failing > 0) {
      entry.status = failure.status;
      if (failing > 0) failing -= 1;
      target.emit('refused', key);
      json(res, failure.status, { error: 'unavailable' }, failure.retryAfter !== undefined ? { 'Retry-After': String(failure.retryAfter) } : {});
      return;
    }
    const delay = Math.floor(Math.random() * (maxDelayMs + 1));
    setTimeout(() => {
      // The effect happens before the answer leaves: a crash between the two is the at-least-once window.
      const count = (target.effects.get(key) ?? 0) + 1;
      target.effects.set(key, count);
      target.applied.add(key);
      json(res, 200, { key, count });
      target.emit('applied', key, count);
    }, delay);
  });
  target.url = target.server.url;
  target.close = () => target.server.close();
  return target;
}

/** Resolves when `count` distinct keys have been applied; rejects after `timeoutMs` with what is missing. */
export function appliedCount(target: ApplyingTarget, count: number, timeoutMs: number): Promise<void> {
  return appliedAll(target, null, timeoutMs, count);
}

/**
 * Resolves when every key of `keys` (or, with null, any `count` distinct keys) has been applied at
 * least once; rejects after `timeoutMs` naming what is missing.
 */
export function appliedAll(target: ApplyingTarget, keys: Iterable<string> | null, timeoutMs: number, count = 0): Promise<void> {
  const wanted = keys ? new Set(keys) : null;
  const missing = (): number => (wanted ? [...wanted].filter((k) => !target.applied.has(k)).length : Math.max(0, count - target.applied.size));
  return new Promise((resolve, reject) => {
    if (missing() === 0) return resolve();
    const timer = setTimeout(() => {
      target.off('applied', check);
      const left = wanted ? [...wanted].filter((k) => !target.applied.has(k)) : [];
      reject(
        new Error(
          wanted
            ? `${left.length} of ${wanted.size} keys did not reach the target within ${timeoutMs} ms: ${left.slice(0, 20).join(', ')}`
            : `only ${target.applied.size} of ${count} keys reached the target within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    const check = (): void => {
      if (missing() === 0) {
        clearTimeout(timer);
        target.off('applied', check);
        resolve();
      }
    };
    target.on('applied', check);
  });
}
