import { DEFAULT_RESILIENCE } from '../../../nodes/lib/resilience';
import { WmsClient, type WmsAuth } from '../../../nodes/wms/client/wms-client';
import { startWmsSandbox, type WmsSandbox } from '../../../sandbox/wms';

describe('WmsClient against the sandbox WMS', () => {
  let sb: WmsSandbox;
  let client: WmsClient | undefined;
  beforeEach(async () => {
    sb = await startWmsSandbox({ seed: 3, apiKey: 'key-1', clientId: 'pb', clientSecret: 's3cret', tokenTtlSeconds: 60 });
  });
  afterEach(async () => {
    client?.dispose();
    await sb.stop();
  });

  function connect(
    resilience: Partial<typeof DEFAULT_RESILIENCE> = {},
    auth: WmsAuth = { type: 'oauth2', tokenUrl: '/oauth/token', clientId: 'pb', clientSecret: 's3cret' },
  ): WmsClient {
    client = new WmsClient({
      name: 'sandbox',
      baseURL: sb.url,
      timeoutMs: 2000,
      auth,
      resilience: { ...DEFAULT_RESILIENCE, initialDelayMs: 5, maxDelayMs: 2000, ...resilience },
    });
    return client;
  }

  it('fetches a new token when the WMS says the old one expired, once for the call', async () => {
    const wms = connect();
    await wms.stockPage(null, 5);
    sb.control.advanceClock(61_000);
    const page = await wms.stockPage(null, 5);
    expect(page.items).toHaveLength(5);
    expect(sb.control.calls().by_route).toEqual(expect.objectContaining({ 'POST /oauth/token': 2, 'GET /api/v1/stock': 3 }));
  });

  it('waits as long as Retry-After asks on 429, then succeeds', async () => {
    const wms = connect({}, { type: 'apikey', header: 'X-Api-Key', key: 'key-1' });
    const retries: number[] = [];
    wms.resilience.on('retry', (e: { delayMs: number }) => retries.push(e.delayMs));
    sb.control.throttle(1, 1);
    const started = Date.now();
    const page = await wms.logSince('stock_events', null, 10);
    expect(page.items).toEqual([]);
    expect(retries).toEqual([expect.any(Number)]);
    expect(retries[0]).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(sb.control.calls().by_route['GET /api/v1/stock-events']).toBe(2);
  });

  it('retries a 503, gives up after its attempts, and then fails fast while the circuit is open', async () => {
    const wms = connect({ attempts: 2, breakerThreshold: 2, halfOpenAfterMs: 60_000, maxDelayMs: 20 }, { type: 'apikey', header: 'X-Api-Key', key: 'key-1' });
    sb.control.fail(10);
    await expect(wms.stockPage(null, 5)).rejects.toEqual(expect.objectContaining({ code: 'WMS_UNAVAILABLE', attempts: 2 }));
    expect(wms.resilience.circuit).toBe('open');
    await expect(wms.stockPage(null, 5)).rejects.toEqual(expect.objectContaining({ code: 'WMS_CIRCUIT_OPEN' }));
    expect(sb.control.calls().by_route['GET /api/v1/stock']).toBe(2);
  });

  it('creates an order once per external_id and says when the WMS already had it', async () => {
    const wms = connect();
    const order = {
      external_id: 'rec-9',
      type: 'receipt' as const,
      destination_location: 'BRU',
      lines: [{ line_no: 1, sku: 'FST-000001', quantity: 3, uom: 'EA' }],
    };
    const first = await wms.createOrder(order);
    const second = await wms.createOrder(order);
    expect(first.created).toBe(true);
    expect(second).toEqual({ order: first.order, created: false });
    expect(sb.control.orders()).toHaveLength(1);
  });

  it('reports an order the WMS refuses as a validation error that is not retried', async () => {
    const wms = connect();
    await expect(wms.createOrder({ external_id: 'bad', type: 'transfer', destination_location: 'BRU', lines: [] })).rejects.toEqual(
      expect.objectContaining({ code: 'WMS_VALIDATION', attempts: 1 }),
    );
  });
});
