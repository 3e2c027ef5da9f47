import { startPlanningSandbox, type PlanningSandbox } from '../../../../sandbox/planning/index';
import { call, nextEvent } from './http-helpers';

describe('planning sandbox REST: fault injection', () => {
  let sandbox: PlanningSandbox;
  beforeEach(async () => {
    sandbox = await startPlanningSandbox({ token: 't' });
  });
  afterEach(() => sandbox.stop());

  it('fails the next N calls with 429 and Retry-After, then recovers', async () => {
    sandbox.control.setFaults({ failNext: { count: 2, status: 429, retryAfterSeconds: 3 } });
    const first = await call(sandbox, 'GET', '/api/v1/datasets');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(first.body.error).toBe('rate_limited');
    expect((await call(sandbox, 'GET', '/api/v1/datasets')).status).toBe(429);
    expect((await call(sandbox, 'GET', '/api/v1/datasets')).status).toBe(200);
    expect(sandbox.control.calls()).toEqual({ total: 3, by_route: { 'GET /api/v1/datasets': 3 } });
  });

  it('is driven over HTTP too: 503, call counter and reset', async () => {
    expect((await call(sandbox, 'POST', '/_sandbox/faults', { fail_next: { count: 1, status: 503 } }, {})).status).toBe(200);
    const failed = await call(sandbox, 'POST', '/oauth/token', 'grant_type=client_credentials', {});
    expect(failed).toMatchObject({ status: 503, body: { error: 'unavailable' } });
    expect(failed.headers.get('retry-after')).toBeNull();
    expect((await call(sandbox, 'GET', '/_sandbox/calls', undefined, {})).body).toEqual({ total: 1, by_route: { 'POST /oauth/token': 1 } });
    expect((await call(sandbox, 'POST', '/_sandbox/faults', { fail_next: { count: 1, status: 500 } }, {})).status).toBe(422);
    expect((await call(sandbox, 'POST', '/_sandbox/reset', undefined, {})).status).toBe(200);
    expect(sandbox.control.calls().total).toBe(0);
  });

  it('adds latency to every answer', async () => {
    await call(sandbox, 'POST', '/_sandbox/faults', { latency_ms: 120 }, {});
    const started = performance.now();
    expect((await call(sandbox, 'GET', '/api/v1/datasets')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    await call(sandbox, 'DELETE', '/_sandbox/faults', undefined, {});
  });

  it('holds a hung call without an answer until the sandbox stops', async () => {
    sandbox.control.setFaults({ hangNext: 1 });
    const hungSeen = nextEvent(sandbox.control.events, 'call');
    const hung = fetch(`${sandbox.url}/api/v1/datasets`, { headers: { authorization: 'Bearer t' }, signal: AbortSignal.timeout(5_000) });
    expect((await hungSeen)[0]).toEqual({ route: 'GET /api/v1/datasets', fault: 'hang' });
    // the next call is served while the first one still hangs
    expect((await call(sandbox, 'GET', '/api/v1/datasets')).status).toBe(200);
    await sandbox.stop();
    // the socket is closed by stop(), not by the client's 5 s timeout
    await expect(hung).rejects.toThrow(/fetch failed/);
  });

  it('moves the sandbox clock over HTTP', async () => {
    const before = Date.parse(sandbox.control.now());
    const res = await call(sandbox, 'POST', '/_sandbox/clock', { advance_ms: 3_600_000 }, {});
    expect(Date.parse(res.body.now) - before).toBeGreaterThanOrEqual(3_600_000);
  });
});
