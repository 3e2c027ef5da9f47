import { contracts } from '../../nodes/canonical/registry';
import pbAlert from '../../nodes/integration/pb-alert';
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
    expect(evaluate('supplier_delay', { po_id: 'P1', supplier: 'S', expected_date: '2026-12-01', promised_date: '2026-12-10' })[0]).toMatchObject({ active: true, severity: 'critical', details: { late_days: 9 } });
    expect(evaluate('supplier_delay', { po_id: 'P1', expected_date: '2026-12-01', promised_date: '2026-12-01' })[0].active).toBe(false);
  });

  it('raises master-data alerts from validation rejections', () => {
    const findings = evaluate('master_data', { index: 0, record: { sku: 'A', supplier: 'S' }, problems: [{ rule: 'lead-time-present', path: '/lead_time_days', message: 'supplier lead time is missing' }, { rule: 'required', path: '/x' }] });
    expect(findings).toEqual([expect.objectContaining({ key: 'master_data:lead-time-present:A:S', type: 'master_data' })]);
  });

  it('judges forecast imports, dead-letter growth and throttling', () => {
    expect(evaluate('forecast_import', { status: 'failed' })[0]).toMatchObject({ active: true, severity: 'critical' });
    expect(evaluate('forecast_import', { status: 'ok' })[0].active).toBe(false);
    expect(evaluate('dead_letter_growth', { open: 12, threshold: 10 })[0].active).toBe(true);
    expect(evaluate('api_throttling', { target: 'odoo', state: 'open' })[0]).toMatchObject({ key: 'api_throttling:odoo', active: true });
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
      { id: 'alert', type: 'pb-alert', ledger: 'ledger', rule: 'stockout_risk', owner: 'planning', slaMinutes: '120', env: 'test', repeatEverySeconds: '60', watchSeconds: '0', wires: [['out']], ...fields },
      { id: 'out', type: 'helper' },
    ] as never;

  it('opens an alert@1 on MQTT-ready topics, folds repeats, and resolves it when the condition clears', async () => {
    await helper.load([...reliabilityNodes, pbAlert], flow({}));
    const opened = nextMessage('out');
    const risky = { sku: 'A', location: 'W', on_hand: 1, in_transit: 0, open_demand: 5, safety_stock: 10, uom: 'EA' };
    node('alert').receive({ payload: risky });
    const first = await opened;
    expect(first).toMatchObject({ change: 'opened', topic: 'planbridge/test/alerts/critical/stockout_risk', payload: { key: 'stockout_risk:A:W', status: 'open', count: 1, owner: 'planning' } });
    expect(contracts().get('alert@1').check(first.payload)).toEqual([]);

    let repeatsSent = 0;
    node<import('node:events').EventEmitter>('out').on('input', (msg: { change?: string }) => {
      if (msg.change === 'repeated') repeatsSent += 1;
    });
    const done = settled('alert');
    node('alert').receive({ payload: Array.from({ length: 50 }, () => risky) });
    await done;
    const ledger = await ledgerOf();
    const [open] = await ledger.store.alerts.list({ key: 'stockout_risk:A:W' });
    expect(open.count).toBe(51);
    expect(repeatsSent).toBe(0);

    const resolved = nextMessage('out');
    node('alert').receive({ payload: { ...risky, in_transit: 100 } });
    expect(await resolved).toMatchObject({ change: 'resolved', payload: { status: 'resolved' } });
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
