import type { EventEmitter } from 'node:events';
import { exceptionRow } from '../../nodes/integration/alerts/exceptions';
import { OPERATIONAL_ALERT_EVENT, type OperationalAlertEvent } from '../../nodes/integration/alerts/operational';
import type { Ledger } from '../../nodes/ledger/ledger';
import wmsConfig from '../../nodes/wms/wms-config';
import wmsStock from '../../nodes/wms/wms-stock';
import { startWmsSandbox, type WmsSandbox } from '../../sandbox/wms';
import { node, settled, useNodeRed } from '../helpers/node-red';
import { odooNodes } from '../helpers/odoo-nodes';
import { odooConfigFor, odooCredentialsFor, smallSandbox, type OdooSandbox } from '../helpers/odoo-sandbox';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();

/** Resolves with the first operational alert change that passes `accept`. */
function alertChange(ledger: Ledger, accept: (event: OperationalAlertEvent) => boolean): Promise<OperationalAlertEvent> {
  return new Promise((resolve) => {
    const listener = (event: OperationalAlertEvent): void => {
      if (!accept(event)) return;
      ledger.off(OPERATIONAL_ALERT_EVENT, listener);
      resolve(event);
    };
    ledger.on(OPERATIONAL_ALERT_EVENT, listener);
  });
}

/** Resolves once `id` has reported `count` errors (each message that failed). */
function errors(id: string, count: number): Promise<Array<{ code: string }>> {
  const target = node<EventEmitter>(id);
  const seen: Array<{ code: string }> = [];
  return new Promise((resolve) => {
    const listener = (call: { args: [{ code: string }] }): void => {
      seen.push(call.args[0]);
      if (seen.length < count) return;
      target.off('call:error', listener);
      resolve(seen);
    };
    target.on('call:error', listener);
  });
}

// The finding: a wrong Odoo API key gave dead letters or a log line per message, no alert and nothing on Health.
describe.each([
  [17, 'jsonrpc'],
  [19, 'json2'],
] as const)('a wrong Odoo API key (Odoo %i over %s)', (version, protocol) => {
  const FAILING = 40;
  let sandbox: OdooSandbox;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;

  beforeAll(async () => {
    sandbox = await smallSandbox(version);
  });
  afterAll(() => sandbox.stop());
  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
  });
  afterEach(async () => {
    await helper.unload();
    await ledgerFile.cleanup();
  });

  const flow = () => [
    odooConfigFor(sandbox, protocol),
    ledgerConfigNode(ledgerFile.file),
    { id: 'searcher', type: 'odoo-search', server: 'odoo', model: 'res.partner', domain: '[]', fields: 'name', pageSize: '10', mode: 'page', wires: [[]] },
  ];

  it('raises one auth_failure alert for the connection, counting every refused call, and clears it after the first call that works with the right key', async () => {
    const right = odooCredentialsFor(sandbox).odoo;
    await helper.load([...odooNodes, ...reliabilityNodes], flow(), { odoo: { login: right.login, apiKey: 'not-the-key' } });
    let ledger = await ledgerOf();
    const counted = alertChange(ledger, (e) => e.alert.type === 'auth_failure' && e.alert.count === FAILING);
    // A poller's messages, one after the other: each makes its own call, and each call is refused.
    for (let i = 0; i < FAILING; i++) {
      const failed = errors('searcher', 1);
      node('searcher').receive({ topic: `poll ${i}` });
      expect((await failed)[0].code).toBe('ODOO_ACCESS_DENIED');
    }
    await counted;
    // A burst of messages at once (they share one refused connection attempt): still the same alert.
    const recounted = alertChange(ledger, (e) => e.alert.type === 'auth_failure' && e.alert.count > FAILING);
    const burst = errors('searcher', FAILING);
    for (let i = 0; i < FAILING; i++) node('searcher').receive({ topic: `burst ${i}` });
    expect(new Set((await burst).map((e) => e.code))).toEqual(new Set(['ODOO_ACCESS_DENIED']));
    await recounted;

    const open = await ledger.alerts.list({ type: 'auth_failure' });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ key: 'auth_failure:odoo:odoo', status: 'open', severity: 'critical' });
    const refused = open[0].count;
    expect(refused).toBeGreaterThan(FAILING);
    expect(open[0].message).toMatch(/sandbox refuses planbridge's credentials \(ODOO_ACCESS_DENIED\)/);
    expect(JSON.parse(open[0].details as string)).toMatchObject({ config: 'odoo', configType: 'odoo-config', code: 'ODOO_ACCESS_DENIED' });
    // The Exceptions page shows it under its own type, not as "custom"; /metrics counts it.
    expect(exceptionRow(open[0], Date.now()).type).toBe('auth_failure');
    expect((await helper.request().get('/metrics').expect(200)).text).toMatch(/planbridge_operational_alerts_open\{type="auth_failure"\} 1\n/);

    // The operator puts the right key in and deploys: the first call that works clears the alert.
    await helper.unload();
    await helper.load([...odooNodes, ...reliabilityNodes], flow(), { odoo: right });
    ledger = await ledgerOf();
    const cleared = alertChange(ledger, (e) => e.change === 'resolved' && e.alert.key === 'auth_failure:odoo:odoo');
    const finished = settled('searcher');
    node('searcher').receive({});
    expect((await finished).fill).toBe('green');
    const resolved = (await cleared).alert;
    expect(resolved).toMatchObject({ status: 'resolved', count: refused, note: 'a call to the system succeeded again' });
    expect(await ledger.alerts.list({ type: 'auth_failure', status: ['open', 'acknowledged'] })).toEqual([]);
    expect((await helper.request().get('/metrics').expect(200)).text).toMatch(/planbridge_operational_alerts_open\{type="auth_failure"\} 0\n/);
  });
});

