import { randomUUID } from 'node:crypto';
import { releasesContract } from './release-store-contract';
import { runsContract } from './run-store-contract';
import type { NewOutboxEntry } from '../../../nodes/ledger/store/outbox-types';
import type { SnapshotPage, SnapshotRow } from '../../../nodes/ledger/store/snapshot-types';
import type { ClaimResult, LedgerStore, NewMessage } from '../../../nodes/ledger/store/types';

export interface StoreHarness {
  store: LedgerStore;
  /** A second store on the same database, as a second runtime instance would open it. */
  second(): Promise<LedgerStore>;
  cleanup(): Promise<void>;
}

const T0 = 1_800_000_000_000;

function message(overrides: Partial<NewMessage> = {}): NewMessage {
  return {
    id: randomUUID(),
    flowId: 'flow-1',
    startNode: 'track-1',
    sourceSystem: 'odoo',
    correlationId: 'corr-1',
    schemaRef: 'stock_snapshot@1',
    idempotencyKey: null,
    recordCount: 1,
    body: '{"payload":1}',
    owner: 'instance-a',
    leaseUntil: T0 + 30_000,
    receivedAt: T0,
    ...overrides,
  };
}

function outboxEntry(n: number, overrides: Partial<NewOutboxEntry> = {}): NewOutboxEntry {
  return {
    broker: 'broker-1',
    topic: `planbridge/test/alerts/${n}`,
    payload: JSON.stringify({ n }),
    encoding: 'utf8',
    qos: 1,
    retain: false,
    producer: 'instance-a',
    owner: 'instance-a',
    leaseUntil: T0 + 30_000,
    createdAt: T0,
    ...overrides,
  };
}

