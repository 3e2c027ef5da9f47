import { randomUUID } from 'node:crypto';
import { contractSchemas } from '../../nodes/canonical/contracts';
import pbHealth from '../../nodes/integration/pb-health';
import pbValidate from '../../nodes/integration/pb-validate';
import { RemoteError } from '../../nodes/lib/errors';
import type { HealthSummary } from '../../nodes/integration/health/summary';
import type { Ledger, LedgerMessage } from '../../nodes/ledger/ledger';
import { json, startFakeServer, type FakeServer } from '../fakes/http-server';
import { nextCall, nextMessage, node, settled, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, restConfigNode, tempLedgerFile } from '../helpers/reliability-flow';
import { storeOf } from '../../nodes/ledger/store-access';

const helper = useNodeRed();
const HOUR = 3_600_000;
const analyst = { username: 'alice', roles: ['analyst'] };
const viewer = { username: 'victor', roles: ['viewer'] };
const planner = { username: 'paula', roles: ['planner'] };

type Answer = HealthSummary & { error?: { code: string; message: string }; replaying?: number; deadLetter?: Record<string, unknown> };

describe('pb-health', () => {
  let target: FakeServer;
  const ledgerFiles: Array<Awaited<ReturnType<typeof tempLedgerFile>>> = [];

  beforeAll(async () => {
    target = await startFakeServer();
  });
  afterAll(async () => {
    await target.close();
    for (const file of ledgerFiles) await file.cleanup();
  });

  function flow(ledgerFile: string, health: Record<string, unknown>) {
    return [
      ledgerConfigNode(ledgerFile),
      restConfigNode(target.url, { attempts: '2', name: 'planning-api' }),
      { id: 'track', type: 'pb-track', z: 'flow-1', ledger: 'ledger', wires: [['complete'], []] },
      { id: 'complete', type: 'pb-complete', z: 'flow-1', name: 'Mark delivered', outcomePath: 'payload', wires: [['done']] },
      { id: 'call', type: 'rest-request', z: 'flow-1', server: 'rest', method: 'POST', path: '/apply', wires: [[]] },
      { id: 'validate', type: 'pb-validate', contract: 'stock_snapshot@1', wires: [[], []] },
      { id: 'health', type: 'pb-health', ledger: 'ledger', window: '24', wires: [['page']], ...health },
      { id: 'done', type: 'helper' },
      { id: 'page', type: 'helper' },
    ];
  }

  /** Loads the flow on a fresh ledger; the helper unloads it after each test. */
  async function load(health: Record<string, unknown> = {}): Promise<Ledger> {
    const ledgerFile = await tempLedgerFile();
    ledgerFiles.push(ledgerFile);
    await helper.load([...reliabilityNodes, pbValidate, pbHealth], flow(ledgerFile.file, health));
    return ledgerOf();
  }

  async function ask(topic: string, user: object | undefined, payload: unknown = {}): Promise<Answer> {
    const answered = nextMessage<LedgerMessage>('page');
    node('health').receive({ topic, payload, _client: { socketId: 'socket-1', ...(user ? { user } : {}) } });
    const msg = await answered;
    expect(msg._client).toEqual({ socketId: 'socket-1', user });
    return msg.payload as Answer;
  }

  function stored(receivedAt: number) {
    return {
      id: randomUUID(),
      flowId: 'flow-1',
      startNode: 'track',
      sourceSystem: null,
      correlationId: null,
      schemaRef: null,
      idempotencyKey: null,
      recordCount: 1,
      body: '{"payload":1}',
      owner: 'x',
      leaseUntil: receivedAt + 30_000,
      receivedAt,
    };
  }

  /** A tracked message that failed at the rest-request node: a real dead letter whose replay starts at pb-track. */
  async function deadLetter(ledger: Ledger, key: string): Promise<string> {
    const msg: LedgerMessage = { payload: { key } };
    await ledger.track(msg, 'track', 'flow-1', null);
    const letter = await ledger.fail(msg, new RemoteError('REST_UNAVAILABLE', 'REST answered HTTP 503', { system: 'REST', retryable: true, attempts: 2 }), {
      id: 'call',
      type: 'rest-request',
      z: 'flow-1',
    });
    return letter!.id;
  }

  it('summarises the window: outcomes, success rate, latency percentiles, backlog and the newest open dead letters', async () => {
    const ledger = await load();
    const lastHour = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    // Twenty deliveries taking 1 to 20 seconds, five dead-lettered, two still open, all in the last whole hour.
    const delivered = Array.from({ length: 20 }, (_, i) => stored(lastHour + i * 1000));
    const failed = Array.from({ length: 5 }, (_, i) => stored(lastHour + 100_000 + i));
    const open = [stored(lastHour + 200_000), stored(lastHour + 200_001)];
    const old = [stored(Date.now() - 48 * HOUR), stored(Date.now() - 48 * HOUR)];
    await storeOf(ledger).insertMessages([...delivered, ...failed, ...open, ...old]);
    for (const [i, m] of delivered.entries()) await storeOf(ledger).transition(m.id, 'delivered', 'complete', m.receivedAt + (i + 1) * 1000);
    await storeOf(ledger).transition(old[0].id, 'delivered', 'complete', old[0].receivedAt + 1000);
    for (const [i, m] of failed.entries()) {
      await storeOf(ledger).transition(m.id, 'dead_lettered', 'complete', m.receivedAt + 5000);
      await storeOf(ledger).addDeadLetter({
        id: `dl-${i}`,
        messageId: m.id,
        startNode: 'track',
        flowId: 'flow-1',
        nodeId: 'complete',
        nodeType: 'pb-complete',
        errorCode: 'ODOO_UNAVAILABLE',
        errorMessage: `Odoo answered HTTP 503 (${i})`,
        attempts: i + 1,
        body: '{}',
        idempotencyKey: null,
        failedAt: m.receivedAt + 5000,
      });
    }

    const summary = await ask('refresh', viewer);
    expect(summary).toMatchObject({
      action: 'refresh',
      canOperate: false,
      window: { hours: 24, from: lastHour + HOUR - 23 * HOUR, to: lastHour + 2 * HOUR },
      counts: { delivered: 20, deadLettered: 5, open: 2 },
      successRate: 0.8,
      latency: { p50Ms: 10_000, p95Ms: 19_000 },
      backlog: 3,
      levels: { successRate: 'red', latency: 'green', backlog: 'green', deadLetters: 'amber' },
    });
    expect(summary.deadLetters.open).toBe(5);
    expect(summary.deadLetters.newest.map((l) => l.id)).toEqual(['dl-4', 'dl-3', 'dl-2', 'dl-1', 'dl-0']);
    expect(summary.deadLetters.newest[0]).toEqual({
      id: 'dl-4',
      node: 'complete',
      nodeType: 'pb-complete',
      nodeName: 'Mark delivered',
      flow: 'flow-1',
      errorCode: 'ODOO_UNAVAILABLE',
      errorMessage: 'Odoo answered HTTP 503 (4)',
      attempts: 5,
      firstFailedAt: lastHour + 105_004,
      lastFailedAt: lastHour + 105_004,
      state: 'open',
      resolvedBy: null,
      note: null,
    });
    expect(summary.series).toHaveLength(24);
    expect(summary.series.filter((p) => p.delivered || p.deadLettered)).toEqual([{ start: lastHour, delivered: 20, deadLettered: 5 }]);
    expect((await ask('anything else', analyst)).canOperate).toBe(true);
  });

  it('lists the open runs first, with what they still owe and whether they are late, then the latest closed ones', async () => {
    const ledger = await load();
    const run = (id: string, parts: string[], dueInMs: number | null) =>
      ledger.runs.open({ id, kind: 'nightly export', flowId: 'flow-1', startNode: 'open', parts, msg: { _msgid: id }, dueInMs });
    await run('closed-1', ['item'], null);
    await ledger.runs.partDone('closed-1', 'item', '1 page');
    await ledger.runs.close('closed-1', 'plan P-1');
    await run('late', ['item', 'stock', 'demand'], -1);
    await ledger.runs.partDone('late', 'stock', null);
    await ledger.runs.claimOverdue(10);
    await run('running', ['item'], 3_600_000);

    const { runs } = await ask('refresh', viewer);
    expect(runs.map((r) => [r.id, r.state, r.partsDone, r.partsTotal, r.owed, r.overdue])).toEqual([
      ['late', 'open', 1, 3, ['item', 'demand'], true],
      ['running', 'open', 0, 1, ['item'], false],
      ['closed-1', 'closed', 1, 1, [], false],
    ]);
    expect(runs[2]).toMatchObject({ kind: 'nightly export', outcome: 'plan P-1', attempt: 1, closedAt: expect.any(Number) });
  });

  it('shows circuits, throttling per target and data-quality problems from the metrics', async () => {
    target.respond((_req, res) => json(res, 429, {}));
    await load();
    const failed = nextCall('call', 'error');
    node('call').receive({ payload: { key: 'k' } });
    expect(((await failed) as [{ code: string }])[0].code).toBe('REST_RATE_LIMITED');
    const good = { ...contractSchemas['stock_snapshot@1'].examples[0], as_of: new Date().toISOString() };
    const validated = settled('validate');
    node('validate').receive({ payload: [good, { ...good, on_hand: -1 }, { ...good, uom: 'BOGUS', on_hand: -2 }] });
    await validated;

    const summary = await ask('refresh', planner);
    expect(summary.connections).toEqual([{ target: 'planning-api', circuit: 'closed', retries: 1 }]);
    // What planbridge depends on itself, from planbridge_dependency_up (a pb-publish broker shows there too).
    expect(summary.dependencies).toContainEqual({ dependency: 'ledger ledger', up: true });
    expect(summary.throttling).toEqual([{ target: 'planning-api', retries: 1, failures: 1 }]);
    expect(summary.dataQuality).toEqual({
      total: 3,
      rules: [
        { rule: 'quantity-non-negative', count: 2, contracts: [{ contract: 'stock_snapshot@1', count: 2 }] },
        { rule: 'uom-known', count: 1, contracts: [{ contract: 'stock_snapshot@1', count: 1 }] },
      ],
    });
    expect(summary.countersFrom).toBeLessThanOrEqual(Date.now());
  });

  it('lets an analyst replay a dead letter through its start node, and refuses a viewer on its output', async () => {
    const ledger = await load();
    const id = await deadLetter(ledger, 'order-1');

    const refused = await ask('replay', viewer, { ids: [id] });
    expect(refused).toEqual({ action: 'replay', error: { code: 'FORBIDDEN', message: expect.stringContaining('victor may not replay') } });
    expect(await ledger.deadLetters.get(id)).toMatchObject({ state: 'open' });

    const delivered = nextMessage<LedgerMessage>('done');
    expect(await ask('replay', analyst, { ids: [id] })).toEqual({ action: 'replay', replaying: 1, ratePerSecond: 5, by: 'alice' });
    // pb-complete records the delivery before it sends the message on.
    expect((await delivered).ledger).toMatchObject({ replayOf: id, attempt: 2 });
    expect(await ledger.deadLetters.get(id)).toMatchObject({ state: 'replayed', resolvedBy: 'alice' });
    expect(await ask('replay', analyst, { ids: [id] })).toMatchObject({ error: { code: 'DEAD_LETTER_NOT_OPEN' } });
    expect(await ask('replay', analyst, {})).toMatchObject({ error: { code: 'INPUT_INVALID' } });
  });

  it('lets an analyst resolve a dead letter with a note, and refuses a planner', async () => {
    const ledger = await load();
    const id = await deadLetter(ledger, 'order-2');

    expect(await ask('resolve', planner, { id, note: 'fixed' })).toMatchObject({ action: 'resolve', error: { code: 'FORBIDDEN' } });
    expect(await ask('resolve', analyst, { id, note: ' ' })).toMatchObject({ error: { code: 'NOTE_REQUIRED' } });
    expect(await ledger.deadLetters.get(id)).toMatchObject({ state: 'open' });

    const resolved = await ask('resolve', analyst, { id, note: 'booked by hand in Odoo' });
    expect(resolved.deadLetter).toMatchObject({ id, state: 'resolved', resolvedBy: 'alice', note: 'booked by hand in Odoo', errorCode: 'REST_UNAVAILABLE' });
    expect(await ask('resolve', { username: 'root', roles: ['admin'] }, { id, note: 'again' })).toMatchObject({ error: { code: 'DEAD_LETTER_NOT_OPEN' } });
    expect((await ask('refresh', analyst)).deadLetters.open).toBe(0);
  });

  it('answers nothing to a message without a dashboard user, and reports AUTH_REQUIRED to Catch nodes', async () => {
    const ledger = await load();
    const id = await deadLetter(ledger, 'order-3');
    let answered = false;
    node('page').on('input', () => {
      answered = true;
    });
    const reported = nextCall('health', 'error');
    node('health').receive({ topic: 'resolve', payload: { id, note: 'x' }, _client: { socketId: 's', user: { roles: ['admin'] } } });
    const [error] = (await reported) as [{ code: string }];
    expect(error.code).toBe('AUTH_REQUIRED');
    expect(answered).toBe(false);
    expect(await ledger.deadLetters.get(id)).toMatchObject({ state: 'open' });
  });

  it('refuses a window outside 1 to 168 hours at deploy', async () => {
    await load({ window: '0' });
    const health = node<{ listenerCount(event: string): number }>('health');
    expect(health.listenerCount('input')).toBe(0);
  });
});
