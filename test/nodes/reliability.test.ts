import { once } from 'node:events';
import { json, startFakeServer, type FakeServer } from '../fakes/http-server';
import { nextCall, nextMessage, node, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, restConfigNode, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();

describe('tracking, dedupe, delivery and dead letters', () => {
  let target: FakeServer;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  let applied: Map<string, number>;

  beforeAll(async () => {
    target = await startFakeServer();
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
    applied = new Map();
    target.requests.length = 0;
    // The target applies each idempotency key once, as Odoo does with an origin check.
    target.respond((req, res) => {
      const key = String(req.headers['idempotency-key']);
      applied.set(key, (applied.get(key) ?? 0) + 1);
      json(res, 200, { applied: key, first: applied.get(key) === 1 });
    });
  });
  afterEach(async () => {
    await helper.unload();
    await ledgerFile.cleanup();
  });

  function flow(fields: { track?: object; ledger?: object; target?: object } = {}) {
    return [
      ledgerConfigNode(ledgerFile.file, fields.ledger),
      restConfigNode(target.url, fields.target),
      {
        id: 'track',
        type: 'pb-track',
        ledger: 'ledger',
        keyPath: 'payload.key',
        requireKey: true,
        parseJson: true,
        wires: [['dedupe'], ['accepted']],
        ...fields.track,
      },
      { id: 'dedupe', type: 'pb-dedupe', ledger: 'ledger', keyMode: 'msg', key: 'payload.key', wires: [['call'], ['duplicates']] },
      { id: 'call', type: 'rest-request', server: 'rest', method: 'POST', path: '/apply', wires: [['complete']] },
      { id: 'complete', type: 'pb-complete', outcomePath: 'payload', wires: [['done']] },
      { id: 'accepted', type: 'helper' },
      { id: 'duplicates', type: 'helper' },
      { id: 'done', type: 'helper' },
    ];
  }

  it('persists a message, answers that it was accepted, delivers it once and records each step', async () => {
    await helper.load(reliabilityNodes, flow());
    const accepted = nextMessage('accepted');
    const delivered = nextMessage('done');
    node('track').receive({ payload: { key: 'order-1', qty: 3 } });
    const ack = await accepted;
    const out = await delivered;
    expect(ack.payload).toEqual({ id: expect.any(String), status: 'accepted' });
    expect(out.payload).toEqual({ applied: 'order-1', first: true });
    expect(target.requests[0].headers['idempotency-key']).toBe('order-1');
    const ledger = await ledgerOf();
    const record = await ledger.messages.get((ack.payload as { id: string }).id);
    expect(record).toMatchObject({ status: 'delivered', idempotencyKey: 'order-1', startNode: 'track' });
    expect((await ledger.messages.transitions(record!.id)).map((t) => t.status)).toEqual(['received', 'delivered']);
    expect(await ledger.idempotency.state('order-1')).toMatchObject({ state: 'completed', outcome: { applied: 'order-1', first: true } });
  });

  it('sends a repeated key to the duplicates output with the first outcome, and never to the target', async () => {
    await helper.load(reliabilityNodes, flow());
    const first = nextMessage('done');
    node('track').receive({ payload: { key: 'order-2' } });
    await first;
    const duplicate = nextMessage('duplicates');
    node('track').receive({ payload: { key: 'order-2' } });
    const dup = await duplicate;
    expect(dup.duplicate).toMatchObject({ key: 'order-2', state: 'completed', outcome: { applied: 'order-2', first: true } });
    expect(target.requests).toHaveLength(1);
    const ledger = await ledgerOf();
    expect(await ledger.messages.get((dup.ledger as { id: string }).id)).toMatchObject({ status: 'delivered' });
  });

  it.each([
    ['a body that is not JSON', { payload: '{"key": "x",' }, 'INPUT_NOT_JSON'],
    ['a message without its key', { payload: { qty: 1 } }, 'KEY_MISSING'],
    ['a payload over the size limit', { payload: { key: 'big', blob: 'x'.repeat(3000) } }, 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s with %s, dead-letters it with the reason and keeps running', async (_what, msg, code) => {
    await helper.load(reliabilityNodes, flow({ ledger: { maxBodyKb: '2' } }));
    const reported = nextCall('track', 'error');
    node('track').receive(msg);
    const [error] = (await reported) as [{ code: string; cause: { deadLetterId?: string } }];
    expect(error.code).toBe(code);
    const ledger = await ledgerOf();
    const letters = await ledger.deadLetters.list({ state: 'open' });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ errorCode: code, nodeId: 'track', nodeType: 'pb-track' });
    const still = nextMessage('done');
    node('track').receive({ payload: { key: 'after-bad-input' } });
    expect((await still).payload).toMatchObject({ applied: 'after-bad-input' });
  });

  it('retries a failing target, then dead-letters the tracked message with its attempts and frees its key', async () => {
    target.respond((_req, res) => json(res, 503, { down: true }));
    await helper.load(reliabilityNodes, flow());
    const reported = nextCall('call', 'error');
    node('track').receive({ payload: { key: 'order-3' } });
    const [error] = (await reported) as [{ code: string; cause: { attempts: number; deadLetterId: string } }];
    expect(error.code).toBe('REST_UNAVAILABLE');
    expect(error.cause.attempts).toBe(4);
    expect(target.requests).toHaveLength(4);
    const ledger = await ledgerOf();
    const letter = await ledger.deadLetters.get(error.cause.deadLetterId);
    expect(letter).toMatchObject({ errorCode: 'REST_UNAVAILABLE', attempts: 4, state: 'open', nodeId: 'call', idempotencyKey: 'order-3' });
    expect(await ledger.idempotency.state('order-3')).toBeUndefined();
    expect(await ledger.messages.get(letter!.messageId!)).toMatchObject({ status: 'dead_lettered' });
  });

  it('replays a dead letter through its start node once the target is back, exactly once', async () => {
    target.respond((_req, res) => json(res, 503, {}));
    await helper.load(reliabilityNodes, flow());
    const failed = nextCall('call', 'error');
    node('track').receive({ payload: { key: 'order-4' } });
    await failed;
    target.respond((req, res) => {
      const key = String(req.headers['idempotency-key']);
      applied.set(key, (applied.get(key) ?? 0) + 1);
      json(res, 200, { applied: key });
    });
    const delivered = nextMessage('done');
    const response = await helper.request().post('/planbridge/dead-letters/replay').send({ all: true, ratePerSecond: 50 }).expect(202);
    expect(response.body).toMatchObject({ replaying: 1, ratePerSecond: 50 });
    const out = await delivered;
    expect(out.ledger).toMatchObject({ replayOf: expect.any(String), attempt: 2 });
    expect(applied.get('order-4')).toBe(1);
    const ledger = await ledgerOf();
    const [letter] = await ledger.deadLetters.list({});
    expect(letter.state).toBe('replayed');
    expect(await ledger.idempotency.state('order-4')).toMatchObject({ state: 'completed' });
  });

  it('resolves instead of replaying a dead letter whose key completed in the meantime', async () => {
    target.respond((_req, res) => json(res, 503, {}));
    await helper.load(reliabilityNodes, flow());
    const failed = nextCall('call', 'error');
    node('track').receive({ payload: { key: 'order-5' } });
    await failed;
    const ledger = await ledgerOf();
    await ledger.idempotency.complete('someone-else', [{ key: 'order-5' }]);
    const finished = once(ledger, 'replay-done');
    await helper.request().post('/planbridge/dead-letters/replay').send({ all: true }).expect(202);
    const [report] = await finished;
    expect(report).toMatchObject({ total: 1, replayed: 0, alreadyDone: 1 });
    expect(await ledger.deadLetters.list({ state: 'resolved' })).toHaveLength(1);
    expect(target.requests.filter((r) => r.headers['idempotency-key'] === 'order-5')).toHaveLength(4);
  });

  it('resolves a replayed dead letter that pb-dedupe finds a duplicate (its key taken meanwhile), instead of leaving it replaying', async () => {
    target.respond((_req, res) => json(res, 503, {}));
    await helper.load(reliabilityNodes, flow());
    const failed = nextCall('call', 'error');
    node('track').receive({ payload: { key: 'order-6' } });
    await failed;
    const ledger = await ledgerOf();
    // The sender's own retry holds the key when the replay starts: not completed, so the replay goes ahead.
    await ledger.idempotency.claim(['order-6']);
    const duplicate = nextMessage('duplicates');
    await helper.request().post('/planbridge/dead-letters/replay').send({ all: true }).expect(202);
    expect((await duplicate).ledger).toMatchObject({ replayOf: expect.any(String) });
    const [letter] = await ledger.deadLetters.list({});
    expect(letter).toMatchObject({ state: 'resolved', note: 'duplicate of order-6 when replayed; not sent again' });
    expect(await ledger.deadLetters.count('replaying')).toBe(0);
    expect(target.requests.filter((r) => r.headers['idempotency-key'] === 'order-6')).toHaveLength(4);
  });
});
