import { mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { startPlanningSandbox, type OrdersReport, type PlanningSandbox } from '../../../../sandbox/planning/index';
import { item, offer, steadyDemand, stock, warehouse } from './helpers';
import { nextEvent } from './http-helpers';

/** Canonical records to CSV with contract field names as columns; source becomes source.system/source.record_id. */
function csvOf(records: object[]): string {
  const rows = records.map((r) => {
    const { source, ...rest } = r as Record<string, unknown> & { source?: { system: string; record_id?: string | null } };
    return source ? { ...rest, 'source.system': source.system, 'source.record_id': source.record_id ?? '' } : rest;
  });
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return stringify(
    rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c] ?? '')),
    { header: true, columns, cast: { boolean: (v) => String(v) } },
  );
}

const AS_OF = '2026-11-26T00:00:00Z';

/** The hand-computed scenario of plan-decisions.test.ts: s = 70, S = 140 at every location; WH-B at 160 is
 * neither short (reaches s in 9 days, after the next review) nor a donor (below 1.2 x 140 = 168). */
function delivery(onHandA: number) {
  return {
    item: [item('A', { source: { system: 'odoo', record_id: '1042' } })],
    item_supplier: [offer('A', 'S1', { moq: 120, pack_size: 25, preferred: true })],
    location: [warehouse('WH-A'), warehouse('WH-B')],
    stock_snapshot: [stock('A', 'WH-A', onHandA), stock('A', 'WH-B', 160)],
    demand_history: [...steadyDemand('A', 'WH-A', 70), ...steadyDemand('A', 'WH-B', 70)],
  };
}

async function writeDelivery(inbox: string, batch: string, data: Record<string, object[]>, extra: Record<string, string> = {}): Promise<string> {
  const lines = ['file,dataset,row_count,as_of,interface_version'];
  for (const [dataset, records] of Object.entries(data)) {
    await writeFile(join(inbox, `${dataset}_${batch}.csv`), csvOf(records));
    lines.push(`${dataset}_${batch}.csv,${dataset},${extra[dataset] ?? records.length},${AS_OF},1`);
  }
  return `${lines.join('\n')}\n`;
}

