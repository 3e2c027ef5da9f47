import type { ServerResponse } from 'node:http';
import type { SandboxControl } from '../control';
import { sendJson } from './http-io';

/**
 * HTTP face of the control API, for demos and tools outside the test process (no auth: the sandbox binds 127.0.0.1):
 *   POST /_sandbox/latency          {"ms": 200} | {"minMs": 50, "maxMs": 400} | {} to clear
 *   POST /_sandbox/fail             {"status": 429|503, "count"?: n, "share"?: 0.2, "retryAfterSeconds"?: s, "endpoint"?, "model"?, "method"?}
 *   POST /_sandbox/hang             {"count"?: n, "share"?: x, "endpoint"?, "model"?, "method"?}
 *   POST /_sandbox/expire-sessions
 *   POST /_sandbox/reset            clears latency, failures and hangs
 *   POST /_sandbox/counters         -> call counts; POST /_sandbox/counters/reset
 *   POST /_sandbox/webhooks         {"model", "trigger", "url", "fields"?, "triggerFields"?, "domain"?, "name"?} -> rule
 *   POST /_sandbox/webhooks/clear;  POST /_sandbox/webhooks/log -> deliveries
 *   POST /_sandbox/clock            {"advanceSeconds": n} -> {"now"}
 *   POST /_sandbox/api-keys         {"login"?, "expiresAt"?: "YYYY-MM-DD HH:MM:SS" | null} -> {"key"}
 *   POST /_sandbox/info             -> version, db, logins and dataset summary (no secrets)
 * The method is not checked (GET works too), which is handy for counters, webhooks/log and info.
 */
export function handleControl(control: SandboxControl, info: () => Record<string, unknown>, res: ServerResponse, path: string, body: Buffer): void {
  let input: Record<string, unknown> = {};
  try {
    const text = body.toString('utf8').trim();
    if (text) input = JSON.parse(text) as Record<string, unknown>;
  } catch {
    sendJson(res, 400, { error: 'body must be JSON' });
    return;
  }
  const ok = (value: unknown = { ok: true }): void => sendJson(res, 200, value);
  try {
    switch (path) {
      case '/_sandbox/latency':
        if (typeof input.ms === 'number') control.setLatency(input.ms);
        else if (typeof input.minMs === 'number' && typeof input.maxMs === 'number') control.setLatency({ minMs: input.minMs, maxMs: input.maxMs });
        else control.setLatency(null);
        return ok();
      case '/_sandbox/fail':
        control.failNext({ ...(input as object), status: Number(input.status ?? 503) });
        return ok();
      case '/_sandbox/hang':
        control.hangNext(input);
        return ok();
      case '/_sandbox/expire-sessions':
        return ok({ expired: control.expireSessions() });
      case '/_sandbox/reset':
        control.resetFaults();
        return ok();
      case '/_sandbox/counters':
        return ok(control.counters());
      case '/_sandbox/counters/reset':
        control.resetCounters();
        return ok();
      case '/_sandbox/webhooks':
        return ok(control.addWebhook(input as never));
      case '/_sandbox/webhooks/clear':
        control.clearWebhooks();
        return ok();
      case '/_sandbox/webhooks/log':
        return ok(control.webhookDeliveries());
      case '/_sandbox/clock':
        control.advanceClock(Number(input.advanceSeconds ?? 0) * 1000);
        return ok({ now: control.now() });
      case '/_sandbox/api-keys':
        return ok({ key: control.createApiKey(input) });
      case '/_sandbox/info':
        return ok(info());
      default:
        sendJson(res, 404, { error: `unknown control path ${path}` });
    }
  } catch (err) {
    sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}
