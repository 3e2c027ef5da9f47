import { start, type Started } from './start';
import { call, xmlRpc } from './wire';

describe.each([16, 19] as const)('XML-RPC on Odoo %i', (version) => {
  let s: Started;
  beforeAll(async () => {
    s = await start(version);
  });
  afterAll(() => s.sb.stop());

  const object = (params: unknown[], uid = s.admin.uid, password = s.sb.password) =>
    xmlRpc(s.sb.url, '/xmlrpc/2/object', 'execute_kw', [s.sb.db, uid, password, ...params]);

  it('answers common.version and login as HTTP 200 text/xml', async () => {
    const version_ = await xmlRpc(s.sb.url, '/xmlrpc/2/common', 'version', []);
    expect(version_.status).toBe(200);
    expect(version_.contentType).toMatch(/^text\/xml/);
    expect(version_.value).toMatchObject({ server_version: `${version}.0+e`, protocol_version: 1 });
    expect((await xmlRpc(s.sb.url, '/xmlrpc/2/common', 'login', [s.sb.db, s.sb.login, s.sb.password])).value).toBe(s.admin.uid);
    expect((await xmlRpc(s.sb.url, '/xmlrpc/2/common', 'authenticate', [s.sb.db, s.sb.login, 'nope', {}])).value).toBe(false);
  });

  it('marshals ints, doubles, strings, false, many2one pairs and dates as strings', async () => {
    const res = await object([
      'purchase.order.line',
      'search_read',
      [[['id', '=', 1]]],
      { fields: ['product_qty', 'price_unit', 'name', 'order_id', 'date_planned', 'qty_invoiced'] },
    ]);
    const [line] = res.value as Array<Record<string, unknown>>;
    expect(line.id).toBe(1);
    expect(line.product_qty).toEqual({ double: expect.stringMatching(/^\d+\.\d+$/) });
    expect(line.qty_invoiced).toEqual({ double: '0.0' });
    expect(line.name).toEqual(expect.any(String));
    expect(line.order_id).toEqual([expect.any(Number), expect.stringMatching(/^P\d{5}$/)]);
    expect(line.date_planned).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const partner = await object(['res.partner', 'read', [[1]], { fields: ['ref', 'is_company'] }]);
    expect(partner.value).toEqual([{ id: 1, ref: false, is_company: true }]);
  });

  it('accepts <nil/> arguments (Python unmarshals them to None)', async () => {
    const res = await object(['res.partner', 'search', [[['id', '<=', 3]]], { limit: null, order: 'id desc' }]);
    // Partner 2 is OdooBot's, archived like in a real database.
    expect(res.value).toEqual([3, 1]);
  });

  it.each<[string, () => unknown[], number, string | RegExp]>([
    ['AccessError -> 4', () => ['product.product', 'unlink', [[1]]], 4, /^You are not allowed to delete 'Product Variant'/],
    ['UserError -> 2', () => ['no.model', 'search', [[]]], 2, "Object no.model doesn't exist"],
    ['ValidationError -> 2', () => ['purchase.order', 'create', [{}]], 2, /mandatory field is not set/],
    ['MissingError -> 2', () => ['res.partner', 'write', [[999999], { name: 'x' }]], 2, /Record does not exist or has been deleted/],
    [
      'anything else -> 1 with the traceback',
      () => ['res.partner', 'search', [[['nope', '=', 1]]]],
      1,
      /^Traceback \(most recent call last\):[\s\S]*builtins\.ValueError: Invalid field/,
    ],
  ])('maps %s', async (_label, params, code, message) => {
    const uid = code === 4 ? s.bot.uid : s.admin.uid;
    const password = code === 4 ? s.bot.password : s.sb.password;
    const res = await object(params(), uid, password);
    expect(res.status).toBe(200);
    expect(res.fault?.faultCode).toBe(code);
    expect(res.fault?.faultString).toMatch(message);
  });

  it('maps AccessDenied (wrong password) to 3', async () => {
    const res = await object(['res.partner', 'search', [[]]], s.admin.uid, 'wrong');
    expect(res.fault).toEqual({ faultCode: 3, faultString: 'Access Denied' });
  });

  it('faults with code 1 when a method returns None (allow_none=False)', async () => {
    const [draft] = await call<number[]>(s.admin, 'purchase.order', 'search', [[['state', '=', 'draft']]], { limit: 1 });
    const res = await object(['purchase.order', 'button_cancel', [[draft]]]);
    expect(res.fault?.faultCode).toBe(1);
    expect(res.fault?.faultString).toContain('cannot marshal None unless allow_none is enabled');
  });

  it('strips control characters from strings, as OdooMarshaller does', async () => {
    const id = await call<number>(s.admin, 'res.partner', 'create', [{ name: 'bob with a control character: \u0003' }]);
    const res = await object(['res.partner', 'read', [[id]], { fields: ['name'] }]);
    expect(res.value).toEqual([{ id, name: 'bob with a control character: ' }]);
  });

  it('uses string fault codes on the legacy /xmlrpc/ routes', async () => {
    const res = await xmlRpc(s.sb.url, '/xmlrpc/object', 'execute_kw', [s.sb.db, s.admin.uid, 'wrong', 'res.partner', 'search', [[]]]);
    expect(res.fault?.faultCode).toBe('AccessDenied');
    const user = await xmlRpc(s.sb.url, '/xmlrpc/object', 'execute_kw', [s.sb.db, s.admin.uid, s.sb.password, 'no.model', 'search', [[]]]);
    expect(user.fault?.faultCode).toBe("warning -- UserError\n\nObject no.model doesn't exist");
  });

  it('answers a document that is not XML-RPC with fault 1', async () => {
    const res = await fetch(`${s.sb.url}/xmlrpc/2/object`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<nope/>' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<name>faultCode</name>\n<value><int>1</int></value>');
  });

  if (version === 19) {
    it('faults on a full fields_get of a model with x2many fields (domain None), not with explicit attributes', async () => {
      expect((await object(['purchase.order', 'fields_get', []])).fault?.faultString).toContain('cannot marshal None');
      const ok = await object(['purchase.order', 'fields_get', [['order_line']], { attributes: ['type', 'relation'] }]);
      expect(ok.value).toEqual({ order_line: { type: 'one2many', relation: 'purchase.order.line' } });
    });
  }
});