// The same watch follows every connection a config node holds: here an OAuth2 client whose secret the WMS refuses.
describe('a refused OAuth2 client secret (WMS)', () => {
  let sb: WmsSandbox;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
    sb = await startWmsSandbox({ seed: 11, apiKey: 'key-1', clientId: 'pb', clientSecret: 's3cret', subscriberSecret: 'push-secret-0123456789' });
  });
  afterEach(async () => {
    await helper.unload();
    await sb.stop();
    await ledgerFile.cleanup();
  });

  const flow = () => [
    ledgerConfigNode(ledgerFile.file),
    {
      id: 'wms',
      type: 'wms-config',
      name: 'warehouse',
      baseUrl: sb.url,
      timeoutMs: '2000',
      authType: 'oauth2',
      clientId: 'pb',
      attempts: '2',
      initialDelayMs: '5',
      maxDelayMs: '50',
      breakerThreshold: '50',
      halfOpenAfterMs: '100',
    },
    { id: 'read-stock', type: 'wms-stock', server: 'wms', mode: 'snapshot', pageSize: '50', wires: [[]] },
  ];

  it('raises one auth_failure alert for the WMS connection and clears it once a call works with the right secret', async () => {
    await helper.load([...reliabilityNodes, wmsConfig, wmsStock], flow(), { wms: { clientSecret: 'wrong' } });
    let ledger = await ledgerOf();
    const counted = alertChange(ledger, (e) => e.alert.key === 'auth_failure:wms:wms' && e.alert.count === 5);
    for (let i = 0; i < 5; i++) {
      const failed = errors('read-stock', 1);
      node('read-stock').receive({ payload: {} });
      expect((await failed)[0].code).toBe('WMS_ACCESS_DENIED');
    }
    const { alert } = await counted;
    expect(alert).toMatchObject({ type: 'auth_failure', status: 'open', severity: 'critical' });
    expect(alert.message).toMatch(/^warehouse refuses planbridge's credentials \(WMS_ACCESS_DENIED\)/);

    await helper.unload();
    await helper.load([...reliabilityNodes, wmsConfig, wmsStock], flow(), { wms: { clientSecret: 's3cret' } });
    ledger = await ledgerOf();
    const cleared = alertChange(ledger, (e) => e.change === 'resolved' && e.alert.key === 'auth_failure:wms:wms');
    const finished = settled('read-stock');
    node('read-stock').receive({ payload: {} });
    expect((await finished).fill).toBe('green');
    expect((await cleared).alert).toMatchObject({ status: 'resolved', count: 5 });
  });
});
