import { startReceiver } from './receiver';
import { start, type Started } from './start';
import { call, executeKw, postJson } from './wire';

describe.each([17, 19] as const)('automation webhooks on Odoo %i', (version) => {
  let s: Started;
  beforeAll(async () => {
    s = await start(version);
  });
  afterAll(() => s.sb.stop());
  afterEach(() => s.sb.control.clearWebhooks());

  it('POSTs json.dumps(vals, sort_keys=True) with only Content-Type added, fields read with load=None', async () => {
    const receiver = await startReceiver();
    try {
      const rule = s.sb.control.addWebhook({
        model: 'res.partner',
        trigger: 'on_create',
        url: receiver.url,
        fields: ['name', 'parent_id', 'email', 'write_date'],
      });
      const id = await call<number>(s.admin, 'res.partner', 'create', [{ name: 'Zoë Hook', parent_id: 1 }]);
      const req = await receiver.next();
      const [row] = await call<Array<{ write_date: string }>>(s.admin, 'res.partner', 'read', [[id], ['write_date']]);
      expect(req.method).toBe('POST');
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers.authorization).toBeUndefined();
      expect(req.body).toBe(
        `{"_action": "Send Webhook Notification(#${rule.id})", "_id": ${id}, "_model": "res.partner", "email": false, "id": ${id}, ` +
          `"name": "Zo\\u00eb Hook", "parent_id": 1, "write_date": "${row.write_date}"}`,
      );
    } finally {
      await receiver.close();
    }
  });

  it('sends one request per record and writes floats the Python way', async () => {
    const receiver = await startReceiver();
    try {
      s.sb.control.addWebhook({ model: 'stock.warehouse.orderpoint', trigger: 'on_write', url: receiver.url, fields: ['product_min_qty'] });
      const ids = await call<number[]>(s.admin, 'stock.warehouse.orderpoint', 'search', [[]], { limit: 2 });
      await call(s.admin, 'stock.warehouse.orderpoint', 'write', [ids, { product_min_qty: 5 }]);
      const bodies = [await receiver.next(), await receiver.next()].map((r) => JSON.parse(r.body) as { _id: number });
      expect(bodies.map((b) => b._id).sort()).toEqual([...ids].sort());
      expect(receiver.requests[0].body).toContain('"product_min_qty": 5.0');
    } finally {
      await receiver.close();
    }
  });

  it('fires on_write only for the trigger fields, and on_unlink with the deleted values', async () => {
    const receiver = await startReceiver();
    try {
      s.sb.control.addWebhook({ model: 'res.partner', trigger: 'on_write', url: receiver.url, fields: ['phone'], triggerFields: ['phone'] });
      s.sb.control.addWebhook({ model: 'res.partner', trigger: 'on_unlink', url: receiver.url, fields: ['name'] });
      const id = await call<number>(s.admin, 'res.partner', 'create', [{ name: 'Short-lived' }]);
      await call(s.admin, 'res.partner', 'write', [[id], { email: 'x@example.com' }]);
      await call(s.admin, 'res.partner', 'write', [[id], { phone: '123' }]);
      expect(JSON.parse((await receiver.next()).body)).toMatchObject({ _id: id, phone: '123' });
      await call(s.admin, 'res.partner', 'unlink', [[id]]);
      expect(JSON.parse((await receiver.next()).body)).toMatchObject({ _id: id, name: 'Short-lived' });
      expect(receiver.requests).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it(version >= 19 ? 'sends nothing for a call that rolled back (post-commit)' : 'has already sent the webhook of a call that then rolled back', async () => {
    const receiver = await startReceiver();
    try {
      s.sb.control.addWebhook({ model: 'res.partner', trigger: 'on_create', url: receiver.url });
      const env = await executeKw(s.admin, 'res.partner', 'create', [[{ name: 'Rolled back' }, { name: 'Bad', type: 'nope' }]]);
      expect(env.error).toBeDefined();
      // The RPC answer comes after the deliveries (Odoo posts synchronously), so the count is final here.
      expect(receiver.requests).toHaveLength(version >= 19 ? 0 : 1);
    } finally {
      await receiver.close();
    }
  });

  it('gives up after 1 s without failing the call, and logs the timeout', async () => {
    const receiver = await startReceiver(() => undefined);
    try {
      s.sb.control.addWebhook({ model: 'res.partner', trigger: 'on_create', url: receiver.url });
      const started = Date.now();
      const id = await call<number>(s.admin, 'res.partner', 'create', [{ name: 'Slow receiver' }]);
      expect(id).toEqual(expect.any(Number));
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(s.sb.control.webhookDeliveries().at(-1)).toMatchObject({ error: expect.stringContaining('timed out') });
    } finally {
      await receiver.close();
    }
  });

  it('can be registered over HTTP under /_sandbox/webhooks', async () => {
    const receiver = await startReceiver();
    try {
      const res = await postJson<{ id: number }>(`${s.sb.url}/_sandbox/webhooks`, { model: 'res.partner', trigger: 'on_create_or_write', url: receiver.url });
      expect(res.body.id).toEqual(expect.any(Number));
      await call(s.admin, 'res.partner', 'create', [{ name: 'Via HTTP rule' }]);
      expect(JSON.parse((await receiver.next()).body)).toMatchObject({ _model: 'res.partner' });
    } finally {
      await receiver.close();
    }
  });
});

describe('automation webhooks on Odoo 16', () => {
  it('are not available', async () => {
    const s = await start(16);
    try {
      expect(() => s.sb.control.addWebhook({ model: 'res.partner', trigger: 'on_create', url: 'http://127.0.0.1:9/' })).toThrow(/17\+/);
    } finally {
      await s.sb.stop();
    }
  });
});
