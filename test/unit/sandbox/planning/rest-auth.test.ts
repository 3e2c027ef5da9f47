import { startPlanningSandbox, type PlanningSandbox } from '../../../../sandbox/planning/index';
import { call, nextEvent } from './http-helpers';

describe('planning sandbox REST: authentication', () => {
  let sandbox: PlanningSandbox;
  const t0 = Date.UTC(2026, 10, 26, 8, 0, 0);

  beforeAll(async () => {
    sandbox = await startPlanningSandbox({
      token: 'static-token',
      apiKey: 'key-1',
      clients: [{ client_id: 'erp', client_secret: 's3cret' }],
      tokenTtlSeconds: 60,
      now: () => t0,
    });
  });
  afterAll(() => sandbox.stop());

  const token = async (body: string, contentType = 'application/x-www-form-urlencoded', extra: Record<string, string> = {}) => {
    const res = await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', headers: { 'content-type': contentType, ...extra }, body });
    return { status: res.status, body: await res.json() };
  };

  it('listens on 127.0.0.1 and refuses /api calls without credentials', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await call(sandbox, 'GET', '/api/v1/datasets', undefined, {});
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect((await call(sandbox, 'GET', '/api/v1/datasets', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('accepts the static bearer token and the X-Api-Key header', async () => {
    expect((await call(sandbox, 'GET', '/api/v1/datasets')).status).toBe(200);
    expect((await call(sandbox, 'GET', '/api/v1/datasets', undefined, { 'x-api-key': 'key-1' })).status).toBe(200);
    expect((await call(sandbox, 'GET', '/api/v1/datasets', undefined, { 'x-api-key': 'key-2' })).status).toBe(401);
  });

  it('issues OAuth2 client-credentials tokens from a form, JSON or HTTP Basic', async () => {
    const form = await token('grant_type=client_credentials&client_id=erp&client_secret=s3cret');
    expect(form).toEqual({ status: 200, body: { access_token: expect.any(String), token_type: 'Bearer', expires_in: 60 } });
    const json = await token(JSON.stringify({ grant_type: 'client_credentials', client_id: 'erp', client_secret: 's3cret' }), 'application/json');
    expect(json.status).toBe(200);
    const basic = await token('grant_type=client_credentials', undefined, { authorization: `Basic ${Buffer.from('erp:s3cret').toString('base64')}` });
    expect(basic.status).toBe(200);
    expect((await call(sandbox, 'GET', '/api/v1/datasets', undefined, { authorization: `Bearer ${form.body.access_token}` })).status).toBe(200);
  });

  it('refuses a wrong secret and other grant types the OAuth2 way', async () => {
    expect(await token('grant_type=client_credentials&client_id=erp&client_secret=wrong')).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await token('grant_type=password&client_id=erp&client_secret=s3cret')).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('expires tokens on the sandbox clock so a client must refresh', async () => {
    const first = (await token('grant_type=client_credentials&client_id=erp&client_secret=s3cret')).body.access_token;
    const auth = { authorization: `Bearer ${first}` };
    sandbox.control.advanceClock(59_000);
    expect((await call(sandbox, 'GET', '/api/v1/datasets', undefined, auth)).status).toBe(200);
    sandbox.control.advanceClock(1_000);
    const expired = await call(sandbox, 'GET', '/api/v1/datasets', undefined, auth);
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('invalid_token');
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const second = (await token('grant_type=client_credentials&client_id=erp&client_secret=s3cret')).body.access_token;
    expect(second).not.toBe(first);
    expect((await call(sandbox, 'GET', '/api/v1/datasets', undefined, { authorization: `Bearer ${second}` })).status).toBe(200);
    // the static token does not expire
    expect((await call(sandbox, 'GET', '/api/v1/datasets')).status).toBe(200);
  });

  it('answers 404 and 405 for unknown routes and methods', async () => {
    expect((await call(sandbox, 'GET', '/api/v1/nothing')).status).toBe(404);
    expect((await call(sandbox, 'DELETE', '/api/v1/datasets')).status).toBe(405);
  });

  it('emits a call event for every counted call', async () => {
    const seen = nextEvent(sandbox.control.events, 'call');
    await call(sandbox, 'GET', '/api/v1/datasets');
    expect((await seen)[0]).toEqual({ route: 'GET /api/v1/datasets', fault: 'none' });
  });
});
