import { EventEmitter } from 'node:events';
import { json, startFakeServer, type FakeServer } from './http-server';

export interface ApplyingTarget extends EventEmitter {
  url: string;
  server: FakeServer;
  /** Requests per idempotency key, with their arrival times. */
  requests: Map<string, number[]>;
  /** Every request in order: its key, arrival time and the status it was answered with. */
  log: Array<{ key: string; at: number; status: number }>;
  /** Keys whose effect exists (applied once each). */
  applied: Set<string>;
  /** Answer the next `n` requests with this status (and optional Retry-After), then apply normally. */
  failNext(n: number, status: number, retryAfterSeconds?: number): void;
  failAlways(status: number): void;
  recover(): void;
  close(): Promise<void>;
}

/**
 * A side-effect target like Odoo with an origin check: it records every request and applies each
 * idempotency key once, answering after 0 to `maxDelayMs` ms. Emits 'applied' with the key.
 */
export async function startApplyingTarget(maxDelayMs = 20): Promise<ApplyingTarget> {
  const target = new EventEmitter() as ApplyingTarget;
  target.requests = new Map();
  target.log = [];
  target.applied = new Set();
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
    const key = String(req.headers['idempotency-key'] ?? '');
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
      const first = !target.applied.has(key);
      target.applied.add(key);
      json(res, 200, { key, first });
      if (first) target.emit('applied', key);
    }, delay);
  });
  target.url = target.server.url;
  target.close = () => target.server.close();
  return target;
}

/** Resolves when `count` distinct keys have been applied; rejects after `timeoutMs` with what is missing. */
export function appliedCount(target: ApplyingTarget, count: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (target.applied.size >= count) return resolve();
    const timer = setTimeout(() => {
      target.off('applied', check);
      reject(new Error(`only ${target.applied.size} of ${count} keys reached the target within ${timeoutMs} ms`));
    }, timeoutMs);
    const check = (): void => {
      if (target.applied.size >= count) {
        clearTimeout(timer);
        target.off('applied', check);
        resolve();
      }
    };
    target.on('applied', check);
  });
}
