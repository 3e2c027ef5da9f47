import { INTEGRATION_GROUP } from '../../../../sandbox/odoo';
import { start, type Started } from './start';
import { call, executeKw, json2, jsonRpc } from './wire';

describe('access rights, companies and API keys', () => {
  let s: Started;
  beforeAll(async () => {
    s = await start(19, { warehouses: 4 });
  });
  afterAll(() => s.sb.stop());

  describe(`the least-privilege group ${INTEGRATION_GROUP.xmlid}`, () => {
    it('reads products, stock, partners and orders', async () => {
      for (const model of [
        'product.product',
        'product.supplierinfo',
        'stock.quant',
        'stock.move',
        'res.partner',
        'purchase.order',
        'sale.order',
        'stock.warehouse.orderpoint',
      ]) {
        expect(await call<number>(s.bot, model, 'search_count', [[]])).toBeGreaterThan(0);
      }
    });

    it('creates and confirms purchase orders, and records external ids', async () => {
      const [vendor] = await call<number[]>(s.bot, 'res.partner', 'search', [[['supplier_rank', '>', 0]]], { limit: 1 });
      const [product] = await call<number[]>(s.bot, 'product.product', 'search', [[['purchase_ok', '=', true]]], { limit: 1 });
      const po = await call<number>(s.bot, 'purchase.order', 'create', [{ partner_id: vendor, order_line: [[0, 0, { product_id: product, product_qty: 5 }]] }]);
      expect(await call(s.bot, 'purchase.order', 'button_confirm', [[po]])).toBe(true);
      await call(s.bot, 'ir.model.data', 'create', [{ module: 'planbridge', name: `proposal_${po}`, model: 'purchase.order', res_id: po }]);
    });

    it.each<[string, string, string, unknown[], string]>([
      ['delete products', 'product.product', 'unlink', [[1]], "You are not allowed to delete 'Product Variant' (product.product) records."],
      ['modify products', 'product.product', 'write', [[1], { name: 'x' }], "You are not allowed to modify 'Product Variant' (product.product) records."],
      ['create partners', 'res.partner', 'create', [{ name: 'x' }], "You are not allowed to create 'Contact' (res.partner) records."],
      ['confirm sales orders', 'sale.order', 'action_confirm', [[1]], "You are not allowed to modify 'Sales Order' (sale.order) records."],
    ])('may not %s', async (_label, model, method, args, firstLine) => {
      const env = await executeKw(s.bot, model, method, args);
      expect(env.error?.data.name).toBe('odoo.exceptions.AccessError');
      expect(env.error?.data.message.split('\n')[0]).toBe(firstLine);
    });

    it('answers check_access_rights per operation, raising or not', async () => {
      expect(await call(s.bot, 'product.product', 'check_access_rights', ['read'])).toBe(true);
      expect(await call(s.bot, 'product.product', 'check_access_rights', ['unlink'], { raise_exception: false })).toBe(false);
      expect(await call(s.bot, 'purchase.order', 'check_access_rights', ['write'], { raise_exception: false })).toBe(true);
      expect((await executeKw(s.bot, 'product.product', 'check_access_rights', ['unlink'])).error?.data.name).toBe('odoo.exceptions.AccessError');
    });
  });

  describe('multi-company', () => {
    it('restricts records to allowed_company_ids and defaults to all the user companies', async () => {
      const all = await call<Array<{ company_id: [number, string] }>>(s.admin, 'stock.warehouse', 'search_read', [[]], { fields: ['company_id'] });
      expect(new Set(all.map((w) => w.company_id[0]))).toEqual(new Set([1, 2]));
      const first = await call<Array<{ company_id: [number, string] }>>(s.admin, 'stock.warehouse', 'search_read', [[]], {
        fields: ['company_id'],
        context: { allowed_company_ids: [1] },
      });
      expect(first.length).toBe(all.length - 1);
      expect(first.every((w) => w.company_id[0] === 1)).toBe(true);
    });

    it('refuses companies the user does not belong to', async () => {
      const env = await executeKw(s.admin, 'stock.warehouse', 'search', [[]], { context: { allowed_company_ids: [99] } });
      expect(env.error?.data).toMatchObject({ name: 'odoo.exceptions.AccessError', message: 'Access to unauthorized or invalid companies.' });
    });

    it('raises AccessError when reading a record of another company by id', async () => {
      const [other] = await call<number[]>(s.admin, 'stock.warehouse', 'search', [[['company_id', '=', 2]]]);
      const env = await executeKw(s.admin, 'stock.warehouse', 'read', [[other], ['name']], { context: { allowed_company_ids: [1] } });
      expect(env.error?.data.name).toBe('odoo.exceptions.AccessError');
    });
  });

  describe('API keys', () => {
    it('work in the password slot of RPC', async () => {
      const key = s.sb.control.integration.apiKey;
      expect((await jsonRpc(s.sb.url, 'common', 'authenticate', [s.sb.db, 'integration', key, {}])).result).toBe(s.bot.uid);
      expect(await call({ ...s.bot, password: key }, 'res.users', 'context_get', [])).toMatchObject({ uid: s.bot.uid });
    });

    it('stop working once expired: AccessDenied on RPC, 401 on JSON-2, false on login', async () => {
      const key = s.sb.control.createApiKey({ login: 'integration', expiresAt: new Date(Date.parse(`${s.sb.control.now().replace(' ', 'T')}Z`) + 60_000) });
      expect((await json2(s.sb.url, 'res.users', 'context_get', {}, key)).status).toBe(200);
      s.sb.control.advanceClock(120_000);
      expect((await json2(s.sb.url, 'res.users', 'context_get', {}, key)).status).toBe(401);
      expect((await executeKw({ ...s.bot, password: key }, 'res.users', 'context_get', [])).error?.data.name).toBe('odoo.exceptions.AccessDenied');
      expect((await jsonRpc(s.sb.url, 'common', 'login', [s.sb.db, 'integration', key])).result).toBe(false);
    });

    it('can be revoked', async () => {
      const key = s.sb.control.createApiKey({ login: 'integration' });
      expect(s.sb.control.revokeApiKey(key)).toBe(true);
      expect(s.sb.control.revokeApiKey(key)).toBe(false);
      expect((await json2(s.sb.url, 'res.users', 'context_get', {}, key)).status).toBe(401);
    });

    // Last in the file: it moves the clock three months ahead.
    it('give the integration key the 90-day expiry Odoo 18+ requires for non-admins, not the admin key', async () => {
      s.sb.control.advanceClock(91 * 86_400_000);
      expect((await json2(s.sb.url, 'res.users', 'context_get', {}, s.sb.control.integration.apiKey)).status).toBe(401);
      expect((await json2(s.sb.url, 'res.users', 'context_get', {}, s.sb.apiKey)).status).toBe(200);
    });
  });
});
