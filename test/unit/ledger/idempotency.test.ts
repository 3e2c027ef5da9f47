import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ledger, type LedgerMessage } from '../../../nodes/ledger/ledger';
import { Masker } from '../../../nodes/ledger/masking';
import { openStore } from '../../../nodes/ledger/store/open-store';
import type { LedgerStore } from '../../../nodes/ledger/store/types';

describe('Ledger.idempotency: the one owner of claim, skip, complete and release', () => {
  let dir: string;
  let store: LedgerStore;
  let ledger: Ledger;
  let clock: number;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-idem-'));
    store = await openStore({ engine: 'sqlite', file: path.join(dir, 'ledger.db') });
    clock = 1_000_000;
    ledger = new Ledger({
      store,
      configId: 'ledger-1',
      masker: new Masker([]),
      leaseMs: 30_000,
      keyLeaseMs: 60_000,
      maxBodyBytes: 1 << 20,
      retention: { messageDays: 30, keyDays: 90, deadLetterDays: 90 },
      now: () => clock,
    });
  });

  afterEach(async () => {
    await ledger.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('owns a claim by the tracked message, else by the keys the message already holds, else by a new owner', () => {
    expect(ledger.idempotency.ownerOf({ ledger: { id: 'm-1' }, idempotency: { config: 'ledger-1', owner: 'x', keys: [] } })).toBe('m-1');
    expect(ledger.idempotency.ownerOf({ idempotency: { config: 'ledger-1', owner: 'x', keys: ['k'] } })).toBe('x');
    // Keys held in another ledger are that ledger's business.
    const other = ledger.idempotency.ownerOf({ idempotency: { config: 'ledger-2', owner: 'x', keys: ['k'] } });
    expect(other).not.toBe('x');
    expect(ledger.idempotency.ownerOf()).not.toBe(ledger.idempotency.ownerOf());
  });

  it('claims fresh keys once, tells what to skip with the first outcome, and keeps that outcome', async () => {
    const first = await ledger.idempotency.claim(['a', 'b', 'a']);
    expect(first.todo).toEqual(['a', 'b']);
    expect(first.skip.size).toBe(0);
    await first.complete([{ key: 'a', outcome: { id: 7 } }]);

    const second = await ledger.idempotency.claim(['a', 'b', 'c']);
    expect(second.todo).toEqual(['c']);
    expect(second.skip.get('a')).toEqual({ state: 'completed', outcome: { id: 7 }, completedAt: clock });
    // b is still held by the first owner, within its lease.
    expect(second.skip.get('b')).toMatchObject({ state: 'in_progress' });

    // Completing again with another outcome changes nothing: the first one stays.
    await ledger.idempotency.complete(second.owner, [{ key: 'a', outcome: { id: 8 } }]);
    expect(await ledger.idempotency.state('a')).toMatchObject({ state: 'completed', outcome: { id: 7 } });
  });

  it('releases what a failed piece of work left, so the next attempt claims it; completed keys stay done', async () => {
    const claim = await ledger.idempotency.claim(['a', 'b']);
    await claim.complete(['a']);
    await claim.release();
    expect(await ledger.idempotency.state('a')).toMatchObject({ state: 'completed' });
    expect(await ledger.idempotency.state('b')).toBeUndefined();
    expect((await ledger.idempotency.claim(['a', 'b'])).todo).toEqual(['b']);
  });

  it('puts the claimed keys on the message, so its completion completes them and its failure releases them', async () => {
    const msg: LedgerMessage = { _msgid: 'n-1', payload: {} };
    await ledger.track(msg, 'track', null, null);
    const claim = await ledger.idempotency.claim(['a'], msg);
    expect(claim.owner).toBe(msg.ledger!.id);
    const more = await ledger.idempotency.claim(['b'], msg);
    expect(msg.idempotency).toEqual({ config: 'ledger-1', owner: msg.ledger!.id, keys: ['a', 'b'] });
    expect(more.owner).toBe(claim.owner);

    // A redelivery of the same message takes its keys back; another message may not.
    expect((await ledger.idempotency.claim(['a'], { ledger: { id: msg.ledger!.id } })).todo).toEqual(['a']);
    expect((await ledger.idempotency.claim(['a'], { ledger: { id: 'another' } })).todo).toEqual([]);

    await ledger.complete(msg, 'complete', null, { done: true });
    expect(await ledger.idempotency.state('b')).toEqual({ state: 'completed', outcome: { done: true }, completedAt: clock });

    const failing: LedgerMessage = { _msgid: 'n-2', payload: {} };
    await ledger.idempotency.claim(['c'], failing);
    await ledger.idempotency.releaseHeld(failing);
    expect(await ledger.idempotency.state('c')).toBeUndefined();
  });

  it('lets another owner take a key whose claim lease ran out (its holder died), on the ledger clock', async () => {
    await ledger.idempotency.claim(['a']);
    expect((await ledger.idempotency.claim(['a'])).todo).toEqual([]);
    clock += 60_001;
    expect((await ledger.idempotency.claim(['a'])).todo).toEqual(['a']);
  });

  // kill -9 during Execute approved: the recommendations' keys stayed in progress under the dead
  // instance's message for the whole key lease (60 minutes), and every minute's release of the same
  // approved recommendations was skipped as a duplicate.
  it('gives the keys of a message whose instance died to the next release once the message lease ran out, not the key lease', async () => {
    const survivor = new Ledger({
      store: await openStore({ engine: 'sqlite', file: path.join(dir, 'ledger.db') }),
      configId: 'ledger-1',
      masker: new Masker([]),
      leaseMs: 30_000,
      keyLeaseMs: 60 * 60_000,
      maxBodyBytes: 1 << 20,
      retention: { messageDays: 30, keyDays: 90, deadLetterDays: 90 },
      instanceId: 'instance-b',
      now: () => clock,
    });
    try {
      const batch: LedgerMessage = { _msgid: 'execute-1', payload: [] };
      await ledger.track(batch, 'ea-track', null, null);
      expect((await ledger.idempotency.claim(['rec-1@7', 'rec-2@7'], batch)).todo).toEqual(['rec-1@7', 'rec-2@7']);
      // The instance dies: nothing renews its message lease any more.
      const nextMinute: LedgerMessage = { _msgid: 'execute-2', payload: [] };
      await survivor.track(nextMinute, 'ea-track', null, null);
      expect((await survivor.idempotency.claim(['rec-1@7', 'rec-2@7'], nextMinute)).todo).toEqual([]);
      clock += 30_001;
      const later: LedgerMessage = { _msgid: 'execute-3', payload: [] };
      await survivor.track(later, 'ea-track', null, null);
      expect((await survivor.idempotency.claim(['rec-1@7', 'rec-2@7'], later)).todo).toEqual(['rec-1@7', 'rec-2@7']);
    } finally {
      await survivor.close();
    }
  });
});
