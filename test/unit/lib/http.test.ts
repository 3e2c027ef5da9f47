import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { RemoteError } from '../../../nodes/lib/errors';
import { classifyStatus, createHttpClient, parseRetryAfter, type HttpClient } from '../../../nodes/lib/http';
import { json, startFakeServer, type FakeServer } from '../../fakes/http-server';

describe('createHttpClient', () => {
  let server: FakeServer;
  let client: HttpClient;

  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    client = createHttpClient({ system: 'WMS', baseURL: server.url, timeoutMs: 500, headers: { Authorization: 'Bearer s3cret-token' } });
  });
  afterEach(() => client.dispose());

  async function failure(config: Parameters<HttpClient['request']>[0] = { url: '/stock?api_key=k3y' }): Promise<RemoteError> {
    try {
      await client.request(config);
    } catch (err) {
      expect(err).toBeInstanceOf(RemoteError);
      return err as RemoteError;
    }
    throw new Error('the request succeeded');
  }

  it('returns parsed JSON and sends the configured headers', async () => {
    server.respond((_req, res) => json(res, 200, { rows: [1, 2] }));
    const response = await client.request<{ rows: number[] }>({ url: '/stock' });
    expect(response.data.rows).toEqual([1, 2]);
    expect(server.requests[0].headers.authorization).toBe('Bearer s3cret-token');
  });

  it('reuses one keep-alive connection for sequential calls', async () => {
    server.respond((_req, res) => json(res, 200, {}));
    await client.request({ url: '/a' });
    await client.request({ url: '/b' });
    expect(server.requests.map((r) => r.headers.connection)).toEqual(['keep-alive', 'keep-alive']);
  });

  it.each([
    [401, 'WMS_ACCESS_DENIED', false],
    [403, 'WMS_ACCESS_ERROR', false],
    [404, 'WMS_NOT_FOUND', false],
    [422, 'WMS_VALIDATION', false],
    [429, 'WMS_RATE_LIMITED', true],
    [500, 'WMS_SERVER_ERROR', false],
    [503, 'WMS_UNAVAILABLE', true],
  ])('maps HTTP %i to %s (retryable: %s)', async (status, code, retryable) => {
    server.respond((_req, res) => json(res, status, { error: 'no' }));
    const error = await failure();
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.cause).toMatchObject({ status, retryable, system: 'WMS', request: 'GET /stock' });
  });

  it('reads Retry-After in seconds from a 429', async () => {
    server.respond((_req, res) => json(res, 429, {}, { 'Retry-After': '7' }));
    expect((await failure()).retryAfterMs).toBe(7000);
  });

  it('reports a slow answer as a retryable timeout', async () => {
    server.respond(() => undefined);
    const error = await failure();
    expect(error.code).toBe('WMS_TIMEOUT');
    expect(error.retryable).toBe(true);
  });

  it('reports a body that is not JSON as a protocol error', async () => {
    server.respond((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"rows": [1,');
    });
    expect((await failure()).code).toBe('WMS_PROTOCOL');
  });

  it('reports a refused connection as unavailable and retryable', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = createHttpClient({ system: 'WMS', baseURL: `http://127.0.0.1:${port}`, timeoutMs: 500 });
    await expect(offline.request({ url: '/x' })).rejects.toMatchObject({ code: 'WMS_UNAVAILABLE', retryable: true });
    offline.dispose();
  });

  it('never carries credentials, headers or query strings in the error', async () => {
    server.respond((_req, res) => json(res, 500, { trace: 'boom' }));
    const error = await failure();
    const everything = JSON.stringify({ message: error.message, cause: error.cause, stack: error.stack, own: { ...error } });
    expect(everything).not.toContain('s3cret-token');
    expect(everything).not.toContain('k3y');
    expect(everything).toContain('boom');
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and ignores anything else', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('classifyStatus', () => {
  it('treats gateway errors as retryable and other client errors as final', () => {
    expect(classifyStatus(502)).toEqual({ suffix: 'UNAVAILABLE', retryable: true });
    expect(classifyStatus(504)).toEqual({ suffix: 'UNAVAILABLE', retryable: true });
    expect(classifyStatus(418)).toEqual({ suffix: 'REQUEST_FAILED', retryable: false });
  });
});
