import { contracts } from '../../nodes/canonical/registry';
import pbExceptions from '../../nodes/integration/pb-exceptions';
import { ageText, exceptionsRequest } from '../../nodes/integration/alerts/exceptions';
import type { Ledger } from '../../nodes/ledger/ledger';
import type { RaiseAlert } from '../../nodes/ledger/store/alert-types';
import { nextCall, nextMessage, node, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();

const HOUR = 3_600_000;
const viewer = { username: 'vera', roles: ['viewer'] };
const planner = { username: 'paul', roles: ['planner'] };

type Answer = { payload: Record<string, any>; _client?: Record<string, unknown>; topic?: string };

function alert(fields: Partial<RaiseAlert> & { key: string }): RaiseAlert {
  return {
    id: `id-${fields.key}`,
    type: 'stockout_risk',
    severity: 'warning',
    message: fields.key,
    sku: null,
    location: null,
    supplier: null,
    owner: 'planning',
    details: null,
    at: Date.now(),
    due: null,
    ...fields,
  };
}

describe('exceptions requests', () => {
  it('reads the action from the topic, refresh when blank, and checks what an action needs', () => {
    expect(exceptionsRequest(undefined, { severity: 'critical' })).toEqual({ action: 'refresh', severity: 'critical', type: undefined });
    expect(exceptionsRequest('resolve', { id: 'a1', note: '  called the supplier ' })).toMatchObject({
      action: 'resolve',
      id: 'a1',
      note: 'called the supplier',
    });
    expect(() => exceptionsRequest('delete', {})).toThrow(expect.objectContaining({ code: 'EXCEPTIONS_ACTION_UNKNOWN' }));
    expect(() => exceptionsRequest('acknowledge', {})).toThrow(expect.objectContaining({ code: 'EXCEPTIONS_ID_MISSING' }));
    expect(() => exceptionsRequest('refresh', { severity: 'urgent' })).toThrow(expect.objectContaining({ code: 'EXCEPTIONS_FILTER_INVALID' }));
  });

  it('writes ages the way a planner reads them', () => {
    expect([ageText(40), ageText(12 * 60), ageText(2 * 3600 + 5 * 60), ageText(3 * 86_400 + 4 * 3600)]).toEqual(['40 s', '12 min', '2 h 5 min', '3 d 4 h']);
  });
});

describe('pb-exceptions', () => {
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  let ledger: Ledger;

  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
    await helper.load([...reliabilityNodes, pbExceptions], [
      ledgerConfigNode(ledgerFile.file),
      { id: 'exceptions', type: 'pb-exceptions', ledger: 'ledger', env: 'test', wires: [['page'], ['mqtt']] },
      { id: 'page', type: 'helper' },
      { id: 'mqtt', type: 'helper' },
    ] as never);
    ledger = await ledgerOf();
    const now = Date.now();
    await ledger.alerts.raise(alert({ key: 'stockout_risk:A:W1', severity: 'critical', at: now - 5 * HOUR, due: now - HOUR }));
    await ledger.alerts.raise(alert({ key: 'supplier_delay:P1', type: 'supplier_delay', at: now - 2 * HOUR, due: now + HOUR }));
    await ledger.alerts.raise(alert({ key: 'stockout_risk:B:W1', at: now - HOUR }));
    const gone = await ledger.alerts.raise(alert({ key: 'stockout_risk:C:W1', at: now - 3 * HOUR }));
    await ledger.alerts.resolve(gone.alert.id, 'system', now, null);
  });
  afterEach(async () => {
    await helper.unload();
    await ledgerFile.cleanup();
  });

  async function ask(topic: string | undefined, payload: unknown, user?: object): Promise<Answer> {
    const answered = nextMessage<Answer & { _msgid: string }>('page');
    node('exceptions').receive({ topic, payload, _client: { socketId: 'socket-1', ...(user ? { user } : {}) } });
    return answered;
  }

  it('lists open and acknowledged alerts newest first, with due, overdue, age and counts per severity', async () => {
    const answer = await ask('refresh', {}, viewer);
    const { alerts, counts, canAct } = answer.payload;
    expect(alerts.map((a: { key: string }) => a.key)).toEqual(['stockout_risk:B:W1', 'supplier_delay:P1', 'stockout_risk:A:W1']);
    expect(counts).toEqual({ info: 0, warning: 2, critical: 1, total: 3 });
    expect(canAct).toBe(false);
    const [, delay, risk] = alerts;
    expect(risk).toMatchObject({ severity: 'critical', status: 'open', count: 1, owner: 'planning', overdue: true, age: '5 h 0 min' });
    expect(delay).toMatchObject({ overdue: false, type: 'supplier_delay' });
    expect(Date.parse(delay.due) - Date.parse(delay.first_seen)).toBe(3 * HOUR);
    expect(answer._client).toEqual({ socketId: 'socket-1', user: viewer });
  });

  it('filters by severity and type but counts every unresolved alert', async () => {
    const critical = await ask(undefined, { severity: 'critical' }, viewer);
    expect(critical.payload.alerts.map((a: { key: string }) => a.key)).toEqual(['stockout_risk:A:W1']);
    expect(critical.payload.counts.total).toBe(3);
    const delays = await ask('refresh', { type: 'supplier_delay' }, viewer);
    expect(delays.payload.alerts.map((a: { key: string }) => a.key)).toEqual(['supplier_delay:P1']);
  });

  it('refuses a viewer who tries to act, on the output and without failing the message', async () => {
    const failed = jest.fn();
    node<import('node:events').EventEmitter>('exceptions').on('call:error', failed);
    const answer = await ask('resolve', { id: 'id-supplier_delay:P1', note: 'done' }, viewer);
    expect(answer.payload).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringContaining('vera') } });
    expect((await ledger.alerts.get('id-supplier_delay:P1'))?.status).toBe('open');
    expect(failed).not.toHaveBeenCalled();
  });

  it('refuses a message without a signed-in user', async () => {
    const answer = await ask('refresh', {});
    expect(answer.payload).toEqual({ error: { code: 'AUTH_REQUIRED', message: expect.any(String) } });
    const acting = await ask('resolve', { id: 'id-supplier_delay:P1' });
    expect(acting.payload.error.code).toBe('AUTH_REQUIRED');
    expect((await ledger.alerts.get('id-supplier_delay:P1'))?.status).toBe('open');
  });

  it('lets a planner acknowledge, recording the user and the note; the alert stays listed', async () => {
    const answer = await ask('acknowledge', { id: 'id-stockout_risk:A:W1', note: 'expediting the PO' }, planner);
    expect(answer.payload.done).toEqual({ action: 'acknowledge', id: 'id-stockout_risk:A:W1', by: 'paul' });
    expect(answer.payload.canAct).toBe(true);
    expect(answer.payload.alerts.find((a: { key: string }) => a.key === 'stockout_risk:A:W1')).toMatchObject({
      status: 'acknowledged',
      acknowledged_by: 'paul',
      note: 'expediting the PO',
    });
    const stored = await ledger.alerts.get('id-stockout_risk:A:W1');
    expect(stored).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'paul', note: 'expediting the PO' });

    const again = await ask('acknowledge', { id: 'id-stockout_risk:A:W1' }, planner);
    expect(again.payload.error.code).toBe('ALERT_NOT_OPEN');
  });

  it('lets a planner resolve and publishes the resolution on output 2 as pb-alert does', async () => {
    const published = nextMessage<Answer & { change: string }>('mqtt');
    const answer = await ask('resolve', { id: 'id-stockout_risk:A:W1', note: 'stock arrived' }, planner);
    expect(answer.payload.alerts.map((a: { key: string }) => a.key)).not.toContain('stockout_risk:A:W1');
    expect(answer.payload.counts).toMatchObject({ critical: 0, total: 2 });
    const change = await published;
    expect(change).toMatchObject({
      topic: 'planbridge/test/alerts/critical/stockout_risk',
      change: 'resolved',
      payload: { key: 'stockout_risk:A:W1', status: 'resolved' },
    });
    expect(change._client).toBeUndefined();
    expect(contracts().get('alert@1').check(change.payload)).toEqual([]);
    expect(await ledger.alerts.get('id-stockout_risk:A:W1')).toMatchObject({ status: 'resolved', resolvedBy: 'paul', note: 'stock arrived' });
  });

  it('lets analysts and administrators act too', async () => {
    const analyst = await ask('acknowledge', { id: 'id-supplier_delay:P1' }, { username: 'anna', roles: ['analyst'] });
    expect(analyst.payload.done.by).toBe('anna');
    const admin = await ask('resolve', { id: 'id-supplier_delay:P1' }, { username: 'root', roles: ['viewer', 'admin'] });
    expect(admin.payload.done.by).toBe('root');
  });

  it('sends a malformed request to Catch nodes', async () => {
    const exceptions = node('exceptions');
    const reported = nextCall('exceptions', 'error');
    exceptions.receive({ topic: 'delete', payload: {}, _client: { user: planner } });
    const [error] = await reported;
    expect(error).toMatchObject({ code: 'EXCEPTIONS_ACTION_UNKNOWN' });
  });
});
