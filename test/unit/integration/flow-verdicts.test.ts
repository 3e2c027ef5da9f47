import { clockTime, flowRow, type FlowFacts, type RunFacts } from '../../../nodes/integration/health/flow-verdicts';
import { tabsOfAlert, topologyOf } from '../../../nodes/integration/health/flow-topology';
import type { CatalogueEntry } from '../../../nodes/lib/flow-catalogue';

const MIN = 60_000;
// 7 December 2026, 03:00 UTC.
const NOW = Date.UTC(2026, 11, 7, 3, 0);
const options = { now: NOW, time: clockTime(NOW, 'UTC'), stuckAfterMs: 15 * MIN };

const entry: CatalogueEntry = {
  tab: 'tab-export',
  label: 'Nightly planning export',
  owner: 'integration team',
  serviceLevel: 'export done by 03:00',
  validationPolicy: 'the seven datasets',
  exceptionPath: 'dead letters; run_overdue',
};

function facts(overrides: Partial<FlowFacts> = {}): FlowFacts {
  return { runs: [], openDeadLetters: 0, stuckKeys: 0, alerts: [], delivered: 0, deadLettered: 0, since: Date.UTC(2026, 11, 6), ...overrides };
}

function run(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    id: 'export-1',
    kind: 'nightly export',
    state: 'open',
    openedAt: NOW - 30 * MIN,
    dueAt: NOW + 30 * MIN,
    closedAt: null,
    overdue: false,
    ...overrides,
  };
}

describe('flow verdicts', () => {
  it('meets: the latest run closed within its service level, and says when', () => {
    const closed = run({ state: 'closed', openedAt: NOW - 70 * MIN, dueAt: NOW - 10 * MIN, closedAt: NOW - 19 * MIN });
    const row = flowRow(entry, facts({ runs: [closed] }), options);
    expect([row.verdict, row.reason]).toEqual(['meets', 'last run nightly export closed 02:41, within its level']);
    expect(row).toMatchObject({ owner: 'integration team', serviceLevel: 'export done by 03:00', validationPolicy: 'the seven datasets', missing: [] });
  });

  it('meets: a run is open within its level, or tracked messages were delivered', () => {
    expect(flowRow(entry, facts({ runs: [run({ openedAt: NOW - 12 * MIN, dueAt: NOW + 48 * MIN })] }), options).reason).toBe(
      'run nightly export open for 12 min, within its 60 min service level',
    );
    const busy = flowRow(entry, facts({ delivered: 37, deadLettered: 2 }), options);
    expect([busy.verdict, busy.reason]).toEqual(['meets', '37 messages delivered since 6 Dec 00:00, 2 dead-lettered']);
  });

  it('missed: a run open past its service level', () => {
    const late = run({ openedAt: NOW - 72 * MIN, dueAt: NOW - 12 * MIN });
    const row = flowRow(entry, facts({ runs: [late], delivered: 5 }), options);
    expect([row.verdict, row.reason]).toEqual(['missed', 'run nightly export open for 72 min, service level 60 min']);
  });

  it('missed: a run the watch found overdue, even if the clock says it is not due yet', () => {
    expect(flowRow(entry, facts({ runs: [run({ overdue: true })] }), options).verdict).toBe('missed');
  });

  it('missed: the latest run closed after its service level, and by how much', () => {
    const closed = run({ state: 'closed', openedAt: NOW - 100 * MIN, dueAt: NOW - 40 * MIN, closedAt: NOW - 28 * MIN });
    const row = flowRow(entry, facts({ runs: [closed], openDeadLetters: 2 }), options);
    expect([row.verdict, row.reasons]).toEqual([
      'missed',
      ['last run nightly export closed 02:32, 12 min past its 60 min service level', '2 open dead letters'],
    ]);
  });

  it('at risk: a run has used 80 % of its level and is still open', () => {
    const row = flowRow(entry, facts({ runs: [run({ openedAt: NOW - 48 * MIN, dueAt: NOW + 12 * MIN })] }), options);
    expect([row.verdict, row.reason]).toEqual(['at risk', 'run nightly export open for 48 min of its 60 min service level']);
    expect(flowRow(entry, facts({ runs: [run({ openedAt: NOW - 47 * MIN, dueAt: NOW + 13 * MIN })] }), options).verdict).toBe('meets');
  });

  it('at risk: open dead letters, stuck keys and open alerts on the flow hold work back, even while runs are on time', () => {
    const row = flowRow(
      entry,
      facts({
        runs: [run()],
        delivered: 10,
        openDeadLetters: 2,
        stuckKeys: 1,
        alerts: [
          { type: 'auth_failure', key: 'auth_failure:odoo:c1' },
          { type: 'file_quarantined', key: 'q1' },
          { type: 'file_quarantined', key: 'q2' },
        ],
      }),
      options,
    );
    expect(row.verdict).toBe('at risk');
    expect(row.reasons).toEqual([
      '2 open dead letters',
      '1 key stuck in progress for over 15 min',
      '1 open alert: credentials refused',
      '2 open alerts: file quarantined',
    ]);
    expect(row).toMatchObject({ openDeadLetters: 2, stuckKeys: 1, openAlerts: 3 });
  });

  it('no data yet: nothing wrong and nothing to show the flow works', () => {
    const row = flowRow(entry, facts(), options);
    expect([row.verdict, row.reason]).toEqual(['no data yet', 'no run and no tracked message on this flow yet']);
  });

  it('no data yet: the ledger cannot be read, and why', () => {
    const row = flowRow(entry, null, options, 'the ledger cannot be read: unreachable (ECONNREFUSED)');
    expect([row.verdict, row.reason]).toEqual(['no data yet', 'the ledger cannot be read: unreachable (ECONNREFUSED)']);
  });

  it('not catalogued: a tab without an owner or a service level, with what the ledger holds still told', () => {
    const bare = { ...entry, owner: null, serviceLevel: null };
    const row = flowRow(bare, facts({ openDeadLetters: 1, delivered: 3 }), options);
    expect([row.verdict, row.reasons, row.missing]).toEqual([
      'not catalogued',
      ['not catalogued: no owner, no service level', '1 open dead letter'],
      ['owner', 'service level'],
    ]);
    expect(flowRow({ ...entry, serviceLevel: null }, facts({ delivered: 3 }), options).reason).toBe('not catalogued: no service level');
    expect(flowRow({ ...entry, owner: null }, null, options).verdict).toBe('not catalogued');
  });

  it('a run without a run service level counts as working, and says it has none', () => {
    const row = flowRow(entry, facts({ runs: [run({ state: 'closed', dueAt: null, closedAt: NOW - 60 * MIN })] }), options);
    expect([row.verdict, row.reason]).toEqual(['meets', 'last run nightly export closed 02:00, no run service level set']);
  });
});