/** The behaviour every ledger engine must have; run once per engine. */
export function storeContract(open: () => Promise<StoreHarness>): void {
  let h: StoreHarness;
  let store: LedgerStore;

  beforeEach(async () => {
    h = await open();
    store = h.store;
  });
  afterEach(() => h.cleanup());

  runsContract(() => h);
  releasesContract(() => h);

  describe('schema', () => {
    it('migrates to the newest version, and again without changes', async () => {
      const version = await store.migrate();
      expect(version).toBeGreaterThanOrEqual(1);
      expect(await store.migrate()).toBe(version);
    });
  });

  describe('messages', () => {
    it('keeps a received message with its first transition', async () => {
      const m = message({ recordCount: 500 });
      await store.insertMessages([m]);
      expect(await store.getMessage(m.id)).toMatchObject({ ...m, status: 'received', attempt: 1, completedAt: null });
      expect(await store.transitions(m.id)).toEqual([{ messageId: m.id, status: 'received', nodeId: 'track-1', at: T0, detail: null, release: null }]);
    });

    it('records transitions and completes a message on delivered, after which it stays delivered', async () => {
      const m = message();
      await store.insertMessages([m]);
      await store.transition(m.id, 'validated', 'validate-1', T0 + 1);
      await store.transition(m.id, 'delivered', 'complete-1', T0 + 2, 'ok');
      await store.transition(m.id, 'transformed', 'late-node', T0 + 3);
      expect(await store.getMessage(m.id)).toMatchObject({ status: 'delivered', completedAt: T0 + 2 });
      expect((await store.transitions(m.id)).map((t) => t.status)).toEqual(['received', 'validated', 'delivered', 'transformed']);
      expect(await store.countOpen()).toBe(0);
    });

    it('hands expired unfinished messages of one start node to a new owner, once', async () => {
      const expired = message({ leaseUntil: T0 + 10 });
      const live = message({ leaseUntil: T0 + 100_000 });
      const otherNode = message({ startNode: 'track-2', leaseUntil: T0 + 10 });
      const done = message({ leaseUntil: T0 + 10 });
      await store.insertMessages([expired, live, otherNode, done]);
      await store.transition(done.id, 'delivered', null, T0 + 5);

      const claimed = await store.claimExpired('track-1', 'instance-b', T0 + 1000, T0 + 31_000, 10);
      expect(claimed.map((m) => m.id)).toEqual([expired.id]);
      expect(claimed[0]).toMatchObject({ owner: 'instance-b', leaseUntil: T0 + 31_000, attempt: 2 });
      expect(await store.claimExpired('track-1', 'instance-c', T0 + 1000, T0 + 31_000, 10)).toEqual([]);
      expect(await store.countOpen()).toBe(3);
    });

    it('never hands an instance its own messages, however late its heartbeat: they are in flight in it', async () => {
      const mine = message({ owner: 'instance-a', leaseUntil: T0 + 10 });
      const orphaned = message({ owner: 'instance-gone', leaseUntil: T0 + 10 });
      await store.insertMessages([mine, orphaned]);
      expect((await store.claimExpired('track-1', 'instance-a', T0 + 1000, T0 + 31_000, 10)).map((m) => m.id)).toEqual([orphaned.id]);
      expect(await store.getMessage(mine.id)).toMatchObject({ owner: 'instance-a', attempt: 1 });
      // Another instance takes it once its lease ran out: the owner may be dead.
      expect((await store.claimExpired('track-1', 'instance-b', T0 + 1000, T0 + 31_000, 10)).map((m) => m.id)).toEqual([mine.id]);
    });

    it('lets two instances claim expired messages concurrently without taking the same one', async () => {
      const many = Array.from({ length: 40 }, (_, i) => message({ leaseUntil: T0, receivedAt: T0 - 1000 + i }));
      await store.insertMessages(many);
      const other = await h.second();
      const [a, b] = await Promise.all([
        store.claimExpired('track-1', 'a', T0 + 1, T0 + 60_000, 25),
        other.claimExpired('track-1', 'b', T0 + 1, T0 + 60_000, 25),
      ]);
      const ids = [...a, ...b].map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(40);
    });

    it('completes a message, its keys and the dead letter it was replayed from in one call', async () => {
      const m = message();
      await store.insertMessages([m]);
      await store.claimKeys(['k-a', 'k-b'], m.id, T0, T0 + 60_000);
      const letter = await store.addDeadLetter({
        id: randomUUID(),
        messageId: m.id,
        startNode: 'track-1',
        flowId: null,
        nodeId: 'n',
        nodeType: 't',
        errorCode: 'E',
        errorMessage: 'e',
        attempts: 1,
        body: '{}',
        idempotencyKey: null,
        failedAt: T0,
      });
      await store.setDeadLetterState(letter.id, ['open'], 'replaying', 'anna', T0 + 1);
      await store.complete({
        messageId: m.id,
        keys: ['k-a', 'k-b'],
        owner: m.id,
        outcome: '{"po":"P0001"}',
        nodeId: 'complete-1',
        at: T0 + 2,
        replayOf: letter.id,
      });
      expect(await store.getMessage(m.id)).toMatchObject({ status: 'delivered', completedAt: T0 + 2 });
      expect(await store.getKey('k-b')).toMatchObject({ state: 'completed', outcome: '{"po":"P0001"}' });
      expect(await store.getDeadLetter(letter.id)).toMatchObject({ state: 'replayed', resolvedAt: T0 + 2 });
      await store.complete({ messageId: null, keys: ['k-c'], owner: 'untracked', outcome: null, nodeId: null, at: T0 + 3, replayOf: null });
      expect(await store.getKey('k-c')).toMatchObject({ state: 'completed' });
    });

    it('reopens a dead-lettered message for a replay, as a new attempt', async () => {
      const m = message();
      await store.insertMessages([m]);
      await store.transition(m.id, 'dead_lettered', 'call-1', T0 + 1, 'REST_UNAVAILABLE');
      expect(await store.reopen(m.id, 'instance-b', T0 + 60_000, T0 + 2, 'replay-1', 'dead letter d-1')).toBe(true);
      expect(await store.getMessage(m.id)).toMatchObject({ status: 'replayed', owner: 'instance-b', attempt: 2, completedAt: null });
      expect((await store.transitions(m.id)).map((t) => t.status)).toEqual(['received', 'dead_lettered', 'replayed']);
      expect(await store.reopen('no-such-id', 'x', 0, 0, null, null)).toBe(false);
    });

    it('renews the leases an owner holds on unfinished messages', async () => {
      const mine = message({ owner: 'me' });
      const theirs = message({ owner: 'them' });
      await store.insertMessages([mine, theirs]);
      expect(await store.renewLeases('me', T0 + 99_000)).toBe(1);
      expect((await store.getMessage(mine.id))?.leaseUntil).toBe(T0 + 99_000);
      expect((await store.getMessage(theirs.id))?.leaseUntil).toBe(T0 + 30_000);
    });

    it('stores a thousand messages in one call', async () => {
      await store.insertMessages(Array.from({ length: 1200 }, () => message()));
      expect(await store.countOpen()).toBe(1200);
    });
  });

  describe('idempotency keys', () => {
    it('counts keys stuck in progress per flow of the tracked message holding them, leaving out recent, done and untracked ones', async () => {
      const onOne = [message(), message()];
      const onTwo = message({ flowId: 'flow-2' });
      await store.insertMessages([...onOne, onTwo]);
      await store.claimKeys(['a-1', 'a-2'], onOne[0].id, T0, T0 + 3_600_000);
      await store.claimKeys(['a-3'], onOne[1].id, T0, T0 + 3_600_000);
      await store.claimKeys(['b-1'], onTwo.id, T0, T0 + 3_600_000);
      await store.claimKeys(['b-recent'], onTwo.id, T0 + 10_000, T0 + 3_600_000);
      await store.claimKeys(['untracked'], 'no-such-message', T0, T0 + 3_600_000);
      await store.completeKeys(['a-3'], onOne[1].id, null, T0 + 1);
      expect(await store.stuckKeysByFlow(T0 + 5_000)).toEqual([
        { flowId: 'flow-1', count: 2 },
        { flowId: 'flow-2', count: 1 },
      ]);
    });

    it('claims a new key, lets the same owner claim it again and refuses another owner', async () => {
      expect((await store.claimKeys(['k1'], 'msg-a', T0, T0 + 60_000)).get('k1')).toEqual({ claimed: true });
      expect((await store.claimKeys(['k1'], 'msg-a', T0 + 1, T0 + 60_000)).get('k1')).toEqual({ claimed: true });
      expect((await store.claimKeys(['k1'], 'msg-b', T0 + 2, T0 + 60_000)).get('k1')).toEqual({
        claimed: false,
        state: 'in_progress',
        owner: 'msg-a',
        outcome: null,
        completedAt: null,
      });
    });

    it('gives a key whose claim lease ran out to the next owner', async () => {
      await store.claimKeys(['k1'], 'msg-a', T0, T0 + 10);
      expect((await store.claimKeys(['k1'], 'msg-b', T0 + 20, T0 + 60_000)).get('k1')).toEqual({ claimed: true });
    });

    it('gives a key held by a tracked message to the next owner once that message finished or its instance died', async () => {
      const finished = message();
      const orphaned = message({ leaseUntil: T0 + 30_000 });
      const alive = message({ owner: 'instance-b', leaseUntil: T0 + 30_000 });
      await store.insertMessages([finished, orphaned, alive]);
      await store.claimKeys(['k-finished'], finished.id, T0, T0 + 3_600_000);
      await store.claimKeys(['k-orphaned'], orphaned.id, T0, T0 + 3_600_000);
      await store.claimKeys(['k-alive'], alive.id, T0, T0 + 3_600_000);
      // Finished without completing its key (delivered, or dead-lettered by a path that kept it).
      await store.complete({ messageId: finished.id, keys: [], owner: finished.id, outcome: null, nodeId: null, at: T0 + 1, replayOf: null });
      // Still within every lease: only the finished message's key is free.
      let next = await store.claimKeys(['k-finished', 'k-orphaned', 'k-alive'], 'msg-new', T0 + 2, T0 + 3_600_000);
      const claimed = (results: Map<string, ClaimResult>) => Object.fromEntries([...results].map(([key, r]) => [key, r.claimed]));
      expect(claimed(next)).toEqual({ 'k-finished': true, 'k-orphaned': false, 'k-alive': false });
      // The live instance renews its message lease (its heartbeat); the dead one's runs out.
      await store.renewLeases('instance-b', T0 + 90_000);
      next = await store.claimKeys(['k-orphaned', 'k-alive'], 'msg-new', T0 + 30_001, T0 + 3_600_000);
      expect(claimed(next)).toEqual({ 'k-orphaned': true, 'k-alive': false });
    });

    it('never gives a completed key again, and reports its first outcome', async () => {
      await store.claimKeys(['k1'], 'msg-a', T0, T0 + 60_000);
      await store.completeKeys(['k1'], 'msg-a', '{"id":42}', T0 + 5);
      const again = await store.claimKeys(['k1'], 'msg-a', T0 + 10, T0 + 60_000);
      expect(again.get('k1')).toEqual({ claimed: false, state: 'completed', owner: 'msg-a', outcome: '{"id":42}', completedAt: T0 + 5 });
      await store.completeKeys(['k1'], 'msg-z', '{"id":99}', T0 + 20);
      expect(await store.getKey('k1')).toMatchObject({ outcome: '{"id":42}' });
    });

    it('releases in-progress keys of their owner only, and never completed ones', async () => {
      await store.claimKeys(['k1', 'k2'], 'msg-a', T0, T0 + 60_000);
      expect(await store.countKeysInProgress()).toBe(2);
      await store.completeKeys(['k2'], 'msg-a', null, T0 + 1);
      expect(await store.countKeysInProgress()).toBe(1);
      await store.releaseKeys(['k1', 'k2'], 'msg-b');
      expect(await store.getKey('k1')).toMatchObject({ state: 'in_progress' });
      await store.releaseKeys(['k1', 'k2'], 'msg-a');
      expect(await store.getKey('k1')).toBeUndefined();
      expect(await store.getKey('k2')).toMatchObject({ state: 'completed' });
      expect(await store.countKeysInProgress()).toBe(0);
      expect((await store.claimKeys(['k1'], 'msg-b', T0 + 2, T0 + 60_000)).get('k1')).toEqual({ claimed: true });
    });

    it('claims a page of keys at once and reports each', async () => {
      const keys = Array.from({ length: 1100 }, (_, i) => `key-${i}`);
      await store.completeKeys(['key-7'], 'earlier', '"first"', T0);
      const results = await store.claimKeys([...keys, 'key-1'], 'msg-a', T0 + 1, T0 + 60_000);
      expect(results.size).toBe(1100);
      expect([...results.values()].filter((r) => r.claimed)).toHaveLength(1099);
      expect(results.get('key-7')).toMatchObject({ claimed: false, state: 'completed', outcome: '"first"' });
    });

    it('completes keys each with its own outcome', async () => {
      await store.claimKeys(['a', 'b'], 'msg-a', T0, T0 + 60_000);
      await store.completeKeyOutcomes(
        [
          { key: 'a', outcome: '{"id":1}' },
          { key: 'b', outcome: '{"id":2}' },
        ],
        'msg-a',
        T0 + 1,
      );
      expect(await store.getKey('a')).toMatchObject({ state: 'completed', outcome: '{"id":1}' });
      expect(await store.getKey('b')).toMatchObject({ state: 'completed', outcome: '{"id":2}' });
    });

    it('completes a key nobody claimed', async () => {
      await store.completeKeys(['fresh'], 'msg-a', null, T0);
      expect(await store.getKey('fresh')).toMatchObject({ state: 'completed', owner: 'msg-a' });
    });
  });

  describe('dead letters', () => {
    const letter = (overrides = {}) => ({
      id: randomUUID(),
      messageId: 'm-1',
      startNode: 'track-1',
      flowId: 'flow-1',
      nodeId: 'call-1',
      nodeType: 'rest-request',
      errorCode: 'REST_UNAVAILABLE',
      errorMessage: 'REST answered HTTP 503',
      attempts: 5,
      body: '{"payload":1}',
      idempotencyKey: 'k-1',
      failedAt: T0,
      ...overrides,
    });

    it('keeps the message, error and attempts, and folds a repeat failure of the same message into it', async () => {
      const first = await store.addDeadLetter(letter());
      expect(first).toMatchObject({ state: 'open', attempts: 5, firstFailedAt: T0, lastFailedAt: T0, replayCount: 0 });
      expect(await store.setDeadLetterState(first.id, ['open'], 'replaying', 'anna', T0 + 1)).toBe(true);
      const again = await store.addDeadLetter(letter({ id: randomUUID(), attempts: 3, failedAt: T0 + 50, errorCode: 'REST_TIMEOUT' }));
      expect(again).toMatchObject({
        id: first.id,
        state: 'open',
        attempts: 8,
        firstFailedAt: T0,
        lastFailedAt: T0 + 50,
        errorCode: 'REST_TIMEOUT',
        replayCount: 1,
      });
      expect(await store.countDeadLetters('open')).toBe(1);
    });

    it('counts dead letters in a state per flow, leaving out those without a flow', async () => {
      await store.addDeadLetter(letter({ messageId: 'a' }));
      await store.addDeadLetter(letter({ messageId: 'b' }));
      await store.addDeadLetter(letter({ messageId: 'c', flowId: 'flow-2' }));
      await store.addDeadLetter(letter({ messageId: 'd', flowId: null }));
      const resolved = await store.addDeadLetter(letter({ messageId: 'e', flowId: 'flow-3' }));
      await store.setDeadLetterState(resolved.id, ['open'], 'resolved', 'anna', T0 + 1, 'done by hand');
      expect(await store.countDeadLettersByFlow('open')).toEqual([
        { flowId: 'flow-1', count: 2 },
        { flowId: 'flow-2', count: 1 },
      ]);
    });

    it('lists by state, code and ids, oldest or newest first', async () => {
      const a = await store.addDeadLetter(letter({ messageId: 'a', failedAt: T0 + 1 }));
      const b = await store.addDeadLetter(letter({ messageId: 'b', failedAt: T0 + 2, errorCode: 'INPUT_NOT_JSON' }));
      const c = await store.addDeadLetter(letter({ messageId: null, failedAt: T0 + 3 }));
      await store.setDeadLetterState(c.id, ['open'], 'resolved', 'anna', T0 + 4, 'fixed by hand');
      expect((await store.listDeadLetters({ state: 'open', oldestFirst: true })).map((d) => d.id)).toEqual([a.id, b.id]);
      expect((await store.listDeadLetters({})).map((d) => d.id)).toEqual([c.id, b.id, a.id]);
      expect((await store.listDeadLetters({ errorCode: 'INPUT_NOT_JSON' })).map((d) => d.id)).toEqual([b.id]);
      expect((await store.listDeadLetters({ ids: [a.id, c.id], oldestFirst: true })).map((d) => d.id)).toEqual([a.id, c.id]);
      expect(await store.listDeadLetters({ ids: [] })).toEqual([]);
      expect(await store.getDeadLetter(c.id)).toMatchObject({ state: 'resolved', resolvedBy: 'anna', resolvedAt: T0 + 4, note: 'fixed by hand' });
    });

    it('moves a dead letter only from the states given', async () => {
      const d = await store.addDeadLetter(letter());
      expect(await store.setDeadLetterState(d.id, ['open'], 'resolved', 'x', T0)).toBe(true);
      expect(await store.setDeadLetterState(d.id, ['open'], 'replaying', 'y', T0)).toBe(false);
    });
  });

  describe('approvals', () => {
    const pending = (id: string, overrides = {}) => ({
      recommendationId: id,
      planVersion: 1,
      planId: 'PLAN-1',
      type: 'purchase' as const,
      sku: 'BOLT',
      location: 'WH-1',
      supplier: 'SUP-1',
      sourceLocation: null,
      quantity: 100,
      uom: 'EA',
      unitCost: 0.5,
      value: 50,
      currency: 'EUR',
      needBy: '2026-12-01',
      validUntil: T0 + 60_000,
      reason: 'below reorder point',
      record: '{}',
      receivedAt: T0,
      ...overrides,
    });

    it('keeps recommendations pending, and a repeat of the same one does not reset its state', async () => {
      expect(await store.approvals.addPending([pending('R1'), pending('R2')])).toBe(2);
      await store.approvals.decide({
        recommendationId: 'R1',
        planVersion: 1,
        status: 'approved',
        approvedQty: 100,
        reasonCode: null,
        note: null,
        decidedBy: 'anna',
        decidedAt: T0 + 1,
        auto: false,
      });
      expect(await store.approvals.addPending([pending('R1'), pending('R3')])).toBe(1);
      expect((await store.approvals.get('R1', 1))?.status).toBe('approved');
      expect((await store.approvals.list({ status: 'pending' })).map((a) => a.recommendationId)).toEqual(['R2', 'R3']);
    });

    it('applies a decision once: a second decision changes nothing', async () => {
      await store.approvals.addPending([pending('R1')]);
      const first = await store.approvals.decide({
        recommendationId: 'R1',
        planVersion: 1,
        status: 'edited',
        approvedQty: 80,
        reasonCode: 'budget',
        note: 'less',
        decidedBy: 'anna',
        decidedAt: T0 + 1,
        auto: false,
      });
      expect(first).toMatchObject({ applied: true, record: { status: 'edited', approvedQty: 80, decidedBy: 'anna', reasonCode: 'budget' } });
      const second = await store.approvals.decide({
        recommendationId: 'R1',
        planVersion: 1,
        status: 'rejected',
        approvedQty: null,
        reasonCode: 'x',
        note: null,
        decidedBy: 'bob',
        decidedAt: T0 + 2,
        auto: false,
      });
      expect(second).toMatchObject({ applied: false, record: { status: 'edited', decidedBy: 'anna' } });
    });

    it('expires pending recommendations past valid-until, and only those', async () => {
      await store.approvals.addPending([pending('old', { validUntil: T0 + 10 }), pending('fresh', { validUntil: T0 + 100_000 })]);
      const expired = await store.approvals.expire(T0 + 1000);
      expect(expired.map((a) => a.recommendationId)).toEqual(['old']);
      expect((await store.approvals.get('old', 1))?.status).toBe('expired');
      expect(await store.approvals.counts(T0)).toEqual({ pending: 1, approved: 0, edited: 0, rejected: 0, expired: 1 });
    });

    it('sorts and filters the inbox, and records execution', async () => {
      await store.approvals.addPending([pending('A', { value: 5, sku: 'X' }), pending('B', { value: 50 }), pending('C', { value: 20 })]);
      expect((await store.approvals.list({ sort: 'value', descending: true })).map((a) => a.recommendationId)).toEqual(['B', 'C', 'A']);
      expect((await store.approvals.list({ sku: 'X' })).map((a) => a.recommendationId)).toEqual(['A']);
      await store.approvals.markExecuted('B', 1, '{"po":"P00012"}', T0 + 5);
      expect(await store.approvals.get('B', 1)).toMatchObject({ executedAt: T0 + 5, execution: '{"po":"P00012"}' });
    });
  });

  describe('alerts', () => {
    const raise = (key: string, at: number, overrides = {}) =>
      store.alerts.raise({
        id: randomUUID(),
        key,
        type: 'stockout_risk',
        severity: 'warning',
        message: `seen at ${at}`,
        sku: 'A',
        location: 'W',
        supplier: null,
        owner: 'planning',
        details: null,
        at,
        due: null,
        ...overrides,
      });

    it('keeps one unresolved alert per key; repeats raise its count and last-seen time', async () => {
      const first = await raise('k1', T0);
      const second = await raise('k1', T0 + 5, { severity: 'critical' });
      expect(first.opened).toBe(true);
      expect(second.opened).toBe(false);
      expect(second.alert).toMatchObject({ id: first.alert.id, count: 2, firstSeen: T0, lastSeen: T0 + 5, severity: 'critical', message: `seen at ${T0 + 5}` });
    });

    it('folds 10,000 identical events into a single open alert counted 10,000 times', async () => {
      await Promise.all(Array.from({ length: 10_000 }, (_, i) => raise('storm', T0 + i)));
      const open = await store.alerts.list({ key: 'storm' });
      expect(open).toHaveLength(1);
      expect(open[0].count).toBe(10_000);
      expect(await store.alerts.countUnresolved()).toEqual({ info: 0, warning: 1, critical: 0 });
    });

    it('acknowledges, resolves, and opens a new alert for the key after resolution', async () => {
      const { alert } = await raise('k2', T0);
      expect(await store.alerts.acknowledge(alert.id, 'anna', T0 + 1, 'looking')).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'anna' });
      expect(await store.alerts.resolve(alert.id, 'anna', T0 + 2, 'ordered')).toMatchObject({ status: 'resolved', resolvedBy: 'anna', note: 'ordered' });
      const again = await raise('k2', T0 + 3);
      expect(again.opened).toBe(true);
      expect(again.alert.id).not.toBe(alert.id);
    });

    it('resolves an alert itself when its condition clears', async () => {
      await raise('k3', T0);
      expect(await store.alerts.clear('k3', 'rule', T0 + 1, 'condition cleared')).toMatchObject({ status: 'resolved', resolvedBy: 'rule' });
      expect(await store.alerts.clear('k3', 'rule', T0 + 2, null)).toBeUndefined();
      expect(await store.alerts.list({ status: 'open' })).toEqual([]);
    });
  });

  describe('cursors and counters', () => {
    it('keeps the latest cursor value', async () => {
      expect(await store.getCursor('odoo:product.product')).toBeUndefined();
      await store.setCursor('odoo:product.product', '{"write_date":"2026-11-26 10:00:00","id":7}', T0);
      await store.setCursor('odoo:product.product', '{"write_date":"2026-11-26 11:00:00","id":3}', T0 + 1);
      expect(await store.getCursor('odoo:product.product')).toBe('{"write_date":"2026-11-26 11:00:00","id":3}');
    });

    it('adds KPI counters up by day, flow, node and outcome', async () => {
      await store.addKpis([
        { day: '2026-11-26', flowId: 'f', nodeId: 'n', outcome: 'delivered', count: 3 },
        { day: '2026-11-26', flowId: 'f', nodeId: 'n', outcome: 'failed', count: 1 },
      ]);
      await store.addKpis([{ day: '2026-11-26', flowId: 'f', nodeId: 'n', outcome: 'delivered', count: 4 }]);
      expect(await store.kpis('2026-11-26', '2026-11-26')).toEqual([
        { day: '2026-11-26', flowId: 'f', nodeId: 'n', outcome: 'delivered', count: 7 },
        { day: '2026-11-26', flowId: 'f', nodeId: 'n', outcome: 'failed', count: 1 },
      ]);
    });
  });

  describe('message outcomes', () => {
    const HOUR = 3_600_000;
    const query = { from: T0, to: T0 + 3 * HOUR, sliceMs: HOUR, percentiles: [50, 95, 100] };

    it('counts what finished in each slice of the window, what is still open, and the delivery latency at percentiles', async () => {
      // Twenty deliveries taking 1 to 20 seconds, half in the first hour and half in the third.
      const delivered = Array.from({ length: 20 }, (_, i) => message({ receivedAt: T0 + (i < 10 ? 0 : 2 * HOUR) + i }));
      const deadLettered = [message({ receivedAt: T0 + HOUR }), message({ receivedAt: T0 + HOUR + 1 })];
      const openInWindow = message({ receivedAt: T0 + 2 * HOUR });
      const before = message({ receivedAt: T0 - 10_000 });
      const openBefore = message({ receivedAt: T0 - 10_000 });
      const after = message({ receivedAt: T0 + 3 * HOUR - 10 });
      await store.insertMessages([...delivered, ...deadLettered, openInWindow, before, openBefore, after]);
      for (const [i, m] of delivered.entries()) await store.transition(m.id, 'delivered', 'complete-1', m.receivedAt + (i + 1) * 1000);
      for (const m of deadLettered) await store.transition(m.id, 'dead_lettered', 'call-1', m.receivedAt + 5000);
      await store.transition(before.id, 'delivered', 'complete-1', T0 - 1);
      await store.transition(after.id, 'delivered', 'complete-1', T0 + 3 * HOUR);

      expect(await store.messageOutcomes(query)).toEqual({
        slices: [
          { start: T0, delivered: 10, deadLettered: 0 },
          { start: T0 + HOUR, delivered: 0, deadLettered: 2 },
          { start: T0 + 2 * HOUR, delivered: 10, deadLettered: 0 },
        ],
        open: 1,
        latencyMs: [10_000, 19_000, 20_000],
      });
    });

    it('counts a dead letter delivered on replay once, as delivered, with its whole latency', async () => {
      const m = message({ receivedAt: T0 });
      await store.insertMessages([m]);
      await store.transition(m.id, 'dead_lettered', 'call-1', T0 + 1000);
      await store.reopen(m.id, 'instance-a', T0 + 60_000, T0 + 30_000, 'track-1', 'replay');
      await store.complete({ messageId: m.id, keys: [], owner: m.id, outcome: null, nodeId: 'complete-1', at: T0 + 40_000, replayOf: null });
      expect(await store.messageOutcomes(query)).toEqual({
        slices: [{ start: T0, delivered: 1, deadLettered: 0 }],
        open: 0,
        latencyMs: [40_000, 40_000, 40_000],
      });
    });

    it('reports an empty window as nothing finished and no latency', async () => {
      expect(await store.messageOutcomes(query)).toEqual({ slices: [], open: 0, latencyMs: [null, null, null] });
    });
  });

  describe('EDI control numbers', () => {
    const ask = (s: LedgerStore, businessKey: string, partnerId = 'SUP-A', max = 999_999_999) =>
      s.controlNumber({ partnerId, scope: 'interchange', businessKey, max, at: T0 });

    it('numbers business keys 1, 2, 3 per partner and gives a redelivered key its number again', async () => {
      expect(await ask(store, 'PO-1')).toEqual({ exhausted: false, number: 1, reused: false, assignedAt: T0 });
      expect(await ask(store, 'PO-2')).toEqual({ exhausted: false, number: 2, reused: false, assignedAt: T0 });
      // Asked again later, the key keeps the number and the time it was first given.
      expect(await store.controlNumber({ partnerId: 'SUP-A', scope: 'interchange', businessKey: 'PO-1', max: 999_999_999, at: T0 + 5000 })).toEqual({
        exhausted: false,
        number: 1,
        reused: true,
        assignedAt: T0,
      });
      expect(await ask(store, 'PO-1', 'SUP-B')).toEqual({ exhausted: false, number: 1, reused: false, assignedAt: T0 });
      expect(await ask(store, 'PO-3')).toEqual({ exhausted: false, number: 3, reused: false, assignedAt: T0 });
      expect(await store.controlNumber({ partnerId: 'SUP-A', scope: 'ack', businessKey: 'PO-3', max: 9, at: T0 })).toMatchObject({ number: 1 });
    });

    it('refuses a number past the maximum instead of wrapping, and still answers known keys', async () => {
      expect(await ask(store, 'a', 'SUP-A', 2)).toMatchObject({ number: 1 });
      expect(await ask(store, 'b', 'SUP-A', 2)).toMatchObject({ number: 2 });
      expect(await ask(store, 'c', 'SUP-A', 2)).toEqual({ exhausted: true, last: 2 });
      expect(await ask(store, 'c', 'SUP-A', 2)).toEqual({ exhausted: true, last: 2 });
      expect(await ask(store, 'a', 'SUP-A', 2)).toEqual({ exhausted: false, number: 1, reused: true, assignedAt: T0 });
    });

    it('gives many parallel requests from two instances 1..N with no gap and no repeat', async () => {
      const other = await h.second();
      const keys = Array.from({ length: 60 }, (_, i) => `PO-${i}`);
      // Every key asked twice, once on each instance, all at once.
      const answers = await Promise.all([...keys.map((k) => ask(store, k)), ...keys.map((k) => ask(other, k))]);
      const byKey = new Map<string, number>();
      answers.forEach((a, i) => {
        if (a.exhausted) throw new Error('exhausted');
        const key = keys[i % keys.length];
        if (byKey.has(key)) expect(a.number).toBe(byKey.get(key));
        byKey.set(key, a.number);
      });
      expect([...byKey.values()].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i + 1));
      expect(await ask(store, 'PO-next')).toMatchObject({ number: keys.length + 1, reused: false });
    });
  });

  describe('stock snapshots', () => {
    const rows = (from: number, count: number, quantity = 10): SnapshotRow[] =>
      Array.from({ length: count }, (_, i) => ({
        sku: `SKU-${String(from + i).padStart(5, '0')}`,
        location: 'WH-1',
        quantity,
        unitCost: null,
        category: null,
      }));
    const page = (source: string, seq: number, last: boolean, pageRows: SnapshotRow[], overrides: Partial<SnapshotPage> = {}): SnapshotPage => ({
      scope: 'rec-1',
      run: null,
      newName: 'night-1',
      sides: ['odoo', 'wms'],
      source,
      batch: `${source}-batch`,
      seq,
      last,
      rows: pageRows,
      at: T0,
      ...overrides,
    });

    it('completes a run once every side has delivered all its pages, whatever their order, and exactly once', async () => {
      const first = await store.snapshots.recordPage(page('odoo', 2, true, rows(100, 100)));
      expect(first).toMatchObject({ accepted: true, completed: false, run: { name: 'night-1', state: 'open', sides: ['odoo', 'wms'] } });
      expect(first.progress).toEqual([{ source: 'odoo', pages: 1, rows: 100, lastSeq: 2, complete: false }]);
      expect((await store.snapshots.recordPage(page('wms', 1, true, rows(0, 200)))).completed).toBe(false);
      const done = await store.snapshots.recordPage(page('odoo', 1, false, rows(0, 100)));
      expect(done).toMatchObject({ completed: true, run: { id: first.run.id, state: 'comparing' } });
      expect(done.progress.every((s) => s.complete)).toBe(true);
      const late = await store.snapshots.recordPage(page('odoo', 1, false, rows(0, 100)));
      expect(late).toMatchObject({ accepted: false, completed: false, run: { id: first.run.id } });
    });

    it('lets exactly one of two last pages arriving together on two instances complete the run', async () => {
      const other = await h.second();
      for (let round = 0; round < 5; round++) {
        const name = `race-${round}`;
        await store.snapshots.recordPage(page('odoo', 1, false, rows(0, 50), { run: name, batch: `o${round}` }));
        await store.snapshots.recordPage(page('wms', 1, false, rows(0, 50), { run: name, batch: `w${round}` }));
        const outcomes = await Promise.all([
          store.snapshots.recordPage(page('odoo', 2, true, rows(50, 50), { run: name, batch: `o${round}` })),
          other.snapshots.recordPage(page('wms', 2, true, rows(50, 50), { run: name, batch: `w${round}` })),
        ]);
        expect(outcomes.filter((o) => o.completed)).toHaveLength(1);
      }
    });

    it('replaces a redelivered page instead of adding its rows again, and inserts a large page in chunks', async () => {
      await store.snapshots.recordPage(page('odoo', 1, false, rows(0, 2500)));
      const again = await store.snapshots.recordPage(page('odoo', 1, false, rows(0, 2500)));
      expect(again.progress).toEqual([{ source: 'odoo', pages: 1, rows: 2500, lastSeq: null, complete: false }]);
      const compared = await store.snapshots.compare(again.run.id, ['odoo', 'wms'], null, 5000);
      expect(compared).toHaveLength(2500);
      expect(compared[0]).toEqual({ sku: 'SKU-00000', location: 'WH-1', quantities: [10, null], unitCost: null, category: null });
    });

    it('lets a new batch of a source replace what it sent before in the same run, and ignores late pages of the old one', async () => {
      await store.snapshots.recordPage(page('odoo', 1, false, rows(0, 10)));
      await store.snapshots.recordPage(page('odoo', 2, false, rows(10, 10)));
      const fresh = await store.snapshots.recordPage(page('odoo', 1, true, rows(0, 5), { batch: 'odoo-again' }));
      expect(fresh.progress).toEqual([{ source: 'odoo', pages: 1, rows: 5, lastSeq: 1, complete: true }]);
      // A late page of the superseded batch changes nothing.
      const late = await store.snapshots.recordPage(page('odoo', 3, true, rows(20, 10)));
      expect(late).toMatchObject({ accepted: false, progress: [{ source: 'odoo', pages: 1, rows: 5, lastSeq: 1, complete: true }] });
    });

    it('compares a run in sku and location order, page by page, summing rows of one item and location', async () => {
      const odoo = [...rows(0, 5, 10), { sku: 'SKU-00002', location: 'WH-1', quantity: 3, unitCost: 2, category: 'BOLTS' }];
      const wms = [...rows(1, 5, 12), { sku: 'SKU-00002', location: 'WH-0', quantity: 1, unitCost: null, category: null }];
      await store.snapshots.recordPage(page('odoo', 1, true, odoo));
      const done = await store.snapshots.recordPage(page('wms', 1, true, wms));
      const all: Array<{ sku: string; location: string; quantities: Array<number | null> }> = [];
      let after: { sku: string; location: string } | null = null;
      for (;;) {
        const part = await store.snapshots.compare(done.run.id, ['odoo', 'wms'], after, 2);
        if (!part.length) break;
        all.push(...part);
        after = part[part.length - 1];
      }
      expect(all.map((r) => [r.sku, r.location, ...r.quantities])).toEqual([
        ['SKU-00000', 'WH-1', 10, null],
        ['SKU-00001', 'WH-1', 10, 12],
        ['SKU-00002', 'WH-0', null, 1],
        ['SKU-00002', 'WH-1', 13, 12],
        ['SKU-00003', 'WH-1', 10, 12],
        ['SKU-00004', 'WH-1', 10, 12],
        ['SKU-00005', 'WH-1', null, 12],
      ]);
      expect(all[3]).toMatchObject({ unitCost: 2, category: 'BOLTS' });
    });

    it('keeps a complete snapshot under a name, replaces it atomically, and copies it into a run as a side', async () => {
      const keep = (seq: number, last: boolean, pageRows: SnapshotRow[], batch: string) =>
        store.snapshots.recordPage(page('planning', seq, last, pageRows, { scope: 'keep:planning', sides: ['planning'], batch, newName: batch, keep: true }));
      await keep(1, false, rows(0, 3, 7), 'b1');
      expect(await store.snapshots.kept('keep:planning')).toBeUndefined();
      const first = await keep(2, true, rows(3, 3, 7), 'b1');
      expect(first).toMatchObject({ completed: true, run: { state: 'kept' } });
      expect((await store.snapshots.kept('keep:planning'))?.id).toBe(first.run.id);
      // A newer delivery that has not finished leaves the kept one in place.
      const second = await keep(1, false, rows(0, 2, 8), 'b2');
      expect((await store.snapshots.kept('keep:planning'))?.id).toBe(first.run.id);
      await keep(2, true, [], 'b2');
      expect((await store.snapshots.kept('keep:planning'))?.id).toBe(second.run.id);
      expect(await store.snapshots.getRun(first.run.id)).toBeUndefined();

      const run = await store.snapshots.recordPage(page('odoo', 1, true, rows(0, 2, 8), { sides: ['odoo'], newName: 'with-kept' }));
      expect(await store.snapshots.adoptKept(run.run.id, 'planning', 'keep:planning')).toBe(2);
      expect(await store.snapshots.adoptKept(run.run.id, 'planning', 'keep:planning')).toBe(2);
      expect(await store.snapshots.adoptKept(run.run.id, 'other', 'keep:nothing')).toBeNull();
      const compared = await store.snapshots.compare(run.run.id, ['odoo', 'planning'], null, 10);
      expect(compared.map((r) => r.quantities)).toEqual([
        [8, 8],
        [8, 8],
      ]);
    });

    it('opens a new run after one completes, finds a named run, and drops finished runs but the newest', async () => {
      const one = await store.snapshots.recordPage(page('odoo', 1, true, rows(0, 1), { sides: ['odoo'], batch: 'n1' }));
      const two = await store.snapshots.recordPage(page('odoo', 1, true, rows(0, 1), { sides: ['odoo'], batch: 'n2', newName: 'night-2' }));
      expect(two.run.id).not.toBe(one.run.id);
      const named = await store.snapshots.recordPage(page('odoo', 1, false, rows(0, 1), { run: 'manual', sides: ['odoo', 'wms'], batch: 'm1' }));
      expect((await store.snapshots.recordPage(page('wms', 1, true, [], { run: 'manual', batch: 'm2' }))).run.id).toBe(named.run.id);
      await store.snapshots.setRunState(one.run.id, 'compared', T0 + 1);
      await store.snapshots.setRunState(two.run.id, 'compared', T0 + 2);
      expect(await store.snapshots.dropRuns('rec-1', 1)).toBe(1);
      expect((await store.snapshots.runs('rec-1')).map((r) => r.name)).toEqual(['night-2', 'manual']);
      expect(await store.snapshots.compare(one.run.id, ['odoo'], null, 10)).toEqual([]);
    });
  });

  describe('outbox', () => {
    it('keeps entries in the order appended and gives each owner its own, oldest first', async () => {
      const ids = await store.outbox.append(Array.from({ length: 600 }, (_, i) => outboxEntry(i)));
      expect(ids).toHaveLength(600);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      await store.outbox.append([outboxEntry(1000, { owner: 'instance-b', producer: 'instance-b' }), outboxEntry(1001, { broker: 'broker-2' })]);
      const first = await store.outbox.next('broker-1', 'instance-a', 3);
      expect(first.map((e) => JSON.parse(e.payload).n)).toEqual([0, 1, 2]);
      expect(first[0]).toMatchObject({ ...outboxEntry(0), id: ids[0] });
      expect((await store.outbox.next('broker-1', 'instance-b', 10)).map((e) => JSON.parse(e.payload).n)).toEqual([1000]);
      expect(await store.outbox.count('broker-1')).toBe(601);
      expect(await store.outbox.count('broker-1', 'instance-b')).toBe(1);
      expect(await store.outbox.count('broker-2')).toBe(1);
    });

    it('keeps bytes, retain and QoS as given', async () => {
      await store.outbox.append([outboxEntry(1, { payload: Buffer.from([0, 255, 1]).toString('base64'), encoding: 'base64', retain: true, qos: 2 })]);
      expect((await store.outbox.next('broker-1', 'instance-a', 1))[0]).toMatchObject({ encoding: 'base64', payload: 'AP8B', retain: true, qos: 2 });
    });

    it('forgets published entries: what is left is what waits', async () => {
      const ids = await store.outbox.append([outboxEntry(1), outboxEntry(2), outboxEntry(3)]);
      expect(await store.outbox.remove([ids[0], ids[1]])).toBe(2);
      expect((await store.outbox.next('broker-1', 'instance-a', 10)).map((e) => e.id)).toEqual([ids[2]]);
      expect(await store.outbox.remove([ids[0]])).toBe(0);
    });

    it("renews an owner's entries with its message leases, so nobody takes them over while it lives", async () => {
      await store.outbox.append([outboxEntry(1, { leaseUntil: T0 + 10 })]);
      expect(await store.renewLeases('instance-a', T0 + 60_000)).toBe(1);
      expect(await store.outbox.takeOver('broker-1', 'instance-b', T0 + 1_000, T0 + 31_000)).toBe(0);
      expect((await store.outbox.next('broker-1', 'instance-a', 1))[0].leaseUntil).toBe(T0 + 60_000);
    });

    it('hands all entries of a dead instance to one survivor, in order, even when two ask at once', async () => {
      await store.outbox.append(Array.from({ length: 50 }, (_, i) => outboxEntry(i, { leaseUntil: T0 })));
      await store.outbox.append([outboxEntry(99, { owner: 'instance-c', producer: 'instance-c', leaseUntil: T0 + 60_000 })]);
      const other = await h.second();
      const [b, c] = await Promise.all([
        store.outbox.takeOver('broker-1', 'instance-b', T0 + 1, T0 + 30_000),
        other.outbox.takeOver('broker-1', 'instance-c', T0 + 1, T0 + 30_000),
      ]);
      // One survivor got all 50 (a live instance's own entries stay its own).
      expect([b, c].sort((x, y) => x - y)).toEqual([0, 50]);
      const winner = b ? 'instance-b' : 'instance-c';
      const taken = await store.outbox.next('broker-1', winner, 100);
      const fromA = taken.filter((e) => e.producer === 'instance-a').map((e) => JSON.parse(e.payload).n);
      expect(fromA).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(await store.outbox.next('broker-1', 'instance-a', 10)).toEqual([]);
    });
  });

  describe('retention', () => {
    it('removes old delivered messages, old completed keys and old closed dead letters, and nothing else', async () => {
      const old = message({ receivedAt: T0 - 100 });
      const open = message({ receivedAt: T0 - 100 });
      await store.insertMessages([old, open]);
      await store.transition(old.id, 'delivered', null, T0 - 50);
      await store.completeKeys(['old-key'], 'x', null, T0 - 50);
      await store.claimKeys(['busy-key'], 'y', T0 - 50, T0 + 1000);
      const untracked = {
        messageId: null,
        startNode: null,
        flowId: null,
        nodeId: null,
        nodeType: null,
        errorCode: 'X',
        errorMessage: 'x',
        attempts: 1,
        body: '{}',
        idempotencyKey: null,
        failedAt: T0 - 90,
      };
      const closed = await store.addDeadLetter({ ...untracked, id: randomUUID() });
      await store.addDeadLetter({ ...untracked, id: randomUUID() });
      await store.setDeadLetterState(closed.id, ['open'], 'resolved', null, T0 - 40);
      expect(await store.purge({ messagesBefore: T0, keysBefore: T0, deadLettersBefore: T0 })).toEqual({ messages: 1, deadLetters: 1, keys: 1 });
      expect(await store.getMessage(old.id)).toBeUndefined();
      expect(await store.transitions(old.id)).toEqual([]);
      expect(await store.getMessage(open.id)).toBeDefined();
      expect(await store.getKey('busy-key')).toBeDefined();
      expect(await store.countDeadLetters('open')).toBe(1);
    });
  });
}
