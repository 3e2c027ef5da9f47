import type { FaultSpec } from '../faults';
import { HttpError, readJson, sendJson } from '../http';
import type { Route } from '../router';
import type { RouteDeps } from './deps';

/** Test controls, unauthenticated (the sandbox listens on 127.0.0.1 only) and never faulted or counted. */
export function sandboxRoutes({ service, faults, auth, maxBodyBytes }: RouteDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/_sandbox/faults',
      kind: 'sandbox',
      handler: async ({ req, res }) => {
        faults.set(parseFaults(await readJson(req, maxBodyBytes, {})));
        sendJson(res, 200, { ok: true });
      },
    },
    {
      method: 'DELETE',
      path: '/_sandbox/faults',
      kind: 'sandbox',
      handler: ({ res }) => {
        faults.clear();
        sendJson(res, 200, { ok: true });
      },
    },
    { method: 'GET', path: '/_sandbox/calls', kind: 'sandbox', handler: ({ res }) => sendJson(res, 200, faults.calls()) },
    {
      method: 'POST',
      path: '/_sandbox/reset',
      kind: 'sandbox',
      handler: ({ res }) => {
        service.reset();
        faults.clear();
        faults.resetCounter();
        auth.revokeAll();
        sendJson(res, 200, { ok: true, epoch: service.epoch });
      },
    },
    {
      method: 'POST',
      path: '/_sandbox/clock',
      kind: 'sandbox',
      handler: async ({ req, res }) => {
        const body = (await readJson(req, maxBodyBytes, {})) as { advance_ms?: unknown };
        if (typeof body?.advance_ms !== 'number' || body.advance_ms < 0) throw new HttpError(422, 'validation_failed', 'advance_ms: number >= 0');
        service.advanceClock(body.advance_ms);
        sendJson(res, 200, { now: service.nowIso() });
      },
    },
  ];
}

/** HTTP body {latency_ms?, fail_next?: {count, status, retry_after_s?}, hang_next?} to a FaultSpec. */
export function parseFaults(body: unknown): FaultSpec {
  const b = (body ?? {}) as Record<string, unknown>;
  const spec: FaultSpec = {};
  const bad = (msg: string): never => {
    throw new HttpError(422, 'validation_failed', msg);
  };
  if (b.latency_ms !== undefined) spec.latencyMs = typeof b.latency_ms === 'number' && b.latency_ms >= 0 ? b.latency_ms : bad('latency_ms: number >= 0');
  if (b.hang_next !== undefined)
    spec.hangNext = Number.isInteger(b.hang_next) && (b.hang_next as number) >= 0 ? (b.hang_next as number) : bad('hang_next: integer >= 0');
  if (b.fail_next !== undefined) {
    const f = b.fail_next as Record<string, unknown>;
    if (!f || !Number.isInteger(f.count) || (f.status !== 429 && f.status !== 503))
      bad('fail_next: {count: integer, status: 429 | 503, retry_after_s?: integer}');
    if (f.retry_after_s !== undefined && !(Number.isInteger(f.retry_after_s) && (f.retry_after_s as number) >= 0)) bad('fail_next.retry_after_s: integer >= 0');
    spec.failNext = { count: f.count as number, status: f.status as 429 | 503, retryAfterSeconds: f.retry_after_s as number | undefined };
  }
  return spec;
}
