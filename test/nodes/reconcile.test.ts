import { promises as fs } from 'node:fs';
import type { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { paginate } from '../../nodes/canonical/envelope';
import pbReconcile from '../../nodes/integration/pb-reconcile';
import pbSnapshot from '../../nodes/integration/pb-snapshot';
import type { Difference } from '../../nodes/integration/reconcile/compare';
import type { DriftAlert } from '../../nodes/integration/reconcile/alerts';
import type { ReconcileSummary } from '../../nodes/integration/reconcile/run-compare';
import { nextMessage, node, settled, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();

type Side = 'odoo' | 'wms' | 'planning';
const ROWS = 3000;
const PAGE = 500;

const skuOf = (i: number): string => `SKU-${String(Math.floor(i / 2)).padStart(5, '0')}`;
const locationOf = (i: number): string => (i % 2 ? 'WH-B' : 'WH-A');
// A category belongs to an item: both locations of a sku share it.
const categoryOf = (i: number): string | undefined => ['FASTENERS', 'RAW', undefined][Math.floor(i / 2) % 3];
const base = (i: number): number => 100 + (i % 50);

/** What each side gets wrong: a change of its quantity, or no row at all. */
const SEEDS: Array<{ i: number; side: Side; change: number | 'missing' }> = [
  { i: 1, side: 'wms', change: 2 }, // FASTENERS 2% of 101: within
  { i: 6, side: 'planning', change: -3 }, // FASTENERS 2% of 106: beyond
  { i: 3, side: 'wms', change: 5 }, // RAW 5: within
  { i: 9, side: 'wms', change: 6 }, // RAW 5: beyond
  { i: 5, side: 'planning', change: 0.4 }, // default 0.5: within
  { i: 10, side: 'planning', change: 1 }, // default 0.5: beyond
  { i: 100, side: 'odoo', change: 'missing' },
  { i: 200, side: 'wms', change: 'missing' },
  { i: 301, side: 'planning', change: 'missing' },
  { i: 402, side: 'odoo', change: 50 }, // the reference moved: both others differ
  { i: ROWS - 1, side: 'wms', change: -10 },
];

/** The differences the seeds must produce, and nothing else. Odoo rows carry a unit cost of 2 on even rows. */
const EXPECTED: Array<{ i: number; differs: Side[]; missing: Side[]; delta: number; value: number | null }> = [
  { i: 6, differs: ['planning'], missing: [], delta: -3, value: 6 },
  { i: 9, differs: ['wms'], missing: [], delta: 6, value: null },
  { i: 10, differs: ['planning'], missing: [], delta: 1, value: 2 },
  { i: 100, differs: ['odoo', 'wms', 'planning'], missing: ['odoo'], delta: 100, value: null },
  { i: 200, differs: ['wms'], missing: ['wms'], delta: -100, value: 200 },
  { i: 301, differs: ['planning'], missing: ['planning'], delta: -101, value: null },
  { i: 402, differs: ['wms', 'planning'], missing: [], delta: -50, value: 100 },
  { i: ROWS - 1, differs: ['wms'], missing: [], delta: -10, value: null },
];

function records(side: Side): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < ROWS; i++) {
    const seed = SEEDS.find((s) => s.i === i && s.side === side);
    if (seed?.change === 'missing') continue;
    const onHand = base(i) + (seed ? seed.change : 0);
    const record: Record<string, unknown> = {
      snapshot_id: '0b9d3c52-5b0b-4b8e-9d1f-3a8f1c0e2a71',
      as_of: '2026-11-27T02:00:00Z',
      sku: skuOf(i),
      location: locationOf(i),
      uom: 'EA',
      on_hand: onHand,
      reserved: 0,
      available: onHand,
      in_transit: 0,
    };
    // Odoo knows categories and costs itself; the WMS pages bring a category map instead.
    if (side === 'odoo' && categoryOf(i)) record.category = categoryOf(i);
    if (side === 'odoo' && i % 2 === 0) record.unit_cost = 2;
    out.push(record);
  }
  return out;
}

