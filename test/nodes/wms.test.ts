import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeAPI, NodeMessage } from 'node-red';
import wmsConfig from '../../nodes/wms/wms-config';
import wmsStock from '../../nodes/wms/wms-stock';
import wmsTransfer from '../../nodes/wms/wms-transfer';
import type { StockMovement } from '../../nodes/wms/map/inbound';
import type { OrderConfirmation } from '../../nodes/wms/map/confirmations';
import type { OrderResult } from '../../nodes/wms/transfer/send';
import { startWmsSandbox, type WmsSandbox } from '../../sandbox/wms';
import { nextCall, node, settled, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();
const SECRET = 'push-secret-0123456789';

// The helper keeps RED.httpNode (where http endpoints live) off its own server; serve it here.
let httpNode: http.RequestListener | undefined;
const captureHttpNode = (RED: NodeAPI): void => {
  httpNode = RED.httpNode;
};
let nodeServer: http.Server;
let nodeUrl = '';
beforeAll(async () => {
  nodeServer = http.createServer((req, res) => (httpNode ? httpNode(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => nodeServer.listen(0, '127.0.0.1', () => resolve()));
  nodeUrl = `http://127.0.0.1:${(nodeServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => nodeServer.close(() => resolve())));

function load(flow: Array<Record<string, unknown>>) {
  const credentials: Record<string, unknown> = {};
  const nodes = flow.map(({ credentials: secret, ...rest }) => {
    if (secret) credentials[rest.id as string] = secret;
    return rest;
  });
  return helper.load([...reliabilityNodes, wmsConfig, wmsStock, wmsTransfer, captureHttpNode], nodes as never, credentials);
}

function collect(id: string): NodeMessage[] {
  const seen: NodeMessage[] = [];
  node(id).on('input', (msg: NodeMessage) => seen.push(msg));
  return seen;
}

/** Resolves once a helper node has received `count` entries in all (pages of entries). */
function entries<T>(seen: NodeMessage[], id: string, count: number): Promise<T[]> {
  const all = (): T[] => seen.flatMap((m) => m.payload as T[]);
  if (all().length >= count) return Promise.resolve(all());
  return new Promise((resolve) => {
    const check = (): void => {
      if (all().length < count) return;
      node(id).removeListener('input', check);
      resolve(all());
    };
    node(id).on('input', check);
  });
}

/** Resolves after the sandbox has had `count` pushes answered. */
function pushes(sb: WmsSandbox, count: number): Promise<Array<{ topic: string; status: number }>> {
  const seen: Array<{ topic: string; status: number }> = [];
  return new Promise((resolve) => {
    const onEvent = (e: { topic: string; status: number }): void => {
      seen.push(e);
      if (seen.length === count) {
        sb.control.off('event', onEvent);
        resolve(seen);
      }
    };
    sb.control.on('event', onEvent);
  });
}

describe('wms nodes against the sandbox WMS', () => {
  let sb: WmsSandbox;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
    sb = await startWmsSandbox({ seed: 11, apiKey: 'key-1', clientId: 'pb', clientSecret: 's3cret', subscriberSecret: SECRET, tokenTtlSeconds: 600 });
  });
  afterEach(async () => {
    await helper.unload();
    await sb.stop();
    await ledgerFile.cleanup();
  });

  function config(fields: object = {}) {
    return {
      id: 'wms',
      type: 'wms-config',
      baseUrl: sb.url,
      timeoutMs: '2000',
      authType: 'oauth2',
      clientId: 'pb',
      attempts: '3',
      initialDelayMs: '5',
      maxDelayMs: '2000',
      breakerThreshold: '50',
      halfOpenAfterMs: '100',
      credentials: { clientSecret: 's3cret', subscriberSecret: SECRET },
      ...fields,
    };
  }

  function flow(fields: object = {}) {
    return [
      ledgerConfigNode(ledgerFile.file),
      config(fields),
      { id: 'read-stock', type: 'wms-stock', server: 'wms', mode: 'snapshot', pageSize: '5', wires: [['pages']] },
      { id: 'stock-events', type: 'wms-stock', server: 'wms', ledger: 'ledger', mode: 'events', path: 'stock', pageSize: '2', wires: [['moves']] },
      { id: 'send-orders', type: 'wms-transfer', server: 'wms', ledger: 'ledger', mode: 'send', wires: [['sent']] },
      { id: 'confirm', type: 'wms-transfer', server: 'wms', ledger: 'ledger', mode: 'confirmations', path: 'confirmations', wires: [['confirmed']] },
      { id: 'pages', type: 'helper' },
      { id: 'moves', type: 'helper' },
      { id: 'sent', type: 'helper' },
      { id: 'confirmed', type: 'helper' },
    ] as Array<Record<string, unknown>>;
  }

  it('reads a full snapshot as pages of stock_snapshot@1 with the right counts, renewing an expired OAuth2 token once', async () => {
    await load(flow());
    const rows = sb.control.stock();
    expect(rows.length).toBeGreaterThan(10);
    const pages = collect('pages');
    node('read-stock').receive({ payload: {} });
    expect((await settled('read-stock')).fill).toBe('green');
    expect(pages).toHaveLength(Math.ceil(rows.length / 5));
    const batches = pages.map((m) => (m as unknown as { batch: { id: string; seq: number; last: boolean; count: number } }).batch);
    expect(batches.map((b) => b.seq)).toEqual(pages.map((_, i) => i + 1));
    expect(batches.map((b) => b.last)).toEqual(pages.map((_, i) => i === pages.length - 1));
    expect(new Set(batches.map((b) => b.id)).size).toBe(1);
    const records = pages.flatMap((m) => m.payload as Array<Record<string, unknown>>);
    expect(records).toHaveLength(rows.length);
    expect(batches.reduce((n, b) => n + b.count, 0)).toBe(rows.length);
    expect(new Set(records.map((r) => r.snapshot_id)).size).toBe(1);
    const first = rows[0];
    expect(records[0]).toEqual(
      expect.objectContaining({
        sku: first.sku,
        location: first.location,
        on_hand: first.on_hand,
        reserved: first.allocated,
        available: first.on_hand - first.allocated,
      }),
    );
    expect((pages[0] as unknown as { event: { dataschema: string } }).event.dataschema).toBe('urn:planbridge:stock_snapshot@1');
    expect(sb.control.calls().by_route['POST /oauth/token']).toBe(1);

    sb.control.expireTokens();
    const again = collect('pages');
    node('read-stock').receive({ payload: {} });
    expect((await settled('read-stock')).fill).toBe('green');
    expect(again.flatMap((m) => m.payload as unknown[])).toHaveLength(rows.length);
    expect(sb.control.calls().by_route['POST /oauth/token']).toBe(2);
  });

  it('passes stock events on from the webhook and the poll, each once; a wrong secret is refused and nothing goes on', async () => {
    await load(flow({ authType: 'apikey', apiKeyHeader: 'X-Api-Key', credentials: { apiKey: 'key-1', subscriberSecret: SECRET } }));
    const moves = collect('moves');
    const refused = await fetch(`${nodeUrl}/planbridge/wms/stock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wms-secret': 'not-the-secret-at-all' },
      body: JSON.stringify({
        topic: 'stock_events',
        items: [{ event_id: 'forged', type: 'adjustment', sku: 'X', location: 'Y', quantity_delta: 1, at: '2026-01-01T00:00:00Z' }],
      }),
    });
    expect(refused.status).toBe(401);

    const [sku, location] = [sb.control.stock()[0].sku, sb.control.stock()[0].location];
    const unpushed = sb.control.adjust(sku, location, -3); // no subscriber yet: only the poll sees it
    sb.control.subscribe('stock_events', `${nodeUrl}/planbridge/wms/stock`);
    const answered = pushes(sb, 2);
    sb.control.adjust(sku, location, 5);
    sb.control.count(sku, location, 100);
    expect((await answered).map((p) => p.status)).toEqual([202, 202]);
    expect((await entries<StockMovement>(moves, 'moves', 2)).map((e) => e.type)).toEqual(['adjustment', 'cycle_count']);

    node('stock-events').receive({});
    expect((await settled('stock-events')).text).toMatch(/1 new events, 2 seen before/);
    const all = moves.flatMap((m) => m.payload as StockMovement[]);
    expect(all.map((e) => e.event_id).sort()).toEqual(
      sb.control
        .events()
        .map((e) => e.event_id)
        .sort(),
    );
    expect(all.find((e) => e.event_id === unpushed.event_id)).toEqual(expect.objectContaining({ quantity_delta: -3, sku, location }));
    expect(all.at(-1)).toEqual(expect.objectContaining({ event_id: unpushed.event_id }));
    expect(all.some((e) => e.event_id === 'forged')).toBe(false);

    // The same event pushed again (a WMS retry) is answered but not passed on.
    const replay = await fetch(`${nodeUrl}/planbridge/wms/stock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wms-secret': SECRET },
      body: JSON.stringify({ topic: 'stock_events', items: [sb.control.events()[1]] }),
    });
    expect(await replay.json()).toEqual(expect.objectContaining({ accepted: 0, duplicates: 1 }));
    node('stock-events').receive({});
    expect((await settled('stock-events')).text).toMatch(/0 new events/);
    expect(moves.flatMap((m) => m.payload as StockMovement[])).toHaveLength(3);
  });

  it('creates one WMS order for an order sent twice, and reads the confirmations back with short lines', async () => {
    await load(flow());
    const orders = Array.from({ length: 6 }, (_, i) => ({
      external_id: `rec-${i}-v1`,
      kind: i % 2 ? 'receipt' : 'transfer',
      from_location: i % 2 ? undefined : 'BRU',
      to_location: 'ANR',
      lines: [
        { sku: 'FST-000001', quantity: 40 },
        { sku: 'TLS-000002', quantity: 25 },
      ],
    }));
    const first = once(node('sent'), 'input');
    node('send-orders').receive({ payload: orders });
    const [created] = (await first) as [{ payload: OrderResult[] }];
    expect(created.payload.map((r) => r.action)).toEqual(orders.map(() => 'created'));

    const second = once(node('sent'), 'input');
    node('send-orders').receive({ payload: orders[0] });
    const [again] = (await second) as [{ payload: OrderResult }];
    expect(again.payload).toEqual({ external_id: 'rec-0-v1', order_id: created.payload[0].order_id, action: 'duplicate' });
    expect(sb.control.orders()).toHaveLength(6);

    sb.control.subscribe('confirmations', `${nodeUrl}/planbridge/wms/confirmations`);
    const confirmed = collect('confirmed');
    const answered = pushes(sb, 6);
    const confirmations = sb.control.confirmAll();
    await answered;
    const received = await entries<OrderConfirmation>(confirmed, 'confirmed', 6);
    expect(received.map((c) => c.order_id).sort()).toEqual(created.payload.map((r) => r.order_id).sort());
    const shortLines = received.flatMap((c) => c.lines).filter((l) => l.short_qty > 0);
    expect(shortLines.length).toBeGreaterThan(0);
    expect(shortLines.every((l) => l.confirmed_qty + l.short_qty === l.ordered_qty)).toBe(true);
    expect(received.filter((c) => c.status === 'short').length).toBe(
      confirmations.filter((c) => c.lines.some((l) => l.received_quantity < l.ordered_quantity)).length,
    );

    node('confirm').receive({});
    expect((await settled('confirm')).text).toMatch(/0 new confirmations, 6 seen before/);
  });

  it('releases the keys of a send that failed, so the retry creates the order; a lost ledger finds it on the WMS', async () => {
    await load(flow({ attempts: '2', maxDelayMs: '20' }));
    const order = { external_id: 'rec-7-v3', kind: 'receipt', to_location: 'BRU', supplier_ref: 'SUP-1', lines: [{ sku: 'FST-000001', quantity: 12 }] };
    sb.control.fail(2);
    const reported = nextCall('send-orders', 'error');
    node('send-orders').receive({ payload: order });
    expect(((await reported)[0] as { code: string }).code).toBe('WMS_UNAVAILABLE');
    expect(sb.control.orders()).toHaveLength(0);

    const sent = once(node('sent'), 'input');
    node('send-orders').receive({ payload: order });
    const [first] = (await sent) as [{ payload: OrderResult }];
    expect(first.payload.action).toBe('created');
    await helper.unload();

    // A ledger without the key (restored from an old backup, say): the WMS's own idempotency holds.
    const other = await tempLedgerFile();
    try {
      await load(flow().map((n) => (n.id === 'ledger' ? ledgerConfigNode(other.file) : n)));
      const again = once(node('sent'), 'input');
      node('send-orders').receive({ payload: order });
      const [second] = (await again) as [{ payload: OrderResult }];
      expect(second.payload).toEqual({ external_id: 'rec-7-v3', order_id: first.payload.order_id, action: 'existing' });
      expect(sb.control.orders()).toHaveLength(1);
      await helper.unload();
    } finally {
      await other.cleanup();
    }
  });

  it('refuses an invalid order with a stable code and sends nothing', async () => {
    await load(flow());
    const reported = nextCall('send-orders', 'error');
    node('send-orders').receive({ payload: { external_id: 'x', kind: 'transfer', to_location: 'ANR', lines: [] } });
    const [error] = (await reported) as [{ code: string }];
    expect(error.code).toBe('WMS_ORDER_INVALID');
    expect(sb.control.orders()).toHaveLength(0);
  });

  it('does not start a webhook without a push secret', async () => {
    const f = flow({ credentials: { clientSecret: 's3cret' } }).filter((n) => n.id !== 'confirm');
    await load(f);
    const errors = (helper.log() as unknown as { args: Array<[{ level: number; id: string; msg: unknown }]> }).args
      .map(([entry]) => entry)
      .filter((e) => e.level === 20);
    expect(errors).toEqual([expect.objectContaining({ id: 'stock-events', msg: expect.stringMatching(/push secret/) })]);
    expect(helper.getNode('read-stock')).toBeTruthy();
  });
});
