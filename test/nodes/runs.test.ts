import type { NodeMessage } from 'node-red';
import pbRunClose from '../../nodes/integration/pb-run-close';
import pbRunOpen from '../../nodes/integration/pb-run-open';
import pbRunPart from '../../nodes/integration/pb-run-part';
import { watchOnce } from '../../nodes/integration/runs/watch';
import { nextMessage, node, settled, statusWhere, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();
const nodes = [...reliabilityNodes, pbRunOpen, pbRunPart, pbRunClose];
type Msg = NodeMessage & { run?: { id: string; part?: string; resumed?: boolean; attempt: number; closed?: boolean }; event?: { time?: string } };

/** A run of three parts: each part's output goes to a helper, parts are recorded by `part`, the closing step ends in `closed`. */
function runFlow(file: string, ledgerFields: object = {}, openFields: object = {}) {
  return [
    ledgerConfigNode(file, ledgerFields),
    {
      id: 'open',
      type: 'pb-run-open',
      ledger: 'ledger',
      kind: 'nightly export',
      parts: 'item, stock, demand',
      idPath: 'event.correlationid',
      slaMinutes: '',
      outputs: 4,
      wires: [['item'], ['stock'], ['demand'], ['finish']],
      ...openFields,
    },
    { id: 'part', type: 'pb-run-part', ledger: 'ledger', part: '', detailPath: 'manifest', wires: [['recorded'], ['finish']] },
    { id: 'finish', type: 'helper', wires: [['close']] },
    { id: 'close', type: 'pb-run-close', ledger: 'ledger', outcomePath: 'plan.plan_id', wires: [['closed']] },
    ...['item', 'stock', 'demand', 'recorded', 'closed'].map((id) => ({ id, type: 'helper' })),
  ];
}

describe('runs: pb-run-open, pb-run-part, pb-run-close', () => {
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;

  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
  });
  afterEach(async () => {
    await helper.unload();
    await ledgerFile.cleanup();
  });

  it('sends the start message to each part, and the closing step once when the last part is recorded', async () => {
    await helper.load(nodes, runFlow(ledgerFile.file));
    const parts = Promise.all(['item', 'stock', 'demand'].map((id) => nextMessage<Msg>(id)));
    node('open').receive({ event: { correlationid: 'nightly-1' }, payload: 'go' });
    const [item, stock, demand] = await parts;
    expect([item.run?.part, stock.run?.part, demand.run?.part]).toEqual(['item', 'stock', 'demand']);
    expect(item.run).toMatchObject({ id: 'nightly-1', attempt: 1 });
    expect(item.event?.time).toEqual(expect.any(String));

    for (const msg of [item, stock]) {
      const recorded = nextMessage('recorded');
      node('part').receive({ ...msg, manifest: { pages: 2 } });
      await recorded;
    }
    const finish = nextMessage<Msg>('finish');
    const closed = nextMessage<Msg>('closed');
    node('part').receive({ ...demand, manifest: { pages: 1 } });
    expect((await finish).run).toEqual({ id: 'nightly-1', kind: 'nightly export', attempt: 1 });
    node('finish').send({ ...(await finish), plan: { plan_id: 'P-7' } });
    expect((await closed).run).toMatchObject({ id: 'nightly-1', closed: true });

    const run = await (await ledgerOf()).runs.get('nightly-1');
    expect(run).toMatchObject({ state: 'closed', outcome: 'P-7', parts: ['item', 'stock', 'demand'] });
    // Parts done in the same millisecond have no order between them.
    expect(run?.done.map((d) => [d.part, d.detail]).sort()).toEqual([
      ['demand', '{"pages":1}'],
      ['item', '{"pages":2}'],
      ['stock', '{"pages":2}'],
    ]);
  });

  it('sends nothing for a start whose run is recorded already: a second click does not export twice', async () => {
    await helper.load(nodes, runFlow(ledgerFile.file));
    const first = Promise.all(['item', 'stock', 'demand'].map((id) => nextMessage(id)));
    node('open').receive({ event: { correlationid: 'nightly-2' } });
    await first;
    const seen: string[] = [];
    for (const id of ['item', 'stock', 'demand', 'finish']) node(id).on('input', () => seen.push(id));
    const answered = statusWhere('open', (s) => /running already/.test(s.text ?? ''));
    node('open').receive({ event: { correlationid: 'nightly-2' } });
    await answered;
    expect(seen).toEqual([]);
  });

  it('resumes a run whose instance died: only the parts not yet recorded are sent again, marked resumed', async () => {
    const flow = runFlow(ledgerFile.file, { leaseSeconds: '0.3' });
    await helper.load(nodes, flow);
    const item = nextMessage<Msg>('item');
    node('open').receive({ event: { correlationid: 'nightly-3' }, payload: 'start' });
    const recorded = nextMessage('recorded');
    node('part').receive(await item);
    await recorded;
    // The runtime stops with two parts owed (as far as the ledger knows, its instance died).
    await helper.unload();

    await helper.load(nodes, flow);
    const sent: string[] = [];
    for (const id of ['item', 'stock', 'demand', 'finish']) node(id).on('input', (m: Msg) => sent.push(`${id}:${m.run?.resumed}:${m.run?.attempt}`));
    const [stock, demand] = await Promise.all([nextMessage<Msg>('stock'), nextMessage<Msg>('demand')]);
    expect(stock.payload).toBe('start');
    expect(sent.sort()).toEqual(['demand:true:2', 'stock:true:2']);
    const finish = nextMessage<Msg>('finish');
    node('part').receive(stock);
    node('part').receive(demand);
    expect((await finish).run).toMatchObject({ id: 'nightly-3', attempt: 2 });
  });

  it('resumes a run whose parts were all done before the crash at its closing step', async () => {
    const flow = runFlow(ledgerFile.file, { leaseSeconds: '0.3' });
    await helper.load(nodes, flow);
    const parts = Promise.all(['item', 'stock', 'demand'].map((id) => nextMessage<Msg>(id)));
    node('open').receive({ event: { correlationid: 'nightly-4' } });
    const finished = nextMessage('finish');
    for (const msg of await parts) node('part').receive(msg);
    await finished;
    await helper.unload();

    await helper.load(nodes, flow);
    const again = await nextMessage<Msg>('finish');
    expect(again.run).toMatchObject({ id: 'nightly-4', resumed: true });
  });

  it('refuses a part of a message without a run, or a part the run does not owe, with stable codes', async () => {
    await helper.load(nodes, runFlow(ledgerFile.file));
    node('part').receive({ payload: 1 });
    expect((await settled('part')).text).toMatch(/RUN_MISSING/);
    node('part').receive({ run: { id: 'nope', part: 'item', attempt: 1 } });
    expect((await settled('part')).text).toMatch(/RUN_UNKNOWN/);
    const item = nextMessage<Msg>('item');
    node('open').receive({ event: { correlationid: 'nightly-5' } });
    const msg = await item;
    node('part').receive({ ...msg, run: { ...msg.run, part: 'forecast' } });
    expect((await settled('part')).text).toMatch(/RUN_PART_UNKNOWN/);
  });

  it('raises one run_overdue alert for a run past its service level, and resolves it when the run closes', async () => {
    await helper.load(nodes, runFlow(ledgerFile.file, {}, { slaMinutes: '0.001' }));
    const parts = Promise.all(['item', 'stock', 'demand'].map((id) => nextMessage<Msg>(id)));
    node('open').receive({ event: { correlationid: 'nightly-6' } });
    const [item, stock, demand] = await parts;
    node('part').receive(item);
    await nextMessage('recorded');
    const ledger = await ledgerOf();
    // 0.001 minutes is 60 ms: wait until the run is past it by the ledger's clock, then look.
    const due = ((await ledger.runs.get('nightly-6'))?.dueAt ?? 0) + 1;
    while (ledger.now() < due) await new Promise<void>((resolve) => setImmediate(resolve));
    await watchOnce(ledger, { stuckAfterMs: 60_000, log: () => undefined });
    await watchOnce(ledger, { stuckAfterMs: 60_000, log: () => undefined });
    const open = await ledger.alerts.list({ type: 'run_overdue', status: ['open'] });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ key: 'run_overdue:nightly-6', severity: 'critical', count: 1 });
    expect(open[0].message).toMatch(/nightly export run nightly-6 is past its service level .* still owes stock, demand/);

    const finish = nextMessage<Msg>('finish');
    node('part').receive(stock);
    node('part').receive(demand);
    node('finish').send(await finish);
    await nextMessage('closed');
    expect(await ledger.alerts.list({ type: 'run_overdue', status: ['open'] })).toEqual([]);
  });

  it('raises keys_stuck while keys stay in progress too long, and resolves it when none does', async () => {
    await helper.load(nodes, runFlow(ledgerFile.file));
    const ledger = await ledgerOf();
    await ledger.idempotency.claim(['exec:REC-1:1']);
    // A negative age counts every key in progress now as stuck.
    await watchOnce(ledger, { stuckAfterMs: -1000, log: () => undefined });
    expect((await ledger.alerts.list({ type: 'keys_stuck', status: ['open'] }))[0]).toMatchObject({ key: 'keys_stuck', severity: 'warning' });
    await watchOnce(ledger, { stuckAfterMs: 60_000, log: () => undefined });
    expect(await ledger.alerts.list({ type: 'keys_stuck', status: ['open'] })).toEqual([]);
  });
});
