import { RemoteError } from '../../../nodes/lib/errors';
import { createHttpClient, type HttpClient } from '../../../nodes/lib/http';
import { OAuth2TokenSource, withBearer } from '../../../nodes/lib/oauth2';
import { json, startFakeServer, type FakeServer } from '../../fakes/http-server';

describe('OAuth2TokenSource', () => {
  let server: FakeServer;
  let http: HttpClient;
  let issued: number;
  let clock: number;

  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    issued = 0;
    clock = 1_000_000;
    server.requests.length = 0;
    server.respond((_req, res) => json(res, 200, { access_token: `t${++issued}`, token_type: 'Bearer', expires_in: 60 }));
    http = createHttpClient({ system: 'WMS', baseURL: server.url, timeoutMs: 500 });
  });
  afterEach(() => http.dispose());

  const source = () =>
    new OAuth2TokenSource(
      http,
      { tokenUrl: '/oauth/token', clientId: 'pb', clientSecret: 's3cret' },
      { system: 'WMS', refreshAheadMs: 10_000, now: () => clock },
    );

  it('sends the client credentials as a form and shares one token request between concurrent calls', async () => {
    const tokens = source();
    expect(await Promise.all([tokens.get(), tokens.get(), tokens.get()])).toEqual(['t1', 't1', 't1']);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(new URLSearchParams(server.requests[0].body)).toEqual(new URLSearchParams('grant_type=client_credentials&client_id=pb&client_secret=s3cret'));
  });

  it('fetches a new token shortly before expires_in runs out', async () => {
    const tokens = source();
    expect(await tokens.get()).toBe('t1');
    clock += 49_000;
    expect(await tokens.get()).toBe('t1');
    clock += 2_000; // 51 s: inside the 10 s before expiry
    expect(await tokens.get()).toBe('t2');
  });

  it('after a 401 fetches one new token for all calls refused with the same one, and retries once', async () => {
    const tokens = source();
    const seen: string[] = [];
    const call = (headers: Record<string, string>): Promise<string> => {
      seen.push(headers.Authorization);
      if (headers.Authorization === 'Bearer t1')
        return Promise.reject(new RemoteError('WMS_ACCESS_DENIED', 'expired', { system: 'WMS', status: 401, retryable: false }));
      return Promise.resolve('ok');
    };
    expect(await Promise.all([withBearer(tokens, call), withBearer(tokens, call)])).toEqual(['ok', 'ok']);
    expect(issued).toBe(2);
    expect(seen).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t2', 'Bearer t2']);
  });

  it('reports a token endpoint that gives no token as ACCESS_DENIED and tries again next time', async () => {
    server.respond((_req, res) => json(res, 200, { token_type: 'Bearer' }));
    const tokens = source();
    await expect(tokens.get()).rejects.toEqual(expect.objectContaining({ code: 'WMS_ACCESS_DENIED' }));
    server.respond((_req, res) => json(res, 200, { access_token: 'late', expires_in: 60 }));
    expect(await tokens.get()).toBe('late');
  });
});
