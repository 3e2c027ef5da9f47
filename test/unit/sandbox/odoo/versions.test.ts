import { VERSION_PROFILES, versionProfile, type OdooVersion } from '../../../../sandbox/odoo/versions';
import { start, type Started } from './start';
import { call, executeKw, jsonRpc } from './wire';

type Fields = Record<string, { type: string; selection?: Array<[string, string]>; relation?: string }>;

describe('version profiles table', () => {
  it.each<[string, (v: OdooVersion) => unknown, unknown[]]>([
    ['server_version', (v) => VERSION_PROFILES[v].serverVersion, ['16.0+e', '17.0+e', '18.0+e', '19.0+e', '20.0+e']],
    ['JSON-2', (v) => VERSION_PROFILES[v].endpoints.json2, [false, false, false, true, true]],
    ['db service', (v) => VERSION_PROFILES[v].endpoints.dbService, [true, true, true, true, false]],
    ['JSON-RPC error code', (v) => VERSION_PROFILES[v].jsonRpcErrorCode, [200, 200, 200, 0, 0]],
    ['detailed_type', (v) => VERSION_PROFILES[v].product.detailedType, [true, true, false, false, false]],
    ['is_storable', (v) => VERSION_PROFILES[v].product.isStorable, [false, false, true, true, true]],
    ['uom_po_id', (v) => VERSION_PROFILES[v].product.uomPo, [true, true, true, false, false]],
    ['uom.category', (v) => VERSION_PROFILES[v].uomCategory, [true, true, true, false, false]],
    ['sale done state', (v) => VERSION_PROFILES[v].saleStates.includes('done'), [true, false, false, false, false]],
    ['purchase done state', (v) => VERSION_PROFILES[v].purchaseStates.includes('done'), [true, true, true, false, false]],
    ['order line unit', (v) => VERSION_PROFILES[v].orderLineUomField, ['product_uom', 'product_uom', 'product_uom', 'product_uom_id', 'product_uom_id']],
    ['move done quantity', (v) => VERSION_PROFILES[v].moveQtyField, ['quantity_done', 'quantity', 'quantity', 'quantity', 'quantity']],
    ['orderpoint qty_multiple', (v) => VERSION_PROFILES[v].orderpoint.qtyMultiple, [true, true, true, false, false]],
    ['domain any', (v) => VERSION_PROFILES[v].domainAnyOperator, [false, true, true, true, true]],
    ['read_group', (v) => VERSION_PROFILES[v].methods.readGroup, [true, true, true, true, false]],
    ['formatted_read_group', (v) => VERSION_PROFILES[v].methods.formattedReadGroup, [false, false, false, true, true]],
    ['name_search 2nd parameter', (v) => VERSION_PROFILES[v].methods.nameSearchDomainParam, ['args', 'args', 'args', 'domain', 'domain']],
    ['webhooks', (v) => VERSION_PROFILES[v].webhooks, ['none', 'in-transaction', 'in-transaction', 'post-commit', 'post-commit']],
  ])('%s by version', (_label, pick, expected) => {
    expect(([16, 17, 18, 19, 20] as const).map(pick)).toEqual(expected);
  });

  it('refuses unknown versions', () => {
    expect(() => versionProfile(15)).toThrow(/unsupported version 15/);
  });
});