function pages(side: Side, batchId: string): Array<Record<string, unknown>> {
  return [...paginate(records(side), PAGE, batchId)].map((p) => {
    const msg: Record<string, unknown> = { topic: side, payload: p.payload, batch: p.batch };
    if (side === 'wms') msg.categories = Object.fromEntries(Array.from({ length: ROWS }, (_, i) => [skuOf(i), categoryOf(i)]).filter(([, c]) => c));
    return msg;
  });
}

/** Pages of several sides taken in turn, each side's in the order given. */
function interleave(...lists: Array<Array<Record<string, unknown>>>): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

interface Outcome {
  pages: Array<{ payload: Difference[]; batch: { seq: number; last: boolean; count: number } }>;
  alerts: DriftAlert[];
  summary: ReconcileSummary;
}

/** Everything pb-reconcile sends until its summary; an error the node reports fails at once. */
function untilSummary(id = 'reconcile'): Promise<Outcome> {
  const outcome: Partial<Outcome> & { pages: Outcome['pages']; alerts: DriftAlert[] } = { pages: [], alerts: [] };
  return new Promise((resolve, reject) => {
    node<EventEmitter>(id).on('call:error', (call: { args: unknown[] }) => reject(call.args[0]));
    node<EventEmitter>('alerts').on('input', (msg: { payload: DriftAlert[] }) => outcome.alerts.push(...msg.payload));
    node<EventEmitter>('out').on('input', (msg: { topic: string; payload: unknown; batch: Outcome['pages'][number]['batch'] }) => {
      if (msg.topic === 'reconcile/summary') resolve({ ...outcome, summary: msg.payload as ReconcileSummary });
      else outcome.pages.push({ payload: msg.payload as Difference[], batch: msg.batch });
    });
  });
}

function expectSeededDifferences(outcome: Outcome, sides: Side[] = ['odoo', 'wms', 'planning']): void {
  const found = outcome.pages.flatMap((p) => p.payload);
  expect(found.map((d) => ({ sku: d.sku, location: d.location, differs: d.differs, missing: d.missing, delta: d.delta, value: d.value }))).toEqual(
    EXPECTED.map((e) => ({ sku: skuOf(e.i), location: locationOf(e.i), differs: e.differs, missing: e.missing, delta: e.delta, value: e.value })),
  );
  expect(found[0]).toMatchObject({ category: 'FASTENERS', quantities: { odoo: 106, wms: 106, planning: 103 }, unit_cost: 2 });
  // Pages of three, in order, and only the final one says so.
  expect(outcome.pages.map((p) => [p.batch.seq, p.batch.count, p.batch.last])).toEqual([
    [1, 3, false],
    [2, 3, false],
    [3, 2, true],
  ]);
  expect(outcome.summary).toMatchObject({
    sides,
    compared: ROWS,
    differing: EXPECTED.length,
    total_abs_value: 308,
    without_value: 4,
    per_side: {
      odoo: { rows: ROWS - 1, missing: 1, differs: 1 },
      wms: { rows: ROWS - 1, missing: 1, differs: 5 },
      planning: { rows: ROWS - 1, missing: 1, differs: 5 },
    },
  });
}

