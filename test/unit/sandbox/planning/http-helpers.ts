import { once, type EventEmitter } from 'node:events';
import type { PlanningSandbox } from '../../../../sandbox/planning/index';

export interface Answer {
  status: number;
  headers: Headers;
  // Tests read many answer shapes; any keeps the assertions short.
  body: any;
}

/** One JSON call against the sandbox with the static token unless other headers are given. */
export async function call(sandbox: PlanningSandbox, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { ...(headers ?? { authorization: `Bearer ${sandbox.token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Waits for an event, failing after `ms` instead of running into the jest timeout. */
export async function nextEvent(emitter: EventEmitter, name: string, ms = 5_000): Promise<unknown[]> {
  try {
    return await once(emitter, name, { signal: AbortSignal.timeout(ms) });
  } catch (err) {
    throw new Error(`no "${name}" event within ${ms} ms (${(err as Error).name})`, { cause: err });
  }
}