describe.each([16, 17, 18, 19, 20] as const)('field names and methods on Odoo %i', (version) => {
  let s: Started;
  const p = VERSION_PROFILES[version];
  beforeAll(async () => {
    s = await start(version, { products: 40, historyDays: 30 });
  });
  afterAll(() => s.sb.stop());

  const fields = (model: string) => call<Fields>(s.admin, model, 'fields_get', [], { attributes: ['type', 'selection', 'relation'] });

  it('shapes product.template per version', async () => {
    const f = await fields('product.template');
    expect('detailed_type' in f).toBe(p.product.detailedType);
    expect('is_storable' in f).toBe(p.product.isStorable);
    expect('uom_po_id' in f).toBe(p.product.uomPo);
    expect(f.type.selection?.map(([k]) => k)).toEqual(p.product.typeValues);
    const storable = p.product.isStorable ? [['is_storable', '=', true]] : [['type', '=', 'product']];
    expect(await call<number>(s.admin, 'product.template', 'search_count', [storable])).toBeGreaterThan(0);
  });

  it('shapes units of measure per version', async () => {
    const f = await fields('uom.uom');
    expect('category_id' in f).toBe(p.uomCategory);
    expect('relative_factor' in f).toBe(!p.uomCategory);
    const env = await executeKw(s.admin, 'uom.category', 'search', [[]]);
    if (p.uomCategory) expect(env.result).toEqual(expect.arrayContaining([1]));
    else expect(env.error?.data.message).toBe("Object uom.category doesn't exist");
  });

  it('shapes orders, moves, reordering rules and vendor lines per version', async () => {
    const so = await fields('sale.order');
    expect(so.state.selection?.map(([k]) => k)).toEqual(p.saleStates);
    expect('locked' in so).toBe(p.saleLocked);
    const po = await fields('purchase.order');
    expect(po.state.selection?.map(([k]) => k)).toEqual(p.purchaseStates);
    expect('locked' in po).toBe(p.purchaseLocked);
    expect((await fields('purchase.order.line'))[p.orderLineUomField]).toMatchObject({ type: 'many2one', relation: 'uom.uom' });
    expect((await fields('sale.order.line'))[p.orderLineUomField]).toMatchObject({ type: 'many2one', relation: 'uom.uom' });
    const move = await fields('stock.move');
    expect(Object.keys(move).filter((k) => k === 'quantity' || k === 'quantity_done')).toEqual([p.moveQtyField]);
    const op = await fields('stock.warehouse.orderpoint');
    expect('qty_multiple' in op).toBe(p.orderpoint.qtyMultiple);
    expect('replenishment_uom_id' in op).toBe(p.orderpoint.replenishmentUom);
    const vendor = await fields('product.supplierinfo');
    expect(vendor.partner_id).toMatchObject({ type: 'many2one', relation: 'res.partner' });
    expect('product_uom_id' in vendor).toBe(p.supplierinfo.productUom);
  });

  it(`${p.domainAnyOperator ? 'accepts' : 'rejects'} the any operator`, async () => {
    const env = await executeKw(s.admin, 'purchase.order', 'search_count', [[['order_line', 'any', [['product_qty', '>', 0]]]]]);
    if (p.domainAnyOperator) expect(env.result).toBeGreaterThan(0);
    else expect(env.error?.data.name).toBe('builtins.ValueError');
  });

  it(`names the second name_search parameter "${p.methods.nameSearchDomainParam}"`, async () => {
    const param = p.methods.nameSearchDomainParam;
    const other = param === 'args' ? 'domain' : 'args';
    const ok = await executeKw(s.admin, 'res.partner', 'name_search', [], { name: 'SUP', [param]: [['supplier_rank', '>', 0]], limit: 2 });
    expect(ok.result).toEqual([
      [expect.any(Number), expect.any(String)],
      [expect.any(Number), expect.any(String)],
    ]);
    const wrong = await executeKw(s.admin, 'res.partner', 'name_search', [], { name: 'SUP', [other]: [] });
    expect(wrong.error?.data.message).toBe(`name_search() got an unexpected keyword argument '${other}'`);
  });

  it('offers read_group and formatted_read_group as the version does', async () => {
    const legacy = await executeKw(s.admin, 'stock.quant', 'read_group', [[], ['quantity:sum'], ['location_id']]);
    if (p.methods.readGroup) {
      expect((legacy.result as Array<Record<string, unknown>>)[0]).toMatchObject({
        location_id: [expect.any(Number), expect.any(String)],
        location_id_count: expect.any(Number),
        quantity: expect.any(Number),
        __domain: expect.any(Array),
      });
    } else {
      expect(legacy.error?.data.name).toBe('builtins.AttributeError');
    }
    const modern = await executeKw(s.admin, 'stock.quant', 'formatted_read_group', [[], ['location_id'], ['quantity:sum', '__count']]);
    if (p.methods.formattedReadGroup) {
      expect((modern.result as Array<Record<string, unknown>>)[0]).toEqual({
        location_id: [expect.any(Number), expect.any(String)],
        'quantity:sum': expect.any(Number),
        __count: expect.any(Number),
        __extra_domain: [['location_id', '=', expect.any(Number)]],
      });
    } else {
      expect(modern.error?.data.name).toBe('builtins.AttributeError');
    }
  });

  it('groups dates by month with Odoo labels', async () => {
    const method = p.methods.formattedReadGroup ? 'formatted_read_group' : 'read_group';
    const args = p.methods.formattedReadGroup ? [[], ['date_order:month'], ['__count']] : [[], ['amount_total'], ['date_order:month']];
    const rows = await call<Array<Record<string, unknown>>>(s.admin, 'purchase.order', method, args);
    const value = rows[0]['date_order:month'];
    if (p.methods.formattedReadGroup) expect(value).toEqual([expect.stringMatching(/^\d{4}-\d{2}-01$/), expect.stringMatching(/^[A-Z][a-z]+ \d{4}$/)]);
    else expect(value).toMatch(/^[A-Z][a-z]+ \d{4}$/);
  });

  it(`${p.methods.nameGet ? 'still has' : 'has no'} name_get`, async () => {
    const env = await executeKw(s.admin, 'res.partner', 'name_get', [[1]]);
    if (p.methods.nameGet) expect(env.result).toEqual([[1, 'Sandbox Distribution']]);
    else expect(env.error?.data.name).toBe('builtins.AttributeError');
  });

  it('reports its version through common.version', async () => {
    expect((await jsonRpc(s.sb.url, 'common', 'version', [])).result).toMatchObject({ server_version_info: [version, 0, 0, 'final', 0, 'e'] });
  });
});
