import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWmsSandbox, type WmsSandbox } from '../../../sandbox/wms';
import { parseWmsSandboxArgs, runWmsSandboxCli } from '../../../sandbox/wms/cli';

describe('sandbox WMS', () => {
  const started: WmsSandbox[] = [];
  const start = async (options: Parameters<typeof startWmsSandbox>[0] = {}): Promise<WmsSandbox> => {
    const sb = await startWmsSandbox({ apiKey: 'k', ...options });
    started.push(sb);
    return sb;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sb) => sb.stop()));
  });

  const api = (sb: WmsSandbox, path: string, init: RequestInit = {}) =>
    fetch(`${sb.url}${path}`, { ...init, headers: { 'x-api-key': 'k', 'content-type': 'application/json', ...(init.headers ?? {}) } });

  it('generates the same stock for the same seed and clock, another for another seed, on the given skus and locations', async () => {
    const options = { skus: ['A-1', 'B-2', 'C-3', 'D-4'], locations: ['WH1', 'WH2'], now: () => Date.parse('2026-11-27T02:00:00Z') };
    const [a, b, c] = await Promise.all([start({ seed: 5, ...options }), start({ seed: 5, ...options }), start({ seed: 6, ...options })]);
    expect(a.control.stock()).toEqual(b.control.stock());
    expect(a.control.stock()).not.toEqual(c.control.stock());
    expect(new Set(a.control.stock().map((r) => r.location))).toEqual(new Set(['WH1', 'WH2']));
  });

  it('answers a snapshot in pages of one frozen snapshot while stock moves', async () => {
    const sb = await start({ seed: 2 });
    const first = (await (await api(sb, '/api/v1/stock?limit=4')).json()) as { snapshot_id: string; items: Array<{ on_hand: number }>; next_cursor: string };
    sb.control.adjust(sb.control.stock().at(-1)!.sku, sb.control.stock().at(-1)!.location, 1000);
    let cursor: string | null = first.next_cursor;
    const rows = [...first.items];
    while (cursor) {
      const page = (await (await api(sb, `/api/v1/stock?limit=4&cursor=${cursor}`)).json()) as {
        snapshot_id: string;
        items: Array<{ on_hand: number }>;
        next_cursor: string | null;
      };
      expect(page.snapshot_id).toBe(first.snapshot_id);
      rows.push(...page.items);
      cursor = page.next_cursor;
    }
    expect(rows).toHaveLength(sb.control.stock().length);
    expect(rows.some((r) => r.on_hand >= 1000)).toBe(false);
  });

  it('creates an order once per external_id (201, then 200) and refuses an invalid one with 422', async () => {
    const sb = await start();
    const body = JSON.stringify({ external_id: 'x-1', type: 'receipt', destination_location: 'BRU', lines: [{ sku: 'FST-000001', quantity: 5 }] });
    const created = await api(sb, '/api/v1/orders', { method: 'POST', body });
    const again = await api(sb, '/api/v1/orders', { method: 'POST', body });
    expect([created.status, again.status]).toEqual([201, 200]);
    expect(await again.json()).toEqual(await created.json());
    const invalid = await api(sb, '/api/v1/orders', {
      method: 'POST',
      body: JSON.stringify({ external_id: 'x-2', type: 'transfer', destination_location: 'BRU', lines: [] }),
    });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { details: string[] }).details).toEqual(['source_location: required for a transfer', 'lines: at least one line']);
  });

  it('confirms an order after the configured delay and pushes the confirmation with the secret', async () => {
    const received: Array<{ secret: unknown; body: { topic: string; items: Array<{ order_id: string }> } }> = [];
    const subscriber = http.createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        received.push({ secret: req.headers['x-wms-secret'], body: JSON.parse(text) });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => subscriber.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/hook`;
      const sb = await start({ confirmAfterMs: 10, subscriberSecret: 'shh', subscribers: { confirmations: url } });
      const pushed = once(sb.control, 'event');
      const order = (await (
        await api(sb, '/api/v1/orders', {
          method: 'POST',
          body: JSON.stringify({
            external_id: 'y',
            type: 'transfer',
            source_location: 'BRU',
            destination_location: 'ANR',
            lines: [{ sku: 'FST-000001', quantity: 5 }],
          }),
        })
      ).json()) as { order_id: string };
      const [event] = (await pushed) as [{ topic: string; status: number }];
      expect(event).toEqual(expect.objectContaining({ topic: 'confirmations', status: 202 }));
      expect(received).toEqual([{ secret: 'shh', body: { topic: 'confirmations', items: [expect.objectContaining({ order_id: order.order_id })] } }]);
      const log = (await (await api(sb, '/api/v1/confirmations?since=0')).json()) as { items: unknown[]; next_cursor: string; has_more: boolean };
      expect(log).toEqual({ items: [expect.objectContaining({ order_id: order.order_id })], next_cursor: '1', has_more: false });
      expect(sb.control.events().map((e) => e.type)).toEqual(['shipment', 'receipt']);
    } finally {
      await new Promise<void>((resolve) => subscriber.close(() => resolve()));
    }
  });

  it('throttles with 429 and Retry-After, fails with 503, and refuses a wrong API key', async () => {
    const sb = await start();
    sb.control.throttle(1, 7);
    const throttled = await api(sb, '/api/v1/stock-events');
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '7']);
    sb.control.fail(1);
    expect((await api(sb, '/api/v1/stock-events')).status).toBe(503);
    expect((await api(sb, '/api/v1/stock-events')).status).toBe(200);
    expect((await fetch(`${sb.url}/api/v1/stock-events`, { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
  });

  it('parses its command line and stops on a signal', async () => {
    expect(parseWmsSandboxArgs(['--port=0', '--seed', '3', '--skus', 'A,B', '--confirm-after-ms', '50'])).toEqual(
      expect.objectContaining({ port: 0, seed: 3, skus: ['A', 'B'], confirmAfterMs: 50 }),
    );
    expect(() => parseWmsSandboxArgs(['--colour', 'red'])).toThrow(/unknown option --colour/);
    const lines: string[] = [];
    const signals = new EventEmitter();
    const { sandbox, stopped } = await runWmsSandboxCli(['--api-key', 'cli-key'], { log: (l) => lines.push(l), signals });
    expect(lines[0]).toContain(`wms sandbox listening on ${sandbox.url} api-key=cli-key`);
    signals.emit('SIGTERM');
    await stopped;
  });
});

describe('docs/wms-contract.openapi.json', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON document outside the TypeScript sources
  const doc = require('../../../docs/wms-contract.openapi.json') as { components: object };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'https://planbridge.invalid/wms-openapi', components: doc.components });
  const check = (name: string, value: unknown): void => {
    const validate = ajv.getSchema(`https://planbridge.invalid/wms-openapi#/components/schemas/${name}`)!;
    expect([name, validate(value) ? [] : validate.errors]).toEqual([name, []]);
  };

  it('describes what the sandbox answers', async () => {
    const sb = await startWmsSandbox({ seed: 4, clientId: 'c', clientSecret: 's' });
    try {
      const token = await (
        await fetch(`${sb.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials&client_id=c&client_secret=s',
        })
      ).json();
      check('Token', token);
      const get = async (path: string, init: RequestInit = {}) =>
        (
          await fetch(`${sb.url}${path}`, {
            ...init,
            headers: { authorization: `Bearer ${(token as { access_token: string }).access_token}`, 'content-type': 'application/json' },
          })
        ).json();
      check('StockPage', await get('/api/v1/stock?limit=3'));
      const order = await get('/api/v1/orders', {
        method: 'POST',
        body: JSON.stringify({
          external_id: 'o-1',
          type: 'transfer',
          source_location: 'BRU',
          destination_location: 'ANR',
          lines: [
            { sku: 'FST-000001', quantity: 9 },
            { sku: 'TLS-000002', quantity: 4 },
          ],
        }),
      });
      check('Order', order);
      check('Order', await get(`/api/v1/orders/${(order as { order_id: string }).order_id}`));
      sb.control.confirmAll();
      sb.control.count('FST-000001', 'GNT', 12);
      check('StockEventPage', await get('/api/v1/stock-events?limit=10'));
      check('ConfirmationPage', await get('/api/v1/confirmations'));
      check('Error', await get('/api/v1/orders', { method: 'POST', body: '{}' }));
    } finally {
      await sb.stop();
    }
  });
});