describe('flow topology', () => {
  const flows = [
    { id: 'tab-a', type: 'tab', label: 'A' },
    { id: 'tab-b', type: 'tab', label: 'B' },
    { id: 'odoo', type: 'odoo-config' },
    { id: 'broker', type: 'mqtt-broker' },
    { id: 'search', type: 'odoo-search', z: 'tab-a', server: 'odoo' },
    { id: 'write', type: 'odoo-write', z: 'tab-b', server: 'odoo' },
    { id: 'publish', type: 'pb-publish', z: 'tab-b', broker: 'broker' },
    { id: 'open', type: 'pb-run-open', z: 'tab-a' },
    { id: 'inner', type: 'function', z: 'subflow-1' },
  ];
  const topology = topologyOf(flows);

  it('finds the run start nodes and the tabs using each connection', () => {
    expect(topology.runStarts).toEqual([{ node: 'open', tab: 'tab-a' }]);
    expect([...(topology.tabsUsing.get('odoo') ?? [])]).toEqual(['tab-a', 'tab-b']);
    expect(topology.tabOf.has('inner')).toBe(false);
  });

  it('puts an alert on the tab of its node, or on every tab using its connection or broker', () => {
    expect(tabsOfAlert({ node: 'search' }, topology)).toEqual(['tab-a']);
    expect(tabsOfAlert({ config: 'odoo' }, topology)).toEqual(['tab-a', 'tab-b']);
    expect(tabsOfAlert({ broker: 'broker' }, topology)).toEqual(['tab-b']);
    expect(tabsOfAlert({ partner: 'SUP-1' }, topology)).toEqual([]);
  });
});

describe('clockTime', () => {
  it('shows the time alone today and the date before', () => {
    const time = clockTime(NOW, 'UTC');
    expect(time(NOW - 19 * MIN)).toBe('02:41');
    expect(time(Date.UTC(2026, 11, 6, 23, 5))).toBe('6 Dec 23:05');
  });
});