describe('planning sandbox file-drop profile', () => {
  let dir: string;
  let inbox: string;
  let outbox: string;
  let sandbox: PlanningSandbox;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'planning-files-'));
    inbox = join(dir, 'inbox');
    outbox = join(dir, 'outbox');
    // a poll interval far beyond the test: scans happen only when a test asks for one
    sandbox = await startPlanningSandbox({ token: 't', inbox, outbox, pollIntervalMs: 3_600_000, missingFileTimeoutMs: 60_000 });
  });
  afterEach(async () => {
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads nothing until the control file arrives, then loads, archives, plans and writes order files', async () => {
    const control = await writeDelivery(inbox, 'D1', delivery(50));
    await writeFile(join(inbox, 'control_D1.csv.tmp'), control); // still being written
    await writeFile(join(inbox, 'stock_snapshot_D0.csv'), 'not listed anywhere');
    expect(await sandbox.control.scanInbox()).toEqual([]);
    expect(sandbox.control.datasets()).toEqual([]);

    await rename(join(inbox, 'control_D1.csv.tmp'), join(inbox, 'control_D1.csv'));
    const orders = nextEvent(sandbox.control.events, 'orders');
    const [report] = await sandbox.control.scanInbox();
    expect(report).toMatchObject({
      batch_id: 'D1',
      status: 'loaded',
      datasets: { item: 1, item_supplier: 1, location: 2, stock_snapshot: 2, demand_history: 40 },
    });
    expect(sandbox.control.datasets().map((d) => [d.dataset, d.batch_id, d.via])).toContainEqual(['item', 'D1', 'files']);
    expect((await readdir(inbox)).sort()).toEqual(['archive', 'stock_snapshot_D0.csv']);
    expect((await readdir(join(inbox, 'archive'))).sort()).toEqual([
      'control_D1.csv',
      'demand_history_D1.csv',
      'item_D1.csv',
      'item_supplier_D1.csv',
      'location_D1.csv',
      'stock_snapshot_D1.csv',
    ]);

    // WH-A at 50 <= s 70: buy 140 - 50 = 90 -> MOQ 120 -> 5 packs of 25 = 125; the plan is dated by the control file's as_of
    const [written] = (await orders) as [OrdersReport];
    expect(written).toEqual({ plan_id: 'PLAN-2026-11-26', plan_version: 1, files: ['po_REC-2026-11-26-000001.csv'], removed: [] });
    expect(await readdir(outbox)).toEqual(['po_REC-2026-11-26-000001.csv']);
    const [row]: Record<string, string>[] = parse(await readFile(join(outbox, 'po_REC-2026-11-26-000001.csv'), 'utf8'), { columns: true });
    expect(row).toMatchObject({
      recommendation_id: 'REC-2026-11-26-000001',
      plan_version: '1',
      type: 'purchase',
      sku: 'A',
      location: 'WH-A',
      supplier: 'S1',
      quantity: '125',
      source_location: '',
      'source.system': 'planning',
    });
  });

  it('quarantines the whole delivery when one file is malformed, with a reason per file', async () => {
    const control = await writeDelivery(inbox, 'D2', delivery(50));
    await writeFile(join(inbox, 'stock_snapshot_D2.csv'), csvOf([stock('A', 'WH-A', 50)]).replace(',50,', ',fifty,'));
    await writeFile(join(inbox, 'control_D2.csv'), control.replace('stock_snapshot,2', 'stock_snapshot,1'));
    const quarantined = nextEvent(sandbox.control.events, 'quarantine');
    const [report] = await sandbox.control.scanInbox();
    expect(report.status).toBe('quarantined');
    expect((await quarantined)[0]).toBe(report);
    const names = (await readdir(join(inbox, 'quarantine'))).sort();
    expect(names).toContain('stock_snapshot_D2.csv');
    expect(names).toContain('stock_snapshot_D2.csv.reason.txt');
    expect(names).toContain('control_D2.csv.reason.txt');
    expect(await readFile(join(inbox, 'quarantine', 'stock_snapshot_D2.csv.reason.txt'), 'utf8')).toMatch(/on_hand: "fifty" is not a number/);
    expect(await readFile(join(inbox, 'quarantine', 'item_D2.csv.reason.txt'), 'utf8')).toMatch(
      /rejected with it: delivery D2 rejected because of stock_snapshot_D2.csv/,
    );
    expect(sandbox.control.datasets()).toEqual([]);
    expect(await readdir(inbox)).toEqual(['quarantine']);
  });

  it('quarantines a file whose row count differs from the control file', async () => {
    await writeFile(join(inbox, 'control_D3.csv'), await writeDelivery(inbox, 'D3', { item: [item('A'), item('B')] }, { item: '3' }));
    const [report] = await sandbox.control.scanInbox();
    expect(report.reasons['item_D3.csv']).toBe('2 rows, control file says 3');
  });

  it('quarantines a file whose sha256 differs (copied only in part)', async () => {
    await writeDelivery(inbox, 'D4', { item: [item('A')] });
    await writeFile(join(inbox, 'control_D4.csv'), `file,dataset,row_count,as_of,interface_version,sha256\nitem_D4.csv,item,1,${AS_OF},1,${'0'.repeat(64)}\n`);
    const [report] = await sandbox.control.scanInbox();
    expect(report.reasons['item_D4.csv']).toMatch(/sha256 differs/);
  });

  it('waits for listed files that are not there yet, then gives up', async () => {
    await writeFile(join(inbox, 'control_D5.csv'), `file,dataset,row_count,as_of,interface_version\nitem_D5.csv,item,1,${AS_OF},1\n`);
    expect((await sandbox.control.scanInbox())[0].status).toBe('waiting');
    sandbox.control.advanceClock(60_000);
    const [report] = await sandbox.control.scanInbox();
    expect(report).toMatchObject({ status: 'quarantined', reasons: { 'control_D5.csv': 'listed file(s) missing: item_D5.csv' } });
  });

  it('quarantines a malformed control file', async () => {
    await writeFile(join(inbox, 'control_D6.csv'), `file,dataset,row_count,as_of,interface_version\nother.csv,item,1,${AS_OF},1\n`);
    const [report] = await sandbox.control.scanInbox();
    expect(report.reasons['control_D6.csv']).toMatch(/malformed control file: line 2: file must be named item_D6.csv/);
  });

  it('supersedes waiting order files when a re-plan of the same day changes them', async () => {
    await writeFile(join(inbox, 'control_D7.csv'), await writeDelivery(inbox, 'D7', delivery(0)));
    await sandbox.control.scanInbox();
    await sandbox.control.ordersWritten();
    const v1 = (await readdir(outbox)).sort();
    expect(v1).toEqual(['po_REC-2026-11-26-000001.csv']);
    // stock arrived: WH-A is fine now, so version 2 has no order and the waiting v1 file is withdrawn
    await writeFile(join(inbox, 'control_D8.csv'), await writeDelivery(inbox, 'D8', { stock_snapshot: [stock('A', 'WH-A', 500), stock('A', 'WH-B', 160)] }));
    const orders = nextEvent(sandbox.control.events, 'orders');
    await sandbox.control.scanInbox();
    expect((await orders)[0]).toEqual({ plan_id: 'PLAN-2026-11-26', plan_version: 2, files: [], removed: ['po_REC-2026-11-26-000001.csv'] });
    expect(await readdir(outbox)).toEqual([]);
  });
});

describe('planning sandbox file-drop profile: polling and column maps', () => {
  it('picks up a delivery by polling and maps vendor column names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'planning-poll-'));
    const sandbox = await startPlanningSandbox({
      token: 't',
      inbox: dir,
      outbox: join(dir, 'out'),
      pollIntervalMs: 5,
      columnMaps: { item: { ItemCode: 'sku', Description: 'name', Colour: null } },
    });
    try {
      const delivered = nextEvent(sandbox.control.events, 'delivery');
      await writeFile(join(dir, 'item_P1.csv'), `ItemCode,Description,Colour,uom,status,updated_at\nA,Bolt,red,EA,active,2026-11-20T06:00:00Z\n`);
      // the control file is written under another name and renamed, as the protocol asks, so a poll can never see half of it
      await writeFile(join(dir, 'control_P1.csv.tmp'), `file,dataset,row_count,as_of,interface_version\nitem_P1.csv,item,1,${AS_OF},1\n`);
      await rename(join(dir, 'control_P1.csv.tmp'), join(dir, 'control_P1.csv'));
      const [report] = await delivered;
      expect(report).toMatchObject({ batch_id: 'P1', status: 'loaded', datasets: { item: 1 } });
      expect(sandbox.control.datasets()[0]).toMatchObject({ dataset: 'item', row_count: 1, as_of: AS_OF, via: 'files' });
    } finally {
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
