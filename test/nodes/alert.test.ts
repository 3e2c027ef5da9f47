import { contracts } from '../../nodes/canonical/registry';
import pbAlert from '../../nodes/integration/pb-alert';
import { alertInput, stockoutRecords, rememberSafetyStocks, supplierDelayRecords, type PromisedDates } from '../../nodes/integration/alerts/inputs';
import { evaluate } from '../../nodes/integration/alerts/rules';
import { nextMessage, node, settled, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();

describe('alert rules', () => {
  it('sees a stockout risk when on hand plus in transit minus open demand falls below safety stock', () => {
    const [risk] = evaluate('stockout_risk', { sku: 'A', location: 'W', on_hand: 100, in_transit: 50, open_demand: 200, safety_stock: 30, uom: 'EA' });
    expect(risk).toMatchObject({ key: 'stockout_risk:A:W', active: true, severity: 'critical' });
    const [fine] = evaluate('stockout_risk', { sku: 'A', location: 'W', on_hand: 100, in_transit: 50, open_demand: 20, safety_stock: 30 });
    expect(fine.active).toBe(false);
  });

  it('sees a supplier delay when the supplier gives a later date', () => {
    expect(evaluate('supplier_delay', { po_id: 'P1', supplier: 'S', expected_date: '2026-12-01', promised_date: '2026-12-10' })[0]).toMatchObject({
      active: true,
      severity: 'critical',
      details: { late_days: 9 },
    });
    expect(evaluate('supplier_delay', { po_id: 'P1', expected_date: '2026-12-01', promised_date: '2026-12-01' })[0].active).toBe(false);
  });

  it('raises master-data alerts from validation rejections', () => {
    const findings = evaluate('master_data', {
      index: 0,
      record: { sku: 'A', supplier: 'S' },
      problems: [
        { rule: 'lead-time-present', path: '/lead_time_days', message: 'supplier lead time is missing' },
        { rule: 'required', path: '/x' },
      ],
    });
    expect(findings).toEqual([expect.objectContaining({ key: 'master_data:lead-time-present:A:S', type: 'master_data' })]);
  });

  it('judges forecast imports, dead-letter growth and throttling', () => {
    expect(evaluate('forecast_import', { status: 'failed' })[0]).toMatchObject({ active: true, severity: 'critical' });
    expect(evaluate('forecast_import', { status: 'ok' })[0].active).toBe(false);
    expect(evaluate('dead_letter_growth', { open: 12, threshold: 10 })[0].active).toBe(true);
    expect(evaluate('api_throttling', { target: 'odoo', state: 'open' })[0]).toMatchObject({ key: 'api_throttling:odoo', active: true });
  });
});

describe('alert inputs', () => {
  const policy = { plan_id: 'PLAN-1', plan_version: 2, sku: 'A', location: 'W', reorder_point: 40, order_up_to: 100, safety_stock: 30, uom: 'EA' };
  const snapshot = {
    snapshot_id: 's',
    as_of: '2026-11-26T02:00:00Z',
    sku: 'A',
    location: 'W',
    uom: 'EA',
    on_hand: 50,
    reserved: 45,
    available: 5,
    in_transit: 10,
  };

  it('joins stock snapshot rows with the latest safety stock of their item and location', () => {
    const safety = rememberSafetyStocks({}, [policy, { ...policy, plan_version: 3, safety_stock: 20 }, snapshot]);
    expect(safety).toEqual({ 'A@W': { safety_stock: 20, uom: 'EA', plan_id: 'PLAN-1', plan_version: 3 } });
    const records = stockoutRecords([snapshot, { ...snapshot, sku: 'NO-POLICY' }, { ...snapshot, uom: 'KGM' }], safety);
    expect(records).toEqual([{ sku: 'A', location: 'W', on_hand: 50, in_transit: 10, open_demand: 45, safety_stock: 20, uom: 'EA' }]);
    expect(evaluate('stockout_risk', records[0])[0]).toMatchObject({ active: true, details: { projected: 15, safety_stock: 20 } });
  });

  it('remembers the promised date of a confirmed order and sees the supplier move it later', () => {
    const promised: PromisedDates = {};
    const order = { id: 7, name: 'P00007', partner_id: [3, 'Würth'], state: 'purchase', date_planned: '2026-12-01 10:00:00', receipt_status: 'pending' };
    expect(supplierDelayRecords([{ ...order, state: 'draft' }], promised)).toEqual([]);
    expect(supplierDelayRecords([order], promised)).toEqual([{ po_id: 'P00007', supplier: 'Würth', expected_date: '2026-12-01', expected_at: '2026-12-01' }]);
    // The webhook's body: many2one as a bare id, only the fields the automation rule sends.
    const moved = supplierDelayRecords(
      [{ _model: 'purchase.order', _id: 7, name: 'P00007', partner_id: 3, state: 'purchase', date_planned: '2026-12-09 10:00:00' }],
      promised,
    );
    expect(moved).toEqual([{ po_id: 'P00007', supplier: 'Würth', expected_date: '2026-12-01', expected_at: '2026-12-09' }]);
    expect(evaluate('supplier_delay', moved[0])[0]).toMatchObject({
      key: 'supplier_delay:P00007',
      active: true,
      severity: 'critical',
      details: { late_days: 8 },
    });
    expect(supplierDelayRecords([{ _model: 'stock.picking', _id: 7, state: 'done' }], promised)).toEqual([]);
    expect(supplierDelayRecords([{ id: 7, name: 'P00007', state: 'purchase' }], promised)).toEqual([]);
    const received = supplierDelayRecords([{ ...order, date_planned: '2026-12-09 10:00:00', receipt_status: 'full' }], promised);
    expect(evaluate('supplier_delay', received[0])[0].active).toBe(false);
    expect(promised).toEqual({});
  });

  it('lets an input go only with its rule', () => {
    expect(alertInput('stockout_risk', 'stock')).toBe('stock');
    expect(alertInput('supplier_delay', '')).toBe('records');
    expect(alertInput('supplier_delay', 'stock')).toBeUndefined();
  });
});

describe('pb-alert', () => {
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
  });
  afterEach(async () => {
    await helper.unload();
    await ledgerFile.cleanup();
  });

  const flow = (fields: Record<string, unknown>) =>
    [
      ledgerConfigNode(ledgerFile.file),
      {
        id: 'alert',
        type: 'pb-alert',
        ledger: 'ledger',
        rule: 'stockout_risk',
        owner: 'planning',
        slaMinutes: '120',
        env: 'test',
        repeatEverySeconds: '60',
        watchSeconds: '0',
        wires: [['out']],
        ...fields,
      },
      { id: 'out', type: 'helper' },
    ] as never;

  it('opens an alert@1 on MQTT-ready topics, folds repeats, and resolves it when the condition clears', async () => {
    await helper.load([...reliabilityNodes, pbAlert], flow({}));
    const opened = nextMessage('out');
    const risky = { sku: 'A', location: 'W', on_hand: 1, in_transit: 0, open_demand: 5, safety_stock: 10, uom: 'EA' };
    node('alert').receive({ payload: risky });
    const first = await opened;
    expect(first).toMatchObject({
      change: 'opened',
      topic: 'planbridge/test/alerts/critical/stockout_risk',
      payload: { key: 'stockout_risk:A:W', status: 'open', count: 1, owner: 'planning' },
    });
    expect(contracts().get('alert@1').check(first.payload)).toEqual([]);

    let repeatsSent = 0;
    node<import('node:events').EventEmitter>('out').on('input', (msg: { change?: string }) => {
      if (msg.change === 'repeated') repeatsSent += 1;
    });
    const done = settled('alert');
    node('alert').receive({ payload: Array.from({ length: 50 }, () => risky) });
    await done;
    const ledger = await ledgerOf();
    const [open] = await ledger.alerts.list({ key: 'stockout_risk:A:W' });
    expect(open.count).toBe(51);
    expect(repeatsSent).toBe(0);

    const resolved = nextMessage('out');
    node('alert').receive({ payload: { ...risky, in_transit: 100 } });
    expect(await resolved).toMatchObject({ change: 'resolved', payload: { status: 'resolved' } });
  });

  it('folds 10,000 identical events into one open alert counted 10,000 times', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a core node, CommonJS without types
    const completeNode = require('@node-red/nodes/core/common/24-complete.js');
    const finished = { id: 'finished', type: 'complete', scope: ['alert'], uncaught: false, wires: [['pages']] };
    await helper.load([...reliabilityNodes, pbAlert, completeNode], [...flow({ rule: 'custom' }), finished, { id: 'pages', type: 'helper' }] as never);
    const event = { key: 'api_throttling:odoo', type: 'api_throttling', severity: 'warning', message: 'Odoo answers 429' };
    const started = Date.now();
    for (let page = 0; page < 10; page++) {
      const done = nextMessage('pages');
      node('alert').receive({ payload: Array.from({ length: 1000 }, () => event) });
      await done;
    }
    const ledger = await ledgerOf();
    const alerts = await ledger.alerts.list({ key: 'api_throttling:odoo' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: 'open', count: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps the order of a page: a clearing record between repeats resolves, and the next one opens anew', async () => {
    await helper.load([...reliabilityNodes, pbAlert], flow({}));
    const risky = { sku: 'A', location: 'W', on_hand: 1, safety_stock: 10 };
    const fine = { ...risky, on_hand: 50 };
    const changes: Array<{ change: string; payload: { count: number } }> = [];
    node<import('node:events').EventEmitter>('out').on('input', (msg: { change: string; payload: { count: number } }) => changes.push(msg));
    const done = settled('alert');
    node('alert').receive({ payload: [risky, risky, risky, fine, risky] });
    await done;
    expect(changes.map((c) => [c.change, c.payload.count])).toEqual([
      ['opened', 3],
      ['resolved', 3],
      ['opened', 1],
    ]);
  });

  it('judges Odoo stock snapshots against the stock policies it was given earlier', async () => {
    await helper.load([...reliabilityNodes, pbAlert], flow({ input: 'stock', store: '' }));
    const policies = settled('alert');
    node('alert').receive({
      payload: [{ plan_id: 'P', plan_version: 1, sku: 'A', location: 'W', reorder_point: 40, order_up_to: 100, safety_stock: 30, uom: 'EA' }],
    });
    await policies;
    const opened = nextMessage('out');
    node('alert').receive({
      payload: [
        { snapshot_id: 's', as_of: '2026-11-26T02:00:00Z', sku: 'A', location: 'W', uom: 'EA', on_hand: 20, reserved: 0, available: 20, in_transit: 0 },
      ],
    });
    expect(await opened).toMatchObject({ change: 'opened', payload: { key: 'stockout_risk:A:W', severity: 'warning' } });
  });

  it('raises a supplier delay when an Odoo order moves after it was first seen confirmed', async () => {
    await helper.load([...reliabilityNodes, pbAlert], flow({ rule: 'supplier_delay', input: 'odoo-purchase' }));
    const order = { id: 9, name: 'P00009', partner_id: [4, 'Bosch'], state: 'purchase', date_planned: '2026-12-01 08:00:00' };
    const seen = settled('alert');
    node('alert').receive({ topic: 'odoo/purchase.order', payload: [order] });
    await seen;
    const opened = nextMessage('out');
    node('alert').receive({
      topic: 'odoo/purchase.order',
      payload: { _model: 'purchase.order', _id: 9, name: 'P00009', partner_id: 4, state: 'purchase', date_planned: '2026-12-04 08:00:00' },
    });
    expect(await opened).toMatchObject({
      change: 'opened',
      topic: 'planbridge/test/alerts/warning/supplier_delay',
      payload: { key: 'supplier_delay:P00009', details: { late_days: 3 } },
    });
  });

  it('refuses an input that does not go with its rule', async () => {
    await helper.load([...reliabilityNodes, pbAlert], flow({ rule: 'custom', input: 'stock' }));
    const alert = node<{ status: { lastCall: { args: unknown[] } }; error: { lastCall: { args: unknown[] } } }>('alert');
    expect(alert.status.lastCall.args[0]).toMatchObject({ fill: 'red', text: 'CONFIG_INVALID' });
    expect(String(alert.error.lastCall.args[0])).toContain('does not go with the custom rule');
  });

  it('watches the dead-letter store when asked', async () => {
    await helper.load([...reliabilityNodes, pbAlert], flow({ rule: 'dead_letter_growth', deadLetterThreshold: '1' }));
    const ledger = await ledgerOf();
    await ledger.addDeadLetter({ payload: 1 }, { code: 'X', message: 'x' }, null);
    const opened = nextMessage('out');
    node('alert').receive({});
    expect(await opened).toMatchObject({ change: 'opened', payload: { type: 'dead_letter_growth', details: { open: 1 } } });
  });
});
