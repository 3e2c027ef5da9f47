import { start, type Started } from './start';
import { executeKw, json2, postJson, rawRequest } from './wire';

describe('fault injection and call counters', () => {
  let s: Started;
  beforeAll(async () => {
    s = await start(19);
  });
  afterAll(() => s.sb.stop());
  afterEach(() => {
    s.sb.control.resetFaults();
    s.sb.control.resetCounters();
  });

  const search = () => json2(s.sb.url, 'product.product', 'search', { domain: [], limit: 1 }, s.sb.apiKey);

  it('counts calls per endpoint, model and method, and resets', async () => {
    await search();
    await search();
    await executeKw(s.admin, 'res.partner', 'search_count', [[]]);
    await rawRequest(`${s.sb.url}/xmlrpc/2/common`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body: '<methodCall><methodName>version</methodName></methodCall>',
    });
    const counts = s.sb.control.counters();
    expect(counts.total).toBe(4);
    expect(counts.byEndpoint).toEqual({ json2: 2, jsonrpc: 1, xmlrpc: 1 });
    expect(counts.byMethod).toEqual({ 'product.product.search': 2, 'res.partner.search_count': 1, 'common.version': 1 });
    expect(counts.byEndpointMethod['json2 product.product.search']).toBe(2);
    expect(counts.byModel).toEqual({ 'product.product': 2, 'res.partner': 1 });
    s.sb.control.resetCounters();
    expect(s.sb.control.counters().total).toBe(0);
  });

  it('adds a fixed latency', async () => {
    s.sb.control.setLatency(150);
    const started = Date.now();
    expect((await search()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('adds a random latency within a range', async () => {
    s.sb.control.setLatency({ minMs: 60, maxMs: 90 });
    const started = Date.now();
    await search();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('answers the next N calls with 429 and Retry-After, then recovers', async () => {
    s.sb.control.failNext({ status: 429, count: 2, retryAfterSeconds: 3 });
    const first = await search();
    const second = await search();
    const third = await search();
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(s.sb.control.counters().faults).toEqual({ 429: 2 });
  });

  it('answers a share of calls with 503 until reset', async () => {
    s.sb.control.failNext({ status: 503, share: 1 });
    expect((await search()).status).toBe(503);
    expect(await executeKw(s.admin, 'res.partner', 'search_count', [[]]).catch((e: Error) => e.message)).toMatch(/HTTP 503/);
    s.sb.control.resetFaults();
    expect((await search()).status).toBe(200);
  });

  it('can aim a fault at one endpoint, model and method', async () => {
    s.sb.control.failNext({ status: 503, count: 1, endpoint: 'json2', model: 'res.partner', method: 'search_count' });
    expect((await search()).status).toBe(200);
    expect((await json2(s.sb.url, 'res.partner', 'search_count', { domain: [] }, s.sb.apiKey)).status).toBe(503);
  });

  it('holds a call open without answering, so the client timeout fires', async () => {
    s.sb.control.hangNext({ count: 1 });
    const hung = fetch(`${s.sb.url}/json/2/product.product/search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `bearer ${s.sb.apiKey}` },
      body: '{"domain": []}',
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toThrow(/aborted|timeout/i);
    expect((await search()).status).toBe(200);
    expect(s.sb.control.counters().faults).toEqual({ hang: 1 });
  });

  it('offers the same switches over HTTP under /_sandbox', async () => {
    expect((await postJson(`${s.sb.url}/_sandbox/fail`, { status: 503, count: 1 })).status).toBe(200);
    expect((await search()).status).toBe(503);
    await postJson(`${s.sb.url}/_sandbox/latency`, { ms: 100 });
    const started = Date.now();
    await search();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await postJson(`${s.sb.url}/_sandbox/reset`, {});
    const counters = await postJson<{ total: number; faults: Record<string, number> }>(`${s.sb.url}/_sandbox/counters`, {});
    expect(counters.body).toMatchObject({ total: 2, faults: { 503: 1 } });
    await postJson(`${s.sb.url}/_sandbox/counters/reset`, {});
    expect(s.sb.control.counters().total).toBe(0);
    const clock = await postJson<{ now: string }>(`${s.sb.url}/_sandbox/clock`, { advanceSeconds: 0 });
    expect(clock.body.now).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const key = await postJson<{ key: string }>(`${s.sb.url}/_sandbox/api-keys`, { login: 'integration' });
    expect((await json2(s.sb.url, 'res.users', 'context_get', {}, key.body.key)).body).toMatchObject({ uid: s.bot.uid });
  });

  it('expires web sessions over HTTP', async () => {
    const auth = await postJson(`${s.sb.url}/web/session/authenticate`, {
      jsonrpc: '2.0',
      method: 'call',
      id: 1,
      params: { db: s.sb.db, login: s.sb.login, password: s.sb.password },
    });
    const cookie = (auth.headers.get('set-cookie') ?? '').split(';')[0];
    const expired = await postJson<{ expired: number }>(`${s.sb.url}/_sandbox/expire-sessions`, {});
    expect(expired.body.expired).toBeGreaterThan(0);
    const res = await postJson(
      `${s.sb.url}/web/dataset/call_kw`,
      { jsonrpc: '2.0', method: 'call', id: 2, params: { model: 'res.partner', method: 'search_count', args: [[]], kwargs: {} } },
      { Cookie: cookie },
    );
    expect((res.body as { error: { code: number } }).error.code).toBe(100);
  });
});
