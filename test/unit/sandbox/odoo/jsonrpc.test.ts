import { start, type Started } from './start';
import { call, executeKw, jsonRpc, postJson } from './wire';

describe.each([
  [16, 200],
  [17, 200],
  [18, 200],
  [19, 0],
  [20, 0],
] as const)('/jsonrpc on Odoo %i', (version, errorCode) => {
  let s: Started;
  beforeAll(async () => {
    s = await start(version);
  });
  afterAll(() => s.sb.stop());

  it('common.version needs no credentials', async () => {
    const env = await jsonRpc(s.sb.url, 'common', 'version', [], 'abc');
    expect(env).toEqual({
      jsonrpc: '2.0',
      id: 'abc',
      result: { server_version: `${version}.0+e`, server_version_info: [version, 0, 0, 'final', 0, 'e'], server_serie: `${version}.0`, protocol_version: 1 },
    });
  });

  it('login and authenticate return the uid, or false (not an error) for bad credentials', async () => {
    expect((await jsonRpc(s.sb.url, 'common', 'login', [s.sb.db, s.sb.login, s.sb.password])).result).toBe(s.sb.control.admin.uid);
    expect((await jsonRpc(s.sb.url, 'common', 'authenticate', [s.sb.db, s.sb.login, s.sb.password, {}])).result).toBe(s.sb.control.admin.uid);
    const bad = await jsonRpc(s.sb.url, 'common', 'login', [s.sb.db, s.sb.login, 'wrong']);
    expect(bad).toEqual({ jsonrpc: '2.0', id: 1, result: false });
    expect((await jsonRpc(s.sb.url, 'common', 'authenticate', [s.sb.db, 'nobody', 'x', {}])).result).toBe(false);
  });

  it('accepts an API key in the password slot', async () => {
    expect((await jsonRpc(s.sb.url, 'common', 'login', [s.sb.db, s.sb.login, s.sb.apiKey])).result).toBe(s.sb.control.admin.uid);
    const count = await call({ ...s.admin, password: s.sb.apiKey }, 'res.partner', 'search_count', [[]]);
    expect(count).toBeGreaterThan(0);
  });

  it(`execute_kw with a wrong password is an AccessDenied envelope (HTTP 200, code ${errorCode})`, async () => {
    const res = await postJson(`${s.sb.url}/jsonrpc`, {
      jsonrpc: '2.0',
      method: 'call',
      id: 7,
      params: { service: 'object', method: 'execute_kw', args: [s.sb.db, s.admin.uid, 'wrong', 'res.partner', 'search', [[]]] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: errorCode,
        message: 'Odoo Server Error',
        data: { name: 'odoo.exceptions.AccessDenied', message: 'Access Denied', arguments: ['Access Denied'], context: {}, debug: '' },
      },
    });
  });

  it('reports ORM errors by data.name, with a traceback in debug', async () => {
    const env = await executeKw(s.admin, 'purchase.order', 'create', [{}]);
    expect(env.result).toBeUndefined();
    expect(env.error).toMatchObject({ code: errorCode, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.ValidationError', context: {} } });
    expect(env.error?.data.debug).toContain('Traceback (most recent call last):');
    expect(env.error?.data.arguments).toEqual([env.error?.data.message]);
  });

  it('unknown model: UserError "Object x doesn\'t exist"; unknown method: AttributeError; private: AccessError', async () => {
    expect((await executeKw(s.admin, 'no.model', 'search', [[]])).error?.data).toMatchObject({
      name: 'odoo.exceptions.UserError',
      message: "Object no.model doesn't exist",
    });
    expect((await executeKw(s.admin, 'res.partner', 'frob', [[]])).error?.data).toMatchObject({
      name: 'builtins.AttributeError',
      message: "The method 'res.partner.frob' does not exist",
    });
    expect((await executeKw(s.admin, 'res.partner', '_private', [[]])).error?.data.name).toBe('odoo.exceptions.AccessError');
  });

  it('binds positional and keyword arguments like Python, with TypeError messages', async () => {
    expect(await call(s.admin, 'res.partner', 'search', [[['id', '=', 1]]], { limit: 1 })).toEqual([1]);
    const missing = await executeKw(s.admin, 'res.partner', 'search', []);
    expect(missing.error?.data).toMatchObject({ name: 'builtins.TypeError', message: "search() missing 1 required positional argument: 'domain'" });
    const twice = await executeKw(s.admin, 'res.partner', 'search', [[]], { domain: [] });
    expect(twice.error?.data.message).toBe("search() got multiple values for argument 'domain'");
  });

  it('create returns an int for one dict and a list for a list', async () => {
    expect(await call(s.admin, 'res.partner', 'create', [{ name: 'One' }])).toEqual(expect.any(Number));
    expect(await call(s.admin, 'res.partner', 'create', [[{ name: 'Two' }, { name: 'Three' }]])).toEqual([expect.any(Number), expect.any(Number)]);
  });

  it('omits `result` when the method returns None', async () => {
    const [draft] = await call<number[]>(s.admin, 'purchase.order', 'search', [[['state', '=', 'draft']]], { limit: 1 });
    const env = await executeKw(s.admin, 'purchase.order', 'button_cancel', [[draft]]);
    expect(env).toEqual({ jsonrpc: '2.0', id: 1 });
  });

  it('execute takes the method arguments positionally', async () => {
    const env = await jsonRpc(s.sb.url, 'object', 'execute', [s.sb.db, s.admin.uid, s.sb.password, 'res.partner', 'search_count', [['id', '=', 1]]]);
    expect(env.result).toBe(1);
  });

  it('answers invalid JSON and non-object JSON with a plain 400, outside the envelope', async () => {
    const broken = await postJson(`${s.sb.url}/jsonrpc`, '{"jsonrpc": ');
    expect([broken.status, broken.text]).toEqual([400, 'Invalid JSON data']);
    const list = await postJson(`${s.sb.url}/jsonrpc`, '[1, 2]');
    expect([list.status, list.text]).toEqual([400, 'Invalid JSON-RPC data']);
  });

  it('echoes a null id when the request has none', async () => {
    const res = await postJson(`${s.sb.url}/jsonrpc`, { jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'version', args: [] } });
    expect((res.body as { id: unknown }).id).toBeNull();
  });

  it(`${version >= 20 ? 'has no' : 'keeps the'} db service`, async () => {
    const env = await jsonRpc(s.sb.url, 'db', 'list', []);
    if (version >= 20) expect(env.error).toBeDefined();
    else expect(env.result).toEqual([s.sb.db]);
  });

  it('returns empty values as false, many2one as [id, name] and x2many as id lists', async () => {
    const [po] = await call<Array<Record<string, unknown>>>(s.admin, 'purchase.order', 'search_read', [[['state', '=', 'purchase']]], {
      fields: ['partner_id', 'order_line', 'origin', 'date_order'],
      limit: 1,
    });
    expect(po.partner_id).toEqual([expect.any(Number), expect.any(String)]);
    expect(po.order_line).toEqual(expect.arrayContaining([expect.any(Number)]));
    expect(po.origin).toBe(false);
    expect(po.date_order).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});

describe('web session style', () => {
  let s: Started;
  beforeAll(async () => {
    s = await start(17);
  });
  afterAll(() => s.sb.stop());

  async function authenticate(): Promise<string> {
    const res = await postJson(`${s.sb.url}/web/session/authenticate`, {
      jsonrpc: '2.0',
      method: 'call',
      id: 1,
      params: { db: s.sb.db, login: s.sb.login, password: s.sb.password },
    });
    expect((res.body as { result: { uid: number } }).result.uid).toBe(s.admin.uid);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^session_id=[0-9a-f]+;/);
    return cookie.split(';')[0];
  }

  const callKw = (cookie: string, model: string, method: string, args: unknown[], kwargs: object = {}) =>
    postJson(
      `${s.sb.url}/web/dataset/call_kw/${model}/${method}`,
      { jsonrpc: '2.0', method: 'call', id: 3, params: { model, method, args, kwargs } },
      { Cookie: cookie },
    );

  it('calls the ORM with the session cookie', async () => {
    const cookie = await authenticate();
    const res = await callKw(cookie, 'res.partner', 'search_count', [[['id', '=', 1]]]);
    expect(res.body).toEqual({ jsonrpc: '2.0', id: 3, result: 1 });
  });

  it('refuses bad credentials with AccessDenied', async () => {
    const res = await postJson(`${s.sb.url}/web/session/authenticate`, {
      jsonrpc: '2.0',
      method: 'call',
      id: 1,
      params: { db: s.sb.db, login: s.sb.login, password: 'no' },
    });
    expect((res.body as { error: { data: { name: string } } }).error.data.name).toBe('odoo.exceptions.AccessDenied');
  });

  it('answers an expired session with code 100 and odoo.http.SessionExpiredException', async () => {
    const cookie = await authenticate();
    expect(s.sb.control.expireSessions()).toBeGreaterThan(0);
    const res = await callKw(cookie, 'res.partner', 'search_count', [[]]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 3,
      error: { code: 100, message: 'Odoo Session Expired', data: { name: 'odoo.http.SessionExpiredException', message: 'Session expired' } },
    });
  });

  it('treats a call without cookie as an expired session', async () => {
    const res = await callKw('', 'res.partner', 'search_count', [[]]);
    expect((res.body as { error: { code: number } }).error.code).toBe(100);
  });
});
