import type { EventEmitter } from 'node:events';
import { json, startFakeServer, type FakeServer } from '../fakes/http-server';
import { nextCall, nextMessage, node, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, restConfigNode, tempLedgerFile } from '../helpers/reliability-flow';
import { storeOf } from '../../nodes/ledger/store-access';

const helper = useNodeRed();

describe('redelivery, pages, masking, audit and the catch route', () => {
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;

  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
  });
  afterEach(async () => {
    await helper.unload();
    await ledgerFile.cleanup();
  });

  it('sends again, marked redelivered, a message an earlier run accepted but never finished', async () => {
    const first = [
      ledgerConfigNode(ledgerFile.file, { leaseSeconds: '0.3' }),
      { id: 'track', type: 'pb-track', ledger: 'ledger', wires: [['lost'], []] },
      { id: 'lost', type: 'helper' },
    ];
    await helper.load(reliabilityNodes, first);
    const accepted = nextMessage('lost');
    node('track').receive({ payload: { order: 'A-1' }, topic: 'orders' });
    const original = await accepted;
    // The runtime stops before anything completes the message (a crash, as far as the ledger knows).
    await helper.unload();

    await helper.load(reliabilityNodes, first);
    const again = await nextMessage('lost');
    expect(again.payload).toEqual({ order: 'A-1' });
    expect(again.topic).toBe('orders');
    expect(again.ledger).toMatchObject({ id: (original.ledger as { id: string }).id, redelivered: true, attempt: 2 });
  });

  it('claims a page of keys in one go: fresh records go on, duplicates leave on output 2, the batch stays whole', async () => {
    const flow = [
      ledgerConfigNode(ledgerFile.file),
      { id: 'dedupe', type: 'pb-dedupe', ledger: 'ledger', keyMode: 'fields', key: 'recommendation_id, plan_version', wires: [['fresh'], ['dups']] },
      { id: 'complete', type: 'pb-complete', outcomePath: 'payload.length', wires: [[]] },
      { id: 'fresh', type: 'helper' },
      { id: 'dups', type: 'helper' },
    ];
    await helper.load(reliabilityNodes, flow);
    const page = (ids: string[]) => ids.map((id) => ({ recommendation_id: id, plan_version: 1 }));
    const fresh = nextMessage('fresh');
    const repeatedInPage = nextMessage('dups');
    node('dedupe').receive({ payload: page(['R1', 'R2', 'R2']), batch: { id: 'b', seq: 1, last: true, count: 3 } });
    const first = await fresh;
    expect(first.payload).toEqual(page(['R1', 'R2']));
    expect((await repeatedInPage).duplicates).toEqual([{ index: 2, key: 'R2:1', state: 'in_progress', outcome: null, completedAt: null }]);
    expect(first.idempotency).toMatchObject({ keys: ['R1:1', 'R2:1'] });
    node('complete').receive(first);
    await nextCall('complete', 'status');

    const freshAgain = nextMessage('fresh');
    const dups = nextMessage('dups');
    node('dedupe').receive({ payload: page(['R2', 'R3']), batch: { id: 'c', seq: 1, last: true, count: 2 } });
    const [second, duplicates] = await Promise.all([freshAgain, dups]);
    expect(second.payload).toEqual(page(['R3']));
    expect(second.batch).toEqual({ id: 'c', seq: 1, last: true, count: 1 });
    expect(duplicates.payload).toEqual(page(['R2']));
    expect(duplicates.duplicates).toEqual([{ index: 0, key: 'R2:1', state: 'completed', outcome: 2, completedAt: expect.any(Number) }]);
  });

  it('refuses a page record without its key fields', async () => {
    await helper.load(reliabilityNodes, [
      ledgerConfigNode(ledgerFile.file),
      { id: 'dedupe', type: 'pb-dedupe', ledger: 'ledger', keyMode: 'fields', key: 'recommendation_id', wires: [[], []] },
    ] as never);
    const reported = nextCall('dedupe', 'error');
    node('dedupe').receive({ payload: [{ recommendation_id: 'R1' }, { sku: 'no id' }] });
    expect(((await reported)[0] as { code: string }).code).toBe('KEY_MISSING');
  });

  it('keeps masked fields sealed in the ledger, shows *** in audit copies, and restores them on redelivery', async () => {
    const flow = [
      ledgerConfigNode(ledgerFile.file, { maskPaths: 'payload.unit_cost\npayload.customer', leaseSeconds: '0.3' }),
      { id: 'track', type: 'pb-track', ledger: 'ledger', wires: [['audit'], []] },
      { id: 'audit', type: 'pb-audit', ledger: 'ledger', recordAs: 'validated', note: 'checked', wires: [['out']] },
      { id: 'out', type: 'helper' },
    ];
    const credentials = { ledger: { maskingKey: 'a-test-masking-key' } };
    await helper.load(reliabilityNodes, flow, credentials);
    const arrived = nextMessage('out');
    const page = [
      { sku: 'A', unit_cost: 31415.9265, customer: 'ACME' },
      { sku: 'B', unit_cost: 7 },
    ];
    node('track').receive({ payload: page });
    const out = await arrived;
    expect(out.payload).toEqual(page);

    const ledger = await ledgerOf();
    const id = (out.ledger as { id: string }).id;
    const record = await ledger.messages.get(id);
    expect(record?.body).not.toContain('31415.9265');
    expect(record?.body).not.toContain('ACME');
    const transitions = await ledger.messages.transitions(id);
    expect(transitions.map((t) => t.status)).toEqual(['received', 'validated']);
    const copy = JSON.parse(transitions[1].detail as string);
    expect(copy).toEqual({
      note: 'checked',
      message: {
        payload: [
          { sku: 'A', unit_cost: '***', customer: '***' },
          { sku: 'B', unit_cost: '***' },
        ],
      },
    });

    await helper.unload();
    await helper.load(reliabilityNodes, flow, credentials);
    const redelivered = await nextMessage('out');
    expect(redelivered.payload).toEqual(page);
  });

  it('stores an untracked failure caught by a Catch node, and pb-replay sends it out again', async () => {
    const target: FakeServer = await startFakeServer((_req, res) => json(res, 404, {}));
    try {
      const flow = [
        { id: 'tab', type: 'tab', label: 't' },
        ledgerConfigNode(ledgerFile.file),
        restConfigNode(target.url),
        { id: 'call', z: 'tab', type: 'rest-request', server: 'rest', method: 'GET', path: '/missing', wires: [[]] },
        { id: 'catcher', z: 'tab', type: 'catch', scope: ['call'], uncaught: false, wires: [['dead']] },
        { id: 'dead', z: 'tab', type: 'pb-dead-letter', ledger: 'ledger', wires: [['stored']] },
        { id: 'stored', z: 'tab', type: 'helper' },
        { id: 'replay', z: 'tab', type: 'pb-replay', ledger: 'ledger', selection: 'all', ratePerSecond: '100', wires: [['replayed'], ['report']] },
        { id: 'replayed', z: 'tab', type: 'helper' },
        { id: 'report', z: 'tab', type: 'helper' },
      ];
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a core node, CommonJS without types
      const catchNode = require('@node-red/nodes/core/common/25-catch.js');
      await helper.load([...reliabilityNodes, catchNode], flow);
      const stored = nextMessage('stored');
      node('call').receive({ payload: { ask: 1 }, topic: 'lookup' });
      const caught = await stored;
      const ledger = await ledgerOf();
      const letter = await ledger.deadLetters.get((caught.deadLetter as { id: string }).id);
      expect(letter).toMatchObject({ errorCode: 'REST_NOT_FOUND', nodeId: 'call', nodeType: 'rest-request', flowId: 'tab', messageId: null, state: 'open' });

      const replayed = nextMessage('replayed');
      const report = nextMessage('report');
      node('replay').receive({ payload: {} });
      expect((await replayed).payload).toEqual({ ask: 1 });
      expect((await report).payload).toMatchObject({ total: 1, replayed: 1, done: true });
      expect(await ledger.deadLetters.get(letter!.id)).toMatchObject({ state: 'replayed', resolvedBy: 'node:replay' });
    } finally {
      await target.close();
    }
  });

  it('serves Prometheus metrics with message, failure and dead-letter figures', async () => {
    await helper.load(reliabilityNodes, [
      ledgerConfigNode(ledgerFile.file),
      { id: 'track', type: 'pb-track', ledger: 'ledger', keyPath: 'payload.key', requireKey: true, wires: [['complete'], []] },
      { id: 'complete', type: 'pb-complete', wires: [['done']] },
      { id: 'done', type: 'helper' },
    ] as never);
    const failed = nextCall('track', 'error');
    node('track').receive({ payload: {} });
    await failed;
    const delivered = nextMessage('done');
    node('track').receive({ payload: { key: 'k' } });
    await delivered;
    const text = (await helper.request().get('/metrics').expect(200)).text;
    expect(text).toMatch(/planbridge_messages_total\{node_type="pb-track",flow="",outcome="ok"\} \d+/);
    expect(text).toMatch(/planbridge_failures_total\{node_type="pb-track",flow="",code="KEY_MISSING"\} \d+/);
    expect(text).toMatch(/planbridge_backlog \d+/);
    expect(text).toMatch(/planbridge_dead_letters_open [1-9]/);
    expect(text).toContain('planbridge_message_latency_seconds_bucket');
  });

  it('tells through the admin API what the ledger still owes: unfinished messages and keys in progress', async () => {
    await helper.load(reliabilityNodes, [
      ledgerConfigNode(ledgerFile.file),
      { id: 'track', type: 'pb-track', ledger: 'ledger', wires: [['dedupe'], []] },
      { id: 'dedupe', type: 'pb-dedupe', ledger: 'ledger', keyMode: 'msg', key: 'payload.key', wires: [['held'], []] },
      { id: 'held', type: 'helper', wires: [] },
      { id: 'complete', type: 'pb-complete', wires: [['done']] },
      { id: 'done', type: 'helper' },
    ] as never);
    const state = async (): Promise<unknown> => (await helper.request().get('/planbridge/ledger/state').expect(200)).body;
    expect(await state()).toEqual({ backlog: 0, keysInProgress: 0, deadLetters: { open: 0, replaying: 0 }, settled: true });
    const held = nextMessage('held');
    node('track').receive({ payload: { key: 'k-1' } });
    const msg = await held;
    expect(await state()).toEqual({ backlog: 1, keysInProgress: 1, deadLetters: { open: 0, replaying: 0 }, settled: false });
    const done = nextMessage('done');
    node('complete').receive(msg);
    await done;
    expect(await state()).toEqual({ backlog: 0, keysInProgress: 0, deadLetters: { open: 0, replaying: 0 }, settled: true });
  });

  it('lists, shows and resolves dead letters through the admin API, with masked fields hidden', async () => {
    await helper.load(
      reliabilityNodes,
      [
        ledgerConfigNode(ledgerFile.file, { maskPaths: 'payload.price' }),
        { id: 'track', type: 'pb-track', ledger: 'ledger', parseJson: true, wires: [[], []] },
      ] as never,
      { ledger: { maskingKey: 'k' } },
    );
    const failed = nextCall('track', 'error');
    node('track').receive({ payload: 'not json' });
    await failed;
    const ledger = await ledgerOf();
    const stored = await storeOf(ledger).addDeadLetter({
      id: 'd-1',
      messageId: null,
      startNode: null,
      flowId: null,
      nodeId: 'x',
      nodeType: 'x',
      errorCode: 'X',
      errorMessage: 'x',
      attempts: 1,
      body: ledger.serialize({ payload: { price: 99.5, sku: 'A' } }),
      idempotencyKey: null,
      failedAt: Date.now(),
    });
    const list = (await helper.request().get('/planbridge/dead-letters?state=open').expect(200)).body.deadLetters;
    expect(list.map((d: { errorCode: string }) => d.errorCode).sort()).toEqual(['INPUT_NOT_JSON', 'X']);
    const shown = (await helper.request().get(`/planbridge/dead-letters/${stored.id}`).expect(200)).body;
    expect(shown.message).toEqual({ payload: { price: '***', sku: 'A' } });
    expect(JSON.stringify(shown)).not.toContain('99.5');
    const resolved = (await helper.request().post(`/planbridge/dead-letters/${stored.id}/resolve`).send({ note: 'fixed in Odoo' }).expect(200)).body;
    expect(resolved).toMatchObject({ state: 'resolved', note: 'fixed in Odoo' });
    await helper.request().post(`/planbridge/dead-letters/${stored.id}/resolve`).send({}).expect(409);
    await helper.request().post('/planbridge/dead-letters/replay').send({}).expect(400);
  });
});

