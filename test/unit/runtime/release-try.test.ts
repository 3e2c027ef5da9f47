import type { FlowsNode } from '../../../runtime/releases/catalogue';
import { planTry, tryEnvironment } from '../../../runtime/releases/try-plan';
import { buildTryReport, describeTry, type ReportContext, type TryObservations } from '../../../runtime/releases/try-report';

const FLOWS: FlowsNode[] = [
  { id: 'tab-a', type: 'tab', label: 'Export', env: [] },
  { id: 'tab-off', type: 'tab', label: 'Switched off', disabled: true },
  { id: 'nightly', type: 'inject', z: 'tab-a', name: 'every night', once: false, repeat: '', crontab: '00 02 * * *', wires: [['work']] },
  { id: 'start', type: 'inject', z: 'tab-a', name: '', once: true, repeat: '300', crontab: '', wires: [['work']] },
  { id: 'disabled', type: 'inject', z: 'tab-a', name: 'off', d: true, wires: [] },
  { id: 'on-off-tab', type: 'inject', z: 'tab-off', name: 'on a tab that is off', wires: [] },
  { id: 'hook', type: 'http in', z: 'tab-a', name: 'POST /hook', url: '/hook', method: 'post', wires: [] },
  { id: 'stock', type: 'wms-stock', z: 'tab-a', name: 'stock', mode: 'snapshot', wires: [] },
  { id: 'queue', type: 'delay', z: 'tab-a', name: 'one per minute', wires: [] },
  { id: 'call-out', type: 'http request', z: 'tab-a', name: 'tell the CRM', url: 'https://crm.example.com/api', wires: [] },
  { id: 'call-local', type: 'http request', z: 'tab-a', name: 'local', url: 'http://127.0.0.1:1880/x', wires: [] },
  { id: 'odoo', type: 'odoo-config', name: 'Odoo', url: 'https://erp.example.com', database: '${PLANBRIDGE_ODOO_DB}' },
  { id: 'ledger', type: 'ledger-config', name: 'ledger', engine: '${PLANBRIDGE_LEDGER_ENGINE}', file: '/var/lib/planbridge/ledger.db', schema: '' },
  { id: 'broker', type: 'mqtt-broker', name: 'events', broker: 'mqtt.example.com', port: '8883', usetls: true },
];

describe('planTry: what a release try runs', () => {
  const plan = planTry(FLOWS);
  const node = (id: string): FlowsNode => plan.flows.find((n) => n.id === id) as FlowsNode;

  it('fires every inject once, scheduled or not, except the disabled ones and those on a disabled tab', () => {
    expect(plan.triggers).toEqual([
      { id: 'nightly', tab: 'tab-a', name: 'every night' },
      { id: 'start', tab: 'tab-a', name: 'start' },
    ]);
    for (const id of ['nightly', 'start']) expect(node(id)).toMatchObject({ once: false, repeat: '', crontab: '' });
    expect(plan.changes).toContain('2 inject schedules and start-up firings left out: the try fires each inject once itself');
  });

  it('lists the entry points it cannot pull, and the nodes that hold messages on purpose', () => {
    expect(plan.waiting).toEqual([{ id: 'hook', tab: 'tab-a', type: 'http in', name: 'POST /hook', note: 'not triggered: waits for a call' }]);
    expect([...plan.holders]).toEqual([['queue', 'one per minute (delay)']]);
  });

  it('pins every system to its sandbox, the ledger to SQLite in the try directory and the broker to the embedded one, and says what it replaced', () => {
    expect(node('odoo')).toMatchObject({ url: '${PLANBRIDGE_ODOO_URL}', database: '${PLANBRIDGE_ODOO_DB}' });
    expect(node('ledger')).toMatchObject({ engine: 'sqlite', file: 'ledger.db', schema: '' });
    expect(node('broker')).toMatchObject({ broker: '${PLANBRIDGE_MQTT_HOST}', port: '${PLANBRIDGE_MQTT_PORT_EFFECTIVE}', usetls: false });
    expect(plan.changes).toEqual(
      expect.arrayContaining([
        'odoo-config "Odoo": url "https://erp.example.com" replaced by "${PLANBRIDGE_ODOO_URL}"',
        'ledger-config "ledger": file "/var/lib/planbridge/ledger.db" replaced by "ledger.db"',
        'mqtt-broker "events": broker "mqtt.example.com" replaced by "${PLANBRIDGE_MQTT_HOST}"',
      ]),
    );
    // A placeholder reads the try's own environment: pinned, but not worth a line.
    expect(plan.changes.join('\n')).not.toContain('PLANBRIDGE_LEDGER_ENGINE');
  });

  it('disables an http request to a fixed host outside this machine, and leaves a loopback one', () => {
    expect(node('call-out').d).toBe(true);
    expect(node('call-local').d).toBeUndefined();
    expect(plan.changes).toContain('http request "tell the CRM" disabled: it calls https://crm.example.com/api, outside the sandboxes');
  });

  it('leaves the release flows it was given as they were', () => {
    expect(FLOWS.find((n) => n.id === 'odoo')?.url).toBe('https://erp.example.com');
    expect(FLOWS.find((n) => n.id === 'start')?.once).toBe(true);
  });
});

