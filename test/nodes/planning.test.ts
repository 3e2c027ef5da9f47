import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NodeMessage } from 'node-red';
import planningConfig from '../../nodes/planning/planning-config';
import planningExport from '../../nodes/planning/planning-export';
import planningImport from '../../nodes/planning/planning-import';
import planningFeedback from '../../nodes/planning/planning-feedback';
import { paginate } from '../../nodes/canonical/envelope';
import { startPlanningSandbox, generateSampleDataset, type PlanningSandbox } from '../../sandbox/planning';
import { nextMessage, node, settled, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();
const planningNodes = [...reliabilityNodes, planningConfig, planningExport, planningImport, planningFeedback];
const sample = generateSampleDataset({ items: 12, locations: 2, weeks: 40 });

/** Loads a flow; a node's inline `credentials` go where Node-RED keeps them. */
function load(flow: Array<Record<string, unknown>>) {
  const credentials: Record<string, unknown> = {};
  const nodes = flow.map(({ credentials: secret, ...rest }) => {
    if (secret) credentials[rest.id as string] = secret;
    return rest;
  });
  return helper.load(planningNodes, nodes as never, credentials);
}

function collect(id: string): NodeMessage[] {
  const seen: NodeMessage[] = [];
  node(id).on('input', (msg: NodeMessage) => seen.push(msg));
  return seen;
}

function restConfig(sb: PlanningSandbox, fields: object = {}) {
  return {
    id: 'planner',
    type: 'planning-config',
    profile: 'rest',
    baseUrl: sb.url,
    timeoutMs: '2000',
    authType: 'bearer',
    attempts: '3',
    initialDelayMs: '5',
    maxDelayMs: '50',
    breakerThreshold: '50',
    halfOpenAfterMs: '100',
    credentials: { token: sb.token },
    ...fields,
  };
}

async function exportAll(datasets = Object.keys(sample).filter((k) => Array.isArray((sample as unknown as Record<string, unknown>)[k]))): Promise<void> {
  for (const dataset of datasets) {
    const records = (sample as unknown as Record<string, unknown[]>)[dataset];
    for (const page of paginate(records, 200, `b-${dataset}`)) {
      const status = settled('export');
      node('export').receive({ payload: page.payload, batch: page.batch, event: { dataschema: `urn:planbridge:${dataset}@1`, time: sample.asOf } });
      expect(await status).toEqual(expect.objectContaining({ fill: 'green' }));
    }
  }
}

describe('planning nodes over REST', () => {
  let sb: PlanningSandbox;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
    sb = await startPlanningSandbox({ token: 'tok', apiKey: 'key-1', clients: [{ client_id: 'pb', client_secret: 's3cret' }], tokenTtlSeconds: 60 });
  });
  afterEach(async () => {
    await helper.unload();
    await sb.stop();
    await ledgerFile.cleanup();
  });

  function flow(config: Record<string, unknown>) {
    return [
      ledgerConfigNode(ledgerFile.file),
      config,
      { id: 'export', type: 'planning-export', server: 'planner', ledger: 'ledger', dataset: '', wires: [['exported']] },
      { id: 'import', type: 'planning-import', server: 'planner', ledger: 'ledger', kind: 'recommendations', pageSize: '4', wires: [['pages'], ['problems']] },
      { id: 'feedback', type: 'planning-feedback', server: 'planner', wires: [['fed']] },
      { id: 'exported', type: 'helper' },
      { id: 'pages', type: 'helper' },
      { id: 'problems', type: 'helper' },
      { id: 'fed', type: 'helper' },
    ] as Array<Record<string, unknown>>;
  }

  it('sends every dataset in pages with a manifest the platform accepts, then reads the plan in pages once', async () => {
    await load(flow(restConfig(sb)));
    const done = collect('exported');
    await exportAll();
    const completed = done.filter((m) => (m as { export?: { complete: boolean } }).export?.complete);
    expect(completed).toHaveLength(7);
    const current = sb.control.datasets();
    expect(current.find((d) => d.dataset === 'demand_history')).toEqual(expect.objectContaining({ row_count: sample.demand_history.length }));
    sb.control.runPlan(sample.asOf);
    const expected = sb.control.latestPlan()!.counts.recommendations;
    expect(expected).toBeGreaterThan(4);

    const pages = collect('pages');
    node('import').receive({});
    await settled('import');
    const records = pages.flatMap((m) => m.payload as Array<{ recommendation_id: string }>);
    expect(records).toHaveLength(expected);
    expect(pages.length).toBe(Math.ceil(expected / 4));
    expect(pages.every((m) => (m as { ledger?: { id: string } }).ledger?.id)).toBe(true);
    expect((pages.at(-1) as { batch: { last: boolean } }).batch.last).toBe(true);

    const again = collect('pages');
    const quiet = settled('import');
    node('import').receive({});
    expect((await quiet).text).toMatch(/no new recommendations/);
    expect(again).toHaveLength(0);
  });

  it('resumes a batch after a failed page, pages out of order, and completes it on the replayed page', async () => {
    await load(flow(restConfig(sb, { attempts: '1' })));
    const items = sample.item;
    const pages = [...paginate(items, 5, 'resume-1')];
    expect(pages.length).toBeGreaterThan(2);
    const send = async (i: number) => {
      const status = settled('export');
      node('export').receive({ payload: pages[i].payload, batch: pages[i].batch, event: { dataschema: 'item@1' } });
      return status;
    };
    sb.control.setFaults({ failNext: { count: 1, status: 503 } });
    expect((await send(1)).fill).toBe('red');
    for (let i = pages.length - 1; i >= 2; i--) expect((await send(i)).fill).toBe('green');
    expect((await send(0)).fill).toBe('green');
    expect(sb.control.datasets().find((d) => d.dataset === 'item')).toBeUndefined();
    const finished = nextMessage('exported');
    await send(1);
    const last = (await finished) as { export: { complete: boolean }; manifest: { row_count: number; pages: number } };
    expect(last.export.complete).toBe(true);
    expect(last.manifest).toEqual(expect.objectContaining({ row_count: items.length, pages: pages.length }));
    expect(sb.control.datasets().find((d) => d.dataset === 'item')).toEqual(expect.objectContaining({ row_count: items.length }));
  });

  it('authenticates with an API key header and with OAuth2, fetching a new token when it expires', async () => {
    await load(flow(restConfig(sb, { authType: 'oauth2', tokenUrl: `${sb.url}/oauth/token`, clientId: 'pb', credentials: { clientSecret: 's3cret' } })));
    await exportAll(['item', 'location', 'item_supplier', 'stock_snapshot', 'demand_history']);
    sb.control.runPlan(sample.asOf);
    sb.control.advanceClock(120_000);
    const pages = collect('pages');
    node('import').receive({});
    expect((await settled('import')).fill).toBe('green');
    expect(pages.length).toBeGreaterThan(0);
    expect(sb.control.calls().by_route['POST /oauth/token']).toBe(2);
    await helper.unload();

    // The recommendations cursor is in the ledger now; forecasts are still all new.
    const forecastsFlow = flow(restConfig(sb, { authType: 'apikey', apiKeyHeader: 'X-Api-Key', credentials: { apiKey: 'key-1' } }));
    (forecastsFlow.find((n) => n.id === 'import') as Record<string, unknown>).kind = 'forecasts';
    await load(forecastsFlow);
    const more = collect('pages');
    node('import').receive({});
    expect((await settled('import')).fill).toBe('green');
    const forecasts = more.flatMap((m) => m.payload as unknown[]);
    expect(forecasts).toHaveLength(sb.control.latestPlan()!.counts.forecasts);
    expect((more[0] as { event: { dataschema: string } }).event.dataschema).toBe('urn:planbridge:forecast@1');
  });

  it('refuses wrong credentials with a coded error, and the cursor stays where it was', async () => {
    await load(flow(restConfig(sb, { credentials: { token: 'wrong' } })));
    const failed = settled('import');
    node('import').receive({});
    expect((await failed).text).toMatch(/PLANNING_ACCESS_DENIED|PLANNING_UNAUTHORIZED/);
    expect(await (await ledgerOf()).store.getCursor(`planning-import:recommendations:import`)).toBeUndefined();
  });

  it('sends decisions and execution results as feedback once, however often they come', async () => {
    await load(flow(restConfig(sb)));
    await exportAll(['item', 'location', 'item_supplier', 'stock_snapshot', 'demand_history']);
    sb.control.runPlan(sample.asOf);
    const pages = collect('pages');
    node('import').receive({});
    await settled('import');
    const [first, second, third] = pages[0].payload as Array<{ recommendation_id: string; plan_version: number; quantity: number }>;
    const decisions = [
      {
        recommendation_id: first.recommendation_id,
        plan_version: first.plan_version,
        decision: 'approved',
        approved_qty: first.quantity,
        decided_by: 'anna',
        decided_at: '2026-11-26T09:00:00Z',
      },
      {
        recommendation_id: second.recommendation_id,
        plan_version: second.plan_version,
        decision: 'edited',
        approved_qty: 7,
        reason_code: 'budget',
        decided_by: 'anna',
        decided_at: '2026-11-26T09:01:00Z',
      },
      {
        recommendation_id: third.recommendation_id,
        plan_version: third.plan_version,
        decision: 'rejected',
        reason_code: 'overstock',
        decided_by: 'anna',
        decided_at: '2026-11-26T09:02:00Z',
      },
    ];
    const executed = { recommendation_id: first.recommendation_id, plan_version: first.plan_version, action: 'created', po_id: 7, po_name: 'P00007' };
    for (const payload of [decisions, decisions, [executed]]) {
      const sent = nextMessage('fed');
      node('feedback').receive({
        payload,
        ledger: { id: 'x', config: 'ledger', startNode: 'import', attempt: 1, receivedAt: Date.parse('2026-11-26T10:00:00Z') },
      });
      await sent;
    }
    const res = await fetch(`${sb.url}/api/v1/feedback?limit=100`, { headers: { Authorization: `Bearer ${sb.token}` } });
    const stored = ((await res.json()) as { items: Array<{ recommendation_id: string; status: string; odoo_refs?: unknown }> }).items;
    expect(stored.map((f) => f.status)).toEqual(['accepted', 'edited', 'rejected', 'executed']);
    expect(stored[3].odoo_refs).toEqual([{ model: 'purchase.order', id: 7, name: 'P00007' }]);

    const refused = settled('feedback');
    node('feedback').receive({
      payload: [{ recommendation_id: 'nope', plan_version: 1, decision: 'approved', approved_qty: 1, decided_by: 'x', decided_at: '2026-11-26T09:00:00Z' }],
    });
    expect((await refused).fill).toBe('red');
  });
});