async function expectReport(summary: ReconcileSummary): Promise<void> {
  expect(path.basename(summary.file)).toBe(`reconcile-${summary.run}.csv`);
  const lines = (await fs.readFile(summary.file, 'utf8')).trim().split('\n');
  expect(lines[0]).toBe('sku,location,category,odoo,wms,planning,delta,unit_cost,value,differs,missing');
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join('@'))).toEqual(EXPECTED.map((e) => `${skuOf(e.i)}@${locationOf(e.i)}`));
  expect(lines[1 + EXPECTED.findIndex((e) => e.i === 200)]).toBe(`${skuOf(200)},WH-A,RAW,100,,100,-100,2,200,wms,wms`);
  expect((await fs.readdir(path.dirname(summary.file))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

describe('pb-reconcile', () => {
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  let reports: string;
  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
    reports = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-reconcile-'));
  });
  afterEach(async () => {
    await helper.unload();
    await ledgerFile.cleanup();
    await fs.rm(reports, { recursive: true, force: true });
  });

  const flow = (fields: Record<string, unknown> = {}, extra: object[] = []) =>
    [
      ledgerConfigNode(ledgerFile.file),
      {
        id: 'reconcile',
        type: 'pb-reconcile',
        name: 'nightly',
        ledger: 'ledger',
        sides: 'odoo, wms, planning',
        quantity: 'on_hand',
        tolerance: '0.5',
        categoryTolerances: 'FASTENERS = 2%\nRAW: 5',
        alertValue: '50',
        alertQuantity: '8',
        maxAlerts: '3',
        folder: reports,
        pageSize: '3',
        wires: [['out'], ['alerts']],
        ...fields,
      },
      { id: 'out', type: 'helper' },
      { id: 'alerts', type: 'helper' },
      ...extra,
    ] as never;

  it('finds exactly the seeded differences in three interleaved sources, one page redelivered, and reports them as pages, CSV, summary and alerts', async () => {
    await helper.load([...reliabilityNodes, pbReconcile], flow());
    const odoo = pages('odoo', 'odoo-night');
    const wms = pages('wms', 'wms-night').reverse();
    const planning = pages('planning', 'plan-night');
    const order = interleave(odoo, wms, planning);
    // Odoo's second page comes twice, the second time before the run can complete.
    order.splice(5, 0, { ...odoo[1] });
    const result = untilSummary();
    for (const msg of order) node('reconcile').receive(msg);
    const outcome = await result;
    expectSeededDifferences(outcome);
    await expectReport(outcome.summary);
    // Five differences are above a threshold (value 50 or quantity 8); the three largest are alerted, the rest summed up.
    expect(outcome.alerts.map((a) => a.key)).toEqual([
      `stock_drift:${skuOf(200)}:WH-A`,
      `stock_drift:${skuOf(402)}:WH-A`,
      `stock_drift:${skuOf(301)}:WH-B`,
      'stock_drift:nightly:more',
    ]);
    expect(outcome.alerts[0]).toMatchObject({
      type: 'stock_drift',
      severity: 'critical',
      sku: skuOf(200),
      location: 'WH-A',
      details: { value: 200, missing: ['wms'] },
    });
    expect(outcome.alerts[3].message).toContain('2 more');
    expect(outcome.summary.alerts).toBe(4);

    // A page delivered again after the comparison is ignored, not the start of a new run.
    const ledger = await ledgerOf();
    const ignored = settled('reconcile');
    node('reconcile').receive({ ...odoo[0] });
    expect(await ignored).toMatchObject({ fill: 'green', text: expect.stringContaining('page ignored') });
    expect((await ledger.snapshots.runs('reconcile:reconcile')).map((r) => r.state)).toEqual(['compared']);
  });

  it('alerts pb-alert can take: the custom rule opens one alert per item and location', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded fresh inside the test, after its helper settings
    const pbAlert = require('../../nodes/integration/pb-alert').default;
    const alertNode = {
      id: 'alert',
      type: 'pb-alert',
      ledger: 'ledger',
      rule: 'custom',
      env: 'test',
      repeatEverySeconds: '60',
      watchSeconds: '0',
      wires: [[]],
    };
    await helper.load([...reliabilityNodes, pbReconcile, pbAlert], flow({ wires: [['out'], ['alerts', 'alert']], maxAlerts: '10' }, [alertNode]));
    const result = untilSummary();
    const alerted = settled('alert');
    for (const msg of interleave(pages('odoo', 'o'), pages('wms', 'w'), pages('planning', 'p'))) node('reconcile').receive(msg);
    const outcome = await result;
    await alerted;
    const open = await (await ledgerOf()).store.alerts.list({ status: 'open' });
    expect(open.map((a) => a.key).sort()).toEqual(outcome.alerts.map((a) => a.key).sort());
    expect(open).toHaveLength(5);
  });

  it('completes a run across a restart: pages before and after the flow is reloaded on the same ledger', async () => {
    const order = interleave(pages('odoo', 'o1'), pages('wms', 'w1'), pages('planning', 'p1'));
    await helper.load([...reliabilityNodes, pbReconcile], flow());
    for (const msg of order.slice(0, 10)) {
      const stored = settled('reconcile');
      node('reconcile').receive(msg);
      expect(await stored).toMatchObject({ fill: 'green' });
    }
    await helper.unload();

    await helper.load([...reliabilityNodes, pbReconcile], flow());
    const result = untilSummary();
    for (const msg of order.slice(10)) node('reconcile').receive(msg);
    const outcome = await result;
    expectSeededDifferences(outcome);
    expect((await (await ledgerOf()).snapshots.runs('reconcile:reconcile')).map((r) => r.state)).toEqual(['compared']);
  });

  it('compares a run again when the node starts, if a restart or a failure interrupted its comparison', async () => {
    const blocked = path.join(reports, 'not-a-folder');
    await fs.writeFile(blocked, '');
    await helper.load([...reliabilityNodes, pbReconcile], flow({ folder: blocked }));
    const failed = new Promise<{ code?: string }>((resolve) =>
      node<EventEmitter>('reconcile').once('call:error', (call: { args: [{ code?: string }] }) => resolve(call.args[0])),
    );
    for (const msg of interleave(pages('odoo', 'o'), pages('wms', 'w'), pages('planning', 'p'))) node('reconcile').receive(msg);
    expect(await failed).toMatchObject({ code: 'RECONCILE_REPORT_FAILED' });
    expect((await (await ledgerOf()).snapshots.runs('reconcile:reconcile')).map((r) => r.state)).toEqual(['comparing']);
    await helper.unload();

    await helper.load([...reliabilityNodes, pbReconcile], flow());
    const summary = new Promise<ReconcileSummary>((resolve) =>
      node<EventEmitter>('out').on('input', (msg: { topic: string; payload: ReconcileSummary }) => msg.topic === 'reconcile/summary' && resolve(msg.payload)),
    );
    expect(await summary).toMatchObject({ compared: ROWS, differing: EXPECTED.length, total_abs_value: 308 });
    expect((await (await ledgerOf()).snapshots.runs('reconcile:reconcile')).map((r) => r.state)).toEqual(['compared']);
  });

  it('compares with the snapshot pb-snapshot kept of what went to planning, as a side not fed in the run', async () => {
    const keeper = { id: 'keeper', type: 'pb-snapshot', ledger: 'ledger', keepAs: 'planning', quantity: 'on_hand', wires: [['to-planning']] };
    await helper.load(
      [...reliabilityNodes, pbReconcile, pbSnapshot],
      flow({ sides: 'odoo, wms, kept:planning' }, [keeper, { id: 'to-planning', type: 'helper' }]),
    );
    let passed = 0;
    let kept: unknown;
    node<EventEmitter>('to-planning').on('input', (msg: { snapshot?: unknown }) => {
      passed += 1;
      kept = msg.snapshot ?? kept;
    });
    // Last night's snapshot, then tonight's: the newer replaces the older only once complete.
    for (const batch of ['plan-1', 'plan-2']) {
      for (const msg of pages('planning', batch)) {
        const stored = settled('keeper');
        node('keeper').receive(msg);
        expect(await stored).toMatchObject({ fill: 'green' });
      }
    }
    expect(passed).toBe(12);
    expect(kept).toMatchObject({ name: 'planning', rows: ROWS - 1, kept: true });
    const ledger = await ledgerOf();
    expect(await ledger.snapshots.runs('keep:planning')).toHaveLength(1);

    const result = untilSummary();
    for (const msg of interleave(pages('odoo', 'o'), pages('wms', 'w'))) node('reconcile').receive(msg);
    const outcome = await result;
    expectSeededDifferences(outcome);
    await expectReport(outcome.summary);
  });

  it('refuses a page from a side it does not know, and fails a run whose kept snapshot does not exist', async () => {
    await helper.load([...reliabilityNodes, pbReconcile], flow({ sides: 'odoo, kept:nothing' }));
    const unknown = new Promise<{ code?: string }>((resolve) =>
      node<EventEmitter>('reconcile').once('call:error', (call: { args: [{ code?: string }] }) => resolve(call.args[0])),
    );
    node('reconcile').receive({ topic: 'wms', payload: [], batch: { id: 'x', seq: 1, last: true, count: 0 } });
    expect(await unknown).toMatchObject({ code: 'RECONCILE_UNKNOWN_SOURCE' });

    const failed = new Promise<{ code?: string }>((resolve) =>
      node<EventEmitter>('reconcile').once('call:error', (call: { args: [{ code?: string }] }) => resolve(call.args[0])),
    );
    node('reconcile').receive({ topic: 'odoo', payload: records('odoo').slice(0, 10), batch: { id: 'o', seq: 1, last: true, count: 10 } });
    expect(await failed).toMatchObject({ code: 'RECONCILE_NO_KEPT_SNAPSHOT' });
    expect((await (await ledgerOf()).snapshots.runs('reconcile:reconcile')).map((r) => r.state)).toEqual(['failed']);
  });

  it('runs its example flow: the planning feed kept, Odoo and WMS compared with it, drift alerted', async () => {
    const file = path.join(__dirname, '..', '..', 'examples', 'integration', '03 - Reconcile stock across Odoo, WMS and planning.json');
    const example = JSON.parse(await fs.readFile(file, 'utf8')) as Array<Record<string, unknown>>;
    const nodes = example.map((n) =>
      n.type === 'ledger-config' ? { ...n, file: ledgerFile.file } : n.type === 'pb-reconcile' ? { ...n, folder: reports } : n,
    );
    /* eslint-disable @typescript-eslint/no-require-imports -- core nodes are CommonJS without types */
    const core = ['20-inject', '21-debug', '25-catch', '90-comment'].map((f) => require(`@node-red/nodes/core/common/${f}.js`));
    const pbAlert = require('../../nodes/integration/pb-alert').default;
    /* eslint-enable @typescript-eslint/no-require-imports -- end of the node modules */
    await helper.load([...reliabilityNodes, pbReconcile, pbSnapshot, pbAlert, ...core], [
      { id: 'tab', type: 'tab' },
      ...nodes.map((n) => ({ ...n, z: 'tab' })),
    ] as never);
    const kept = settled('ex-rec-keep');
    node('ex-rec-plan').receive({});
    expect(await kept).toMatchObject({ fill: 'green', text: 'kept 3 rows as planning' });

    const summary = new Promise<ReconcileSummary>((resolve, reject) => {
      node<EventEmitter>('ex-rec-reconcile').on('call:error', (call: { args: unknown[] }) => reject(call.args[0]));
      node<EventEmitter>('ex-rec-differences').on(
        'input',
        (msg: { topic: string; payload: ReconcileSummary }) => msg.topic === 'reconcile/summary' && resolve(msg.payload),
      );
    });
    const alerted = nextMessage('ex-rec-alerts');
    node('ex-rec-odoo').receive({});
    node('ex-rec-wms').receive({});
    expect(await summary).toMatchObject({ sides: ['odoo', 'wms', 'planning'], compared: 3, differing: 2, total_abs_value: 50.5 });
    expect(await alerted).toMatchObject({ payload: { type: 'stock_drift', status: 'open' } });
  });
});
