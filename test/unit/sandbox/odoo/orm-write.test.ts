import { start, type Started } from './start';
import { call, executeKw, type Creds } from './wire';

type Row = Record<string, unknown>;

describe.each([16, 17, 19] as const)('writing through the ORM on Odoo %i', (version) => {
  let s: Started;
  let admin: Creds;
  let vendor: number;
  let products: number[];
  const uomField = version >= 19 ? 'product_uom_id' : 'product_uom';
  const doneQty = version >= 17 ? 'quantity' : 'quantity_done';

  beforeAll(async () => {
    s = await start(version);
    admin = s.admin;
    [vendor] = await call<number[]>(admin, 'res.partner', 'search', [[['ref', '=', 'SUP-0001']]]);
    products = await call<number[]>(admin, 'product.product', 'search', [[['purchase_ok', '=', true]]], { limit: 4 });
  });
  afterAll(() => s.sb.stop());

  const lines = (poId: number) =>
    call<Row[]>(admin, 'purchase.order.line', 'search_read', [[['order_id', '=', poId]]], {
      fields: ['product_id', 'product_qty', 'price_unit', 'name', uomField, 'date_planned'],
      order: 'id',
    });

  async function newOrder(lineCount = 2): Promise<number> {
    return call<number>(admin, 'purchase.order', 'create', [
      { partner_id: vendor, order_line: products.slice(0, lineCount).map((p, i) => [0, 0, { product_id: p, product_qty: 10 + i }]) },
    ]);
  }

  it('creates one2many lines from [0, 0, vals] and precomputes name, unit, price and planned date', async () => {
    const po = await newOrder(2);
    const [order] = await call<Row[]>(admin, 'purchase.order', 'read', [[po], ['name', 'state', 'order_line', 'partner_id']]);
    expect(order).toMatchObject({ name: expect.stringMatching(/^P\d{5}$/), state: 'draft', partner_id: [vendor, expect.any(String)] });
    const got = await lines(po);
    expect(got.map((l) => l.id)).toEqual(order.order_line);
    expect(got[0]).toMatchObject({
      product_id: [products[0], expect.any(String)],
      product_qty: 10,
      name: expect.any(String),
      [uomField]: [expect.any(Number), expect.any(String)],
    });
    expect(got[0].date_planned).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('applies update, delete, link, unlink, clear and set commands', async () => {
    const po = await newOrder(3);
    const ids = (await lines(po)).map((l) => l.id as number);
    let [a, b] = ids;
    const c = ids[2];
    await call(admin, 'purchase.order', 'write', [
      [po],
      {
        order_line: [
          [1, a, { product_qty: 99 }],
          [2, b, 0],
        ],
      },
    ]);
    let got = await lines(po);
    expect(got.map((l) => [l.id, l.product_qty])).toEqual([
      [a, 99],
      [c, 12],
    ]);
    expect(await call(admin, 'purchase.order.line', 'search_count', [[['id', '=', b]]])).toBe(0);

    // [3, id]: the inverse order_id cascades, so unlinking a line deletes it.
    await call(admin, 'purchase.order', 'write', [[po], { order_line: [[3, c, 0]] }]);
    expect((await lines(po)).map((l) => l.id)).toEqual([a]);
    expect(await call(admin, 'purchase.order.line', 'search_count', [[['id', '=', c]]])).toBe(0);

    const other = await newOrder(1);
    const [moved] = (await lines(other)).map((l) => l.id as number);
    await call(admin, 'purchase.order', 'write', [
      [po],
      {
        order_line: [
          [4, moved, 0],
          [0, 0, { product_id: products[3], product_qty: 1 }],
        ],
      },
    ]);
    got = await lines(po);
    expect(got).toHaveLength(3);
    expect(got.map((l) => l.id)).toEqual(expect.arrayContaining([a, moved]));

    [a, b] = got.map((l) => l.id as number);
    await call(admin, 'purchase.order', 'write', [[po], { order_line: [[6, 0, [a, b]]] }]);
    expect((await lines(po)).map((l) => l.id)).toEqual([a, b]);
    await call(admin, 'purchase.order', 'write', [[po], { order_line: [[5, 0, 0]] }]);
    expect(await lines(po)).toEqual([]);
  });

  it('keeps write_date current to the second and leaves create_date alone', async () => {
    const id = await call<number>(admin, 'res.partner', 'create', [{ name: 'Clocked' }]);
    const [created] = await call<Row[]>(admin, 'res.partner', 'read', [[id], ['create_date', 'write_date']]);
    expect(created.write_date).toBe(created.create_date);
    expect(created.write_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    s.sb.control.advanceClock(5_000);
    await call(admin, 'res.partner', 'write', [[id], { phone: '+32 2 000 00 00' }]);
    const [written] = await call<Row[]>(admin, 'res.partner', 'read', [[id], ['create_date', 'write_date', 'write_uid']]);
    expect(written.create_date).toBe(created.create_date);
    expect(written.write_date).toBe(s.sb.control.now());
    expect(written.write_date! > created.write_date!).toBe(true);
    expect(written.write_uid).toEqual([admin.uid, expect.any(String)]);
  });

  it('gives every record written in one call the same write_date', async () => {
    const ids = await call<number[]>(admin, 'res.partner', 'create', [[{ name: 'Batch 1' }, { name: 'Batch 2' }, { name: 'Batch 3' }]]);
    const rows = await call<Row[]>(admin, 'res.partner', 'read', [ids, ['write_date']]);
    expect(new Set(rows.map((r) => r.write_date)).size).toBe(1);
  });

  it('rolls the whole call back when one record fails', async () => {
    const before = await call<number>(admin, 'res.partner', 'search_count', [[['name', '=like', 'Atomic %']]]);
    const env = await executeKw(admin, 'res.partner', 'create', [[{ name: 'Atomic 1' }, { name: 'Atomic 2', type: 'not-a-type' }]]);
    expect(env.error?.data.name).toBe('builtins.ValueError');
    expect(await call(admin, 'res.partner', 'search_count', [[['name', '=like', 'Atomic %']]])).toBe(before);
  });

  it('parses datetimes strictly on write (no ISO T/Z) and accepts a bare date', async () => {
    const po = await newOrder(1);
    for (const bad of ['2025-01-01T10:00:00', '2025-01-01 10:00:00Z', '2025-01-01 10:00:00.123']) {
      const env = await executeKw(admin, 'purchase.order', 'write', [[po], { date_planned: bad }]);
      expect(env.error?.data.name).toBe('builtins.ValueError');
    }
    await call(admin, 'purchase.order', 'write', [[po], { date_planned: '2025-01-01' }]);
    const [row] = await call<Row[]>(admin, 'purchase.order', 'read', [[po], ['date_planned']]);
    expect(row.date_planned).toBe('2025-01-01 00:00:00');
  });

  it('rejects unknown fields and wrong selection values with ValueError', async () => {
    expect((await executeKw(admin, 'res.partner', 'write', [[1], { nope: 1 }])).error?.data.message).toBe("Invalid field 'nope' on model 'res.partner'");
    expect((await executeKw(admin, 'purchase.order', 'write', [[await newOrder(1)], { state: 'bogus' }])).error?.data.name).toBe('builtins.ValueError');
  });

  it('refuses to delete a confirmed order and cascades lines when deleting a draft', async () => {
    const po = await newOrder(2);
    const lineIds = (await lines(po)).map((l) => l.id);
    await call(admin, 'purchase.order', 'unlink', [[po]]);
    expect(await call(admin, 'purchase.order.line', 'search_count', [[['id', 'in', lineIds]]])).toBe(0);
    const confirmed = await newOrder(1);
    await call(admin, 'purchase.order', 'button_confirm', [[confirmed]]);
    expect((await executeKw(admin, 'purchase.order', 'unlink', [[confirmed]])).error?.data).toMatchObject({ name: 'odoo.exceptions.UserError' });
  });

  it('confirms a purchase order into a receipt, and validating the receipt updates received quantities and stock', async () => {
    const po = await newOrder(2);
    expect(await call(admin, 'purchase.order', 'button_confirm', [[po]])).toBe(true);
    const [order] = await call<Row[]>(admin, 'purchase.order', 'read', [[po], ['state', 'picking_ids', 'receipt_status']]);
    expect(order).toMatchObject({ state: 'purchase', receipt_status: 'pending' });
    const [pickingId] = order.picking_ids as number[];
    const [picking] = await call<Row[]>(admin, 'stock.picking', 'read', [[pickingId], ['name', 'state', 'origin', 'move_ids', 'location_dest_id']]);
    expect(picking).toMatchObject({ name: expect.stringMatching(/^[A-Z]{3}\/IN\/\d{5}$/), state: 'assigned' });
    const moves = await call<Row[]>(admin, 'stock.move', 'read', [picking.move_ids, ['product_uom_qty', doneQty, 'state', 'purchase_line_id']]);
    expect(moves).toHaveLength(2);
    expect(moves.every((m) => m.state === 'assigned')).toBe(true);

    const product = products[0];
    const location = (picking.location_dest_id as [number, string])[0];
    const [before] = await call<Row[]>(admin, 'product.product', 'read', [[product], ['qty_available']], { context: { location } });
    expect(await call(admin, 'stock.picking', 'button_validate', [[pickingId]])).toBe(true);
    const got = await lines(po);
    const received = await call<Row[]>(admin, 'purchase.order.line', 'read', [got.map((l) => l.id), ['qty_received', 'product_qty']]);
    expect(received.every((l) => l.qty_received === l.product_qty)).toBe(true);
    const [after] = await call<Row[]>(admin, 'product.product', 'read', [[product], ['qty_available']], { context: { location } });
    expect((after.qty_available as number) - (before.qty_available as number)).toBe(10);
    expect((await call<Row[]>(admin, 'purchase.order', 'read', [[po], ['receipt_status']]))[0].receipt_status).toBe('full');
  });

  it('enforces unique external ids in ir.model.data', async () => {
    const vals = { module: 'planbridge', name: `po_${version}`, model: 'purchase.order', res_id: 1 };
    await call(admin, 'ir.model.data', 'create', [vals]);
    const env = await executeKw(admin, 'ir.model.data', 'create', [vals]);
    expect(env.error?.data).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: 'You cannot have multiple records with the same external ID!' });
    const found = await call<Row[]>(
      admin,
      'ir.model.data',
      'search_read',
      [
        [
          ['module', '=', 'planbridge'],
          ['name', '=', `po_${version}`],
        ],
      ],
      { fields: ['complete_name', 'res_id'] },
    );
    expect(found).toEqual([{ id: expect.any(Number), complete_name: `planbridge.po_${version}`, res_id: 1 }]);
  });

  it('creates a product.product through its template (_inherits) and writes template fields through the variant', async () => {
    const categ = (await call<number[]>(admin, 'product.category', 'search', [[]], { limit: 1 }))[0];
    const id = await call<number>(admin, 'product.product', 'create', [{ name: 'Widget', default_code: 'WID-1', categ_id: categ, uom_id: 1, list_price: 3 }]);
    await call(admin, 'product.product', 'write', [[id], { list_price: 4.5 }]);
    const [p] = await call<Row[]>(admin, 'product.product', 'read', [[id], ['name', 'display_name', 'list_price', 'product_tmpl_id']]);
    expect(p).toMatchObject({ name: 'Widget', display_name: '[WID-1] Widget', list_price: 4.5 });
    const [t] = await call<Row[]>(admin, 'product.template', 'read', [[(p.product_tmpl_id as [number])[0]], ['list_price', 'product_variant_ids']]);
    expect(t).toMatchObject({ list_price: 4.5, product_variant_ids: [id] });
  });
});