describe('tryEnvironment: the tried runtime environment', () => {
  const parent = {
    PATH: '/usr/bin',
    HOME: '/home/ops',
    PLANBRIDGE_ODOO_URL: 'https://erp.example.com',
    PLANBRIDGE_ODOO_API_KEY: 'secret',
    PLANBRIDGE_SANDBOX: 'off',
    PLANBRIDGE_SANDBOX_PRODUCTS: '20',
    PLANBRIDGE_LEDGER_URL: 'postgres://prod/planbridge',
    PGHOST: 'db.example.com',
    DATABASE_URL: 'postgres://prod/other',
    PORT: '1880',
    AWS_SECRET_ACCESS_KEY: 'x',
  };
  const { env, ignored } = tryEnvironment(parent, { userDir: '/tmp/try', flowsFile: '/tmp/try/flows.json' });

  it('is built from nothing: process basics, sandbox sizing and its own places only', () => {
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/ops',
      PLANBRIDGE_SANDBOX_PRODUCTS: '20',
      PORT: '0',
      PLANBRIDGE_HOST: '127.0.0.1',
      PLANBRIDGE_USER_DIR: '/tmp/try',
      PLANBRIDGE_FLOWS_FILE: '/tmp/try/flows.json',
      PLANBRIDGE_MQTT_PORT: '0',
      PLANBRIDGE_SANDBOX: 'on',
      PLANBRIDGE_CODE_EDITOR: 'ace',
    });
  });

  it('names the production settings it left out, never their values', () => {
    expect(ignored).toEqual(['DATABASE_URL', 'PGHOST', 'PLANBRIDGE_LEDGER_URL', 'PLANBRIDGE_ODOO_API_KEY', 'PLANBRIDGE_ODOO_URL', 'PLANBRIDGE_SANDBOX']);
  });
});

describe('buildTryReport: per tab, and the verdict', () => {
  const context: ReportContext = {
    release: {
      version: '2026.12.1',
      checksum: 'sha256:abc',
      message: 'm',
      catalogue: [{ tab: 'tab-a', label: 'Export', owner: null, serviceLevel: null, validationPolicy: null, exceptionPath: null }],
    },
    plan: { waiting: [{ id: 'hook', tab: 'tab-a', type: 'http in', name: 'POST /hook', note: 'not triggered: waits for a call' }], changes: [] },
    sandboxes: ['sandbox Odoo 19: http://127.0.0.1:1'],
    ignoredEnvironment: [],
    durationMs: 12_300,
  };
  const clean: TryObservations = {
    fired: [{ id: 'nightly', tab: 'tab-a', name: 'every night', failed: null }],
    runs: [
      {
        id: 'r1',
        kind: 'nightly export',
        flowId: 'tab-a',
        state: 'closed',
        parts: ['item', 'location'],
        done: [{ part: 'location' }, { part: 'item' }],
        outcome: null,
      },
    ],
    deadLetters: [],
    alerts: [{ type: 'master_data', severity: 'warning', message: 'lead time missing', count: 2 }],
    completed: { 'tab-a': 4 },
    nodeErrors: [],
    startupErrors: [],
    settled: true,
    owed: null,
    held: [],
    halted: null,
    stopped: null,
  };

  it('passes when every run closed, no dead letter opened and no node failed; alerts alone do not fail it', () => {
    const report = buildTryReport(context, clean);
    expect(report).toMatchObject({ passed: true, reasons: [] });
    expect(report.tabs).toEqual([
      {
        tab: 'tab-a',
        label: 'Export',
        triggersFired: [{ id: 'nightly', name: 'every night', failed: null }],
        notTriggered: [{ id: 'hook', type: 'http in', name: 'POST /hook', note: 'not triggered: waits for a call' }],
        runs: {
          opened: 1,
          closed: 1,
          list: [{ id: 'r1', kind: 'nightly export', state: 'closed', parts: ['item', 'location'], done: ['location', 'item'], outcome: null }],
        },
        messagesCompleted: 4,
        deadLetters: [],
        nodeErrors: [],
      },
    ]);
    const text = describeTry(report);
    expect(text).toMatch(/^release 2026\.12\.1 \(sha256:abc\) tried on the sandboxes in 12\.3 s: PASSED$/m);
    expect(text).toContain('  triggers fired: every night');
    expect(text).toContain('    nightly export r1: closed, parts 2/2 (item, location)');
    expect(text).toContain('  warning master_data (2 times): lead time missing');
  });

  it('fails with one reason per kind of trouble, and puts what no tab owns apart', () => {
    const report = buildTryReport(context, {
      ...clean,
      fired: [{ id: 'nightly', tab: 'tab-a', name: 'every night', failed: 'HTTP 404 Not Found' }],
      runs: [{ ...clean.runs[0], state: 'open', done: [] }],
      deadLetters: [{ id: 'd1', flowId: 'tab-a', nodeId: 'v', nodeType: 'pb-validate', errorCode: 'CONTRACT_VIOLATION', errorMessage: 'uom missing' }],
      nodeErrors: [{ id: 'cfg', tab: null, type: 'odoo-config', name: 'Odoo', message: 'no URL' }],
      settled: false,
      owed: 'runs open: nightly export r1',
      stopped: 'killed by SIGKILL; its last lines:\n[error] out of memory',
    });
    expect(report.passed).toBe(false);
    expect(report.reasons).toEqual([
      'the runtime stopped by itself: killed by SIGKILL; its last lines:\n[error] out of memory',
      'the flows did not settle before the timeout: runs open: nightly export r1',
      '1 triggers could not be fired',
      '1 runs did not close',
      '1 dead letters opened',
      '1 node errors logged',
    ]);
    expect(report.tabs.map((t) => t.label)).toEqual(['Export', '(not on a tab)']);
    const text = describeTry(report);
    expect(text).toContain('  dead letter CONTRACT_VIOLATION at v: uom missing');
    expect(text).toContain('  node error in odoo-config "Odoo": no URL');
  });
});