describe('planning nodes over CSV files', () => {
  let sb: PlanningSandbox;
  let root: string;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  // Our out folder is the planner's inbox and the other way round.
  const ours = () => ({ outbox: path.join(root, 'to-planner'), inbox: path.join(root, 'from-planner') });

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-planning-files-'));
    ledgerFile = await tempLedgerFile();
    sb = await startPlanningSandbox({ inbox: ours().outbox, outbox: ours().inbox, pollIntervalMs: 60_000 });
  });
  afterEach(async () => {
    await helper.unload();
    await sb.stop();
    await ledgerFile.cleanup();
    await fs.rm(root, { recursive: true, force: true });
  });

  function flow(layout = 'generic', delivery = '') {
    return [
      ledgerConfigNode(ledgerFile.file),
      { id: 'planner', type: 'planning-config', profile: 'files', transport: 'local', layout, delivery, ...ours() },
      { id: 'export', type: 'planning-export', server: 'planner', ledger: '', dataset: '', wires: [['exported']] },
      {
        id: 'import',
        type: 'planning-import',
        server: 'planner',
        ledger: 'ledger',
        kind: 'recommendations',
        pageSize: '500',
        wires: [['pages'], ['problems']],
      },
      { id: 'feedback', type: 'planning-feedback', server: 'planner', wires: [['fed']] },
      { id: 'exported', type: 'helper' },
      { id: 'pages', type: 'helper' },
      { id: 'problems', type: 'helper' },
      { id: 'fed', type: 'helper' },
    ] as Array<Record<string, unknown>>;
  }

  it('delivers datasets as files plus a control file; the planner plans; order files come back once; bad ones are quarantined', async () => {
    await load(flow());
    const batch = 'nightly-1';
    const datasets = ['location', 'item', 'item_supplier', 'stock_snapshot', 'demand_history', 'open_sales_order', 'open_purchase_order'] as const;
    for (const dataset of datasets) {
      const records = sample[dataset] as unknown[];
      const pages = [...paginate(records, 300, batch)];
      for (const page of pages) {
        const status = settled('export');
        node('export').receive({ payload: page.payload, batch: page.batch, event: { dataschema: `${dataset}@1`, time: sample.asOf } });
        expect((await status).fill).toBe('green');
      }
    }
    const written = await fs.readdir(ours().outbox);
    expect(written.sort()).toEqual([...datasets.map((d) => `${d}_${batch}.csv`), `control_${batch}.csv`].sort());
    expect(written.some((f) => f.endsWith('.tmp'))).toBe(false);

    const planned = once(sb.control.events, 'plan');
    const reports = await sb.control.scanInbox();
    expect(reports).toEqual([expect.objectContaining({ status: 'loaded', batch_id: batch })]);
    expect(Object.keys(reports[0].datasets).sort()).toEqual([...datasets].sort());
    await planned;
    await sb.control.ordersWritten();
    const orderFiles = (await fs.readdir(ours().inbox)).filter((f) => /^(po|tr)_.*\.csv$/.test(f));
    expect(orderFiles.length).toBeGreaterThan(3);

    // One malformed file, one copy of a good file under another name, one still being written.
    await fs.writeFile(path.join(ours().inbox, 'po_broken.csv'), 'recommendation_id,plan_version,quantity\nR-1,one,5\n');
    await fs.copyFile(path.join(ours().inbox, orderFiles[0]), path.join(ours().inbox, `po_copy-of-${orderFiles[0].slice(3)}`));
    await fs.writeFile(path.join(ours().inbox, 'po_partial.csv.tmp'), 'recommendation_id,plan');

    const pages = collect('pages');
    const problem = nextMessage('problems');
    node('import').receive({});
    const status = await settled('import');
    expect(status.text).toMatch(/1 duplicate file/);
    expect(status.text).toMatch(/1 quarantined/);
    const records = pages.flatMap((m) => m.payload as Array<{ recommendation_id: string }>);
    expect(records).toHaveLength(orderFiles.length);
    expect(new Set(records.map((r) => r.recommendation_id)).size).toBe(orderFiles.length);
    expect((await problem).payload).toEqual(
      expect.objectContaining({ file: 'po_broken.csv', code: 'PLANNING_FILE_MALFORMED', reason: expect.stringMatching(/not a number/) }),
    );

    expect(await fs.readFile(path.join(ours().inbox, 'quarantine', 'po_broken.csv.reason.txt'), 'utf8')).toMatch(/line 2, plan_version: "one" is not a number/);
    expect((await fs.readdir(path.join(ours().inbox, 'archive'))).length).toBe(orderFiles.length + 1);
    expect(await fs.readdir(path.join(ours().inbox, 'processing'))).toEqual([]);
    expect(await fs.readFile(path.join(ours().inbox, 'po_partial.csv.tmp'), 'utf8')).toBe('recommendation_id,plan');

    // The same file dropped again later is archived as a duplicate and sends nothing.
    await fs.copyFile(path.join(ours().inbox, 'archive', orderFiles[1]), path.join(ours().inbox, orderFiles[1]));
    const after = collect('pages');
    node('import').receive({});
    expect((await settled('import')).text).toMatch(/0 order\(s\) from 0 file\(s\), 1 duplicate file/);
    expect(after).toHaveLength(0);
    expect(await fs.readdir(path.join(ours().inbox, 'archive'))).toContain(`${orderFiles[1].slice(0, -4)}-1.csv`);

    const fed = nextMessage('fed');
    const first = records[0] as unknown as { recommendation_id: string; plan_version: number };
    node('feedback').receive({
      payload: [
        {
          recommendation_id: first.recommendation_id,
          plan_version: first.plan_version,
          decision: 'rejected',
          reason_code: 'overstock',
          decided_by: 'anna',
          decided_at: '2026-11-26T09:00:00Z',
        },
      ],
    });
    const file = (await fed).file as string;
    expect(await fs.readFile(path.join(ours().outbox, file), 'utf8')).toMatch(
      new RegExp(`${first.recommendation_id},${first.plan_version},rejected,,overstock,,anna,2026-11-26T09:00:00Z`),
    );
  });

  it('writes the Netstock-style layout with fixed file names and upper-case columns', async () => {
    await load(flow('netstock', 'item'));
    const status = settled('export');
    node('export').receive({ payload: sample.item.slice(0, 3), batch: { id: 'n1', seq: 1, last: true }, event: { dataschema: 'item@1', time: sample.asOf } });
    expect((await status).fill).toBe('green');
    expect((await fs.readdir(ours().outbox)).sort()).toEqual(['control.csv', 'master.csv']);
    const master = await fs.readFile(path.join(ours().outbox, 'master.csv'), 'utf8');
    expect(master.split('\n')[0]).toBe('ITEM,DESCRIPTION,UOM,GROUP,STATUS,UNIT_COST,CURRENCY,UPDATED');
    expect(master.trim().split('\n')).toHaveLength(4);
    expect(await fs.readFile(path.join(ours().outbox, 'control.csv'), 'utf8')).toMatch(
      /^INTERFACE_VERSION,EXTRACTED_AT,FILE,ROWS\n1,2026-11-26T00:00:00Z,master.csv,3\n$/,
    );
  });
});