describe('circuit breaker on a connector', () => {
  let target: FakeServer;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  beforeEach(async () => {
    target = await startFakeServer((_req, res) => json(res, 503, {}));
    ledgerFile = await tempLedgerFile();
  });
  afterEach(async () => {
    await helper.unload();
    await target.close();
    await ledgerFile.cleanup();
  });

  type RestNode = { client: { resilience: EventEmitter & { circuit: string } } };

  async function failTimes(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const failed = nextCall('call', 'error');
      node('call').receive({});
      await failed;
    }
  }

  it('opens after consecutive failures and then fails fast without calling the target', async () => {
    await helper.load(reliabilityNodes, [
      restConfigNode(target.url, { attempts: '1', breakerThreshold: '2', halfOpenAfterMs: '60000' }),
      { id: 'call', type: 'rest-request', server: 'rest', method: 'GET', path: '/x', wires: [['ok']] },
      { id: 'ok', type: 'helper' },
    ] as never);
    await failTimes(2);
    expect(node<RestNode>('rest').client.resilience.circuit).toBe('open');
    const open = nextCall('call', 'error');
    node('call').receive({});
    expect(((await open)[0] as { code: string }).code).toBe('REST_CIRCUIT_OPEN');
    expect(target.requests).toHaveLength(2);
  });

  it('lets one probe through half-open and closes when the target answers', async () => {
    await helper.load(reliabilityNodes, [
      restConfigNode(target.url, { attempts: '1', breakerThreshold: '2', halfOpenAfterMs: '0' }),
      { id: 'call', type: 'rest-request', server: 'rest', method: 'GET', path: '/x', wires: [['ok']] },
      { id: 'ok', type: 'helper' },
    ] as never);
    const states: string[] = [];
    node<RestNode>('rest').client.resilience.on('circuit', (state: string) => states.push(state));
    await failTimes(2);
    target.respond((_req, res) => json(res, 200, { back: true }));
    const delivered = nextMessage('ok');
    node('call').receive({});
    expect((await delivered).payload).toEqual({ back: true });
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });
});
