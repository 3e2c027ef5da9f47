import type { EventEmitter } from 'node:events';
import { ledgerConfig, startNodeRed, tempLedger, type NodeRedHarness } from 'planbridge/testing';
import configNode from '../nodes/carrier-config';
import etaNode from '../nodes/carrier-eta';
import { startCarrierSandbox, type CarrierSandbox } from '../sandbox/carrier-sandbox';

// Only planbridge's public entry points (planbridge/kit, /ledger, /contracts, /testing) and the pack's own files.
const API_KEY = 'a-carrier-api-key';

interface Page {
  payload: Array<{ shipment_id: string; po_reference: string; eta: string | null; status: string }>;
  batch: { last: boolean };
}

const shipment = (n: number) => ({
  id: `SH-${n}`,
  tracking_number: `1Z${n}`,
  status: 'IN_TRANSIT',
  estimated_delivery: `2026-12-1${n}T12:00:00Z`,
  references: { purchase_order: `P0000${n}` },
  updated_at: '2026-12-07T08:00:00Z',
});

describe('carrier-eta, the sample pack built on planbridge', () => {
  let harness: NodeRedHarness;
  let sandbox: CarrierSandbox;
  let ledger: Awaited<ReturnType<typeof tempLedger>>;

  /** The pages of the next run, once its last page has come. */
  const nextRun = (): Promise<Page[]> => {
    const out = harness.node<EventEmitter>('out');
    const pages: Page[] = [];
    return new Promise((resolve) => {
      const take = (msg: Page): void => {
        pages.push(msg);
        if (!msg.batch.last) return;
        out.off('input', take);
        resolve(pages);
      };
      out.on('input', take);
    });
  };
  const trigger = (): void => harness.node<{ receive(msg: object): void }>('eta').receive({});

  beforeAll(async () => {
    harness = await startNodeRed();
  });
  beforeEach(async () => {
    sandbox = await startCarrierSandbox([1, 2, 3].map(shipment), API_KEY);
    ledger = await tempLedger();
    await harness.load(
      [ledgerConfig, configNode, etaNode],
      [
        ledger.node,
        { id: 'carrier', type: 'carrier-config', name: 'acme', baseUrl: sandbox.url, timeoutMs: '2000', attempts: '3', initialDelayMs: '10' },
        { id: 'eta', type: 'carrier-eta', server: 'carrier', ledger: 'ledger', pageSize: '2', wires: [['out']] },
        { id: 'out', type: 'helper' },
      ],
      { carrier: { apiKey: API_KEY } },
    );
  });
  afterEach(async () => {
    await harness.unload();
    await sandbox.close();
    await ledger.cleanup();
  });
  afterAll(() => harness.stop());

  it('brings every shipment ETA with its purchase order as one batch, then only the changed ones', async () => {
    const first = nextRun();
    trigger();
    const etas = (await first).flatMap((p) => p.payload);
    expect(etas.map((e) => [e.shipment_id, e.po_reference, e.eta])).toEqual([
      ['SH-1', 'P00001', '2026-12-11T12:00:00.000Z'],
      ['SH-2', 'P00002', '2026-12-12T12:00:00.000Z'],
      ['SH-3', 'P00003', '2026-12-13T12:00:00.000Z'],
    ]);

    sandbox.update('SH-2', { status: 'DELAYED', estimated_delivery: '2026-12-20T12:00:00Z' });
    const second = nextRun();
    trigger();
    expect((await second).flatMap((p) => p.payload).map((e) => [e.shipment_id, e.status, e.eta])).toEqual([['SH-2', 'exception', '2026-12-20T12:00:00.000Z']]);
    // The cursor lives in the ledger, through planbridge/ledger's cursors.
    expect(await (await ledger.ledgerOf(harness)).cursors.get('carrier:eta')).toBe('4');
  });

  it("retries a carrier outage with the connection's policy and reaches the same ETAs", async () => {
    sandbox.failNext(2, 503);
    const run = nextRun();
    trigger();
    expect((await run).flatMap((p) => p.payload)).toHaveLength(3);
    expect(sandbox.calls.length).toBeGreaterThanOrEqual(4);
  });

  it('fails the run with a stable code when the API key is wrong, for Catch nodes and the dead-letter store', async () => {
    await harness.unload();
    await harness.load(
      [ledgerConfig, configNode, etaNode],
      [
        ledger.node,
        { id: 'carrier', type: 'carrier-config', baseUrl: sandbox.url, timeoutMs: '2000', attempts: '1' },
        { id: 'eta', type: 'carrier-eta', server: 'carrier', ledger: 'ledger', wires: [['out']] },
        { id: 'out', type: 'helper' },
      ],
      { carrier: { apiKey: 'wrong' } },
    );
    const failed = harness.nextCall('eta', 'error');
    trigger();
    const [error] = (await failed) as [{ code?: string }];
    expect(error.code).toBe('CARRIER_ACCESS_DENIED');
  });
});
