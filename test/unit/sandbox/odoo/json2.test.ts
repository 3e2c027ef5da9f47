import { start, type Started } from './start';
import { json2, postJson, rawRequest } from './wire';

interface Json2Error {
  name: string;
  message: string;
  arguments: unknown[];
  context: object;
  debug: string;
}

describe.each([19, 20] as const)('JSON-2 on Odoo %i', (version) => {
  let s: Started;
  let key: string;
  beforeAll(async () => {
    s = await start(version);
    key = s.sb.apiKey;
  });
  afterAll(() => s.sb.stop());

  const expectError = (res: { status: number; body: unknown }, status: number, name: string, message?: string | RegExp): Json2Error => {
    expect(res.status).toBe(status);
    const body = res.body as Json2Error;
    expect(Object.keys(body).sort()).toEqual(['arguments', 'context', 'debug', 'message', 'name']);
    expect(body.name).toBe(name);
    if (message !== undefined) expect(body.message).toMatch(message);
    expect(body.context).toEqual({});
    return body;
  };

  describe('success', () => {
    it('returns the bare result with many2one as [id, name]', async () => {
      const res = await json2<Array<Record<string, unknown>>>(
        s.sb.url,
        'product.product',
        'search_read',
        { domain: [['id', '<=', 2]], fields: ['name', 'uom_id'] },
        key,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body).toHaveLength(2);
      expect(res.body[0]).toEqual({ id: 1, name: expect.any(String), uom_id: [expect.any(Number), expect.any(String)] });
    });

    it('gives bare many2one ids with "load": null', async () => {
      const res = await json2<Array<Record<string, unknown>>>(
        s.sb.url,
        'product.product',
        'read',
        { ids: [1], fields: ['uom_id', 'categ_id'], load: null },
        key,
      );
      expect(res.body[0]).toEqual({ id: 1, uom_id: expect.any(Number), categ_id: expect.any(Number) });
    });

    it('turns recordsets into id lists, so create returns a list even for one dict', async () => {
      const created = await json2<number[]>(s.sb.url, 'res.partner', 'create', { vals_list: { name: 'JSON-2 single' } }, key);
      expect(created.status).toBe(200);
      expect(created.body).toEqual([expect.any(Number)]);
      const many = await json2<number[]>(s.sb.url, 'res.partner', 'create', { vals_list: [{ name: 'A' }, { name: 'B' }] }, key);
      expect(many.body).toHaveLength(2);
      const found = await json2<number[]>(s.sb.url, 'res.partner', 'search', { domain: [['name', '=', 'JSON-2 single']] }, key);
      expect(found.body).toEqual(created.body);
    });

    it('writes with `vals` and ids, and reports true', async () => {
      const [id] = (await json2<number[]>(s.sb.url, 'res.partner', 'create', { vals_list: [{ name: 'Before' }] }, key)).body;
      const res = await json2(s.sb.url, 'res.partner', 'write', { ids: [id], vals: { name: 'After' } }, key);
      expect(res.body).toBe(true);
      const read = await json2<Array<{ name: string }>>(s.sb.url, 'res.partner', 'read', { ids: [id], fields: ['name'] }, key);
      expect(read.body[0].name).toBe('After');
    });

    it('answers context_get with the key owner as uid', async () => {
      const res = await json2<{ uid: number }>(s.sb.url, 'res.users', 'context_get', {}, s.sb.control.integration.apiKey);
      expect(res.body).toEqual({ lang: 'en_US', tz: 'Europe/Brussels', uid: s.sb.control.integration.uid });
    });

    it('accepts the bearer scheme in any case and a matching X-Odoo-Database', async () => {
      const res = await postJson(`${s.sb.url}/json/2/res.partner/search_count`, { domain: [] }, { Authorization: `Bearer ${key}`, 'X-Odoo-Database': s.sb.db });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.any(Number));
    });

    it('takes the context from the top-level "context" key', async () => {
      const all = await json2<number>(s.sb.url, 'product.product', 'search_count', { domain: [], context: { active_test: false } }, key);
      const active = await json2<number>(s.sb.url, 'product.product', 'search_count', { domain: [] }, key);
      expect(all.body).toBeGreaterThan(active.body);
    });

    it('serves /web/version without authentication', async () => {
      const res = await rawRequest(`${s.sb.url}/web/version`, { method: 'GET' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ version_info: [version, 0, 0, 'final', 0, 'e'], version: `${version}.0+e` });
    });
  });

  describe('errors', () => {
    it('401 without Authorization, with WWW-Authenticate: bearer', async () => {
      const res = await json2(s.sb.url, 'res.partner', 'search', { domain: [] });
      expectError(res, 401, 'werkzeug.exceptions.Unauthorized', /use an API Key with a Bearer Authorization header/);
      expect(res.headers.get('www-authenticate')).toBe('bearer');
    });

    it('401 "Invalid apikey" for an unknown key, arguments [message, 401]', async () => {
      const res = await json2(s.sb.url, 'res.partner', 'search', { domain: [] }, 'not-a-key');
      const body = expectError(res, 401, 'werkzeug.exceptions.Unauthorized', 'Invalid apikey');
      expect(body.arguments).toEqual(['Invalid apikey', 401]);
      expect(res.headers.get('www-authenticate')).toBe('bearer');
    });

    it('401 for an expired key', async () => {
      const expired = s.sb.control.createApiKey({ login: 'integration', expiresAt: '2020-01-01 00:00:00' });
      expectError(await json2(s.sb.url, 'res.partner', 'search', { domain: [] }, expired), 401, 'werkzeug.exceptions.Unauthorized', 'Invalid apikey');
    });

    it('403 AccessError for an operation the user may not do', async () => {
      const res = await json2(s.sb.url, 'product.product', 'unlink', { ids: [1] }, s.sb.control.integration.apiKey);
      expectError(res, 403, 'odoo.exceptions.AccessError', /^You are not allowed to delete 'Product Variant' \(product\.product\) records\./);
    });

    it('403 AccessError for a private method', async () => {
      expectError(await json2(s.sb.url, 'res.partner', '_read', { ids: [1] }, key), 403, 'odoo.exceptions.AccessError', /Private methods/);
    });

    it('404 MissingError for a deleted record', async () => {
      expectError(
        await json2(s.sb.url, 'res.partner', 'read', { ids: [987654], fields: ['name'] }, key),
        404,
        'odoo.exceptions.MissingError',
        /Record does not exist or has been deleted/,
      );
    });

    it('404 for an unknown model and an unknown method', async () => {
      expectError(
        await json2(s.sb.url, 'no.such.model', 'search', { domain: [] }, key),
        404,
        'werkzeug.exceptions.NotFound',
        "the model 'no.such.model' does not exist",
      );
      expectError(
        await json2(s.sb.url, 'res.partner', 'frobnicate', {}, key),
        404,
        'werkzeug.exceptions.NotFound',
        "The method 'res.partner.frobnicate' does not exist",
      );
    });

    it('404 with a hint for GET and for paths that are not /json/2/<model>/<method>', async () => {
      const get = await rawRequest(`${s.sb.url}/json/2/res.partner/search`, { method: 'GET' });
      expectError(get, 404, 'werkzeug.exceptions.NotFound', 'Did you mean POST /json/2/<model>/<method>?');
      const short = await json2(s.sb.url, 'res.partner', '', {}, key);
      expect(short.status).toBe(404);
    });

    it('422 UserError from business rules', async () => {
      const [po] = (
        await json2<Array<{ id: number }>>(s.sb.url, 'purchase.order', 'search_read', { domain: [['state', '=', 'purchase']], fields: ['id'], limit: 1 }, key)
      ).body;
      expectError(await json2(s.sb.url, 'purchase.order', 'unlink', { ids: [po.id] }, key), 422, 'odoo.exceptions.UserError', /cancel it first/);
    });

    it('422 ValidationError for a missing required field', async () => {
      expectError(
        await json2(s.sb.url, 'purchase.order', 'create', { vals_list: [{}] }, key),
        422,
        'odoo.exceptions.ValidationError',
        /mandatory field is not set/,
      );
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a missing parameter', {}, "missing a required argument: 'domain'"],
      ['an unknown parameter', { domain: [], bogus_kwarg: 1 }, "got an unexpected keyword argument 'bogus_kwarg'"],
    ])('422 for %s', async (_label, body, message) => {
      expectError(await json2(s.sb.url, 'res.partner', 'search_count', body, key), 422, 'werkzeug.exceptions.UnprocessableEntity', message);
    });

    it('422 for ids given to an @api.model method', async () => {
      expectError(
        await json2(s.sb.url, 'res.partner', 'create', { ids: [1], vals_list: [{ name: 'x' }] }, key),
        422,
        'werkzeug.exceptions.UnprocessableEntity',
        'cannot call res.partner.create with ids',
      );
    });

    it('400 for a body that is not JSON, or JSON but not an object', async () => {
      expectError(
        await json2(s.sb.url, 'res.partner', 'search', '{"domain": [', key),
        400,
        'werkzeug.exceptions.BadRequest',
        /^could not parse the body as json/,
      );
      expectError(
        await json2(s.sb.url, 'res.partner', 'search', 'null', key),
        400,
        'werkzeug.exceptions.BadRequest',
        'could not parse the body, expecting a json object',
      );
    });

    it('415 as an HTML page for a form-encoded body', async () => {
      const res = await rawRequest(`${s.sb.url}/json/2/res.partner/search`, {
        method: 'POST',
        headers: { Authorization: `bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'domain=[]',
      });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it('404 HTML page for a database the server does not serve', async () => {
      const res = await json2(s.sb.url, 'res.partner', 'search', { domain: [] }, key, { 'X-Odoo-Database': 'other' });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.text).toContain('The requested URL was not found on the server.');
    });

    it('500 with the Python exception for anything else (here a ValueError)', async () => {
      const body = expectError(
        await json2(s.sb.url, 'res.partner', 'search', { domain: [['no_such_field', '=', 1]] }, key),
        500,
        'builtins.ValueError',
        /Invalid field/,
      );
      expect(body.debug).toMatch(/^Traceback \(most recent call last\):/);
    });
  });
});

describe.each([16, 17, 18] as const)('JSON-2 on Odoo %i', (version) => {
  let s: Started;
  beforeAll(async () => {
    s = await start(version);
  });
  afterAll(() => s.sb.stop());

  it('does not exist (404 HTML) and neither does /web/version', async () => {
    const res = await json2(s.sb.url, 'res.partner', 'search', { domain: [] }, s.sb.apiKey);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await rawRequest(`${s.sb.url}/web/version`, { method: 'GET' })).status).toBe(404);
  });
});
