import type { OpenRun } from '../../../nodes/ledger/store/run-types';
import type { StoreHarness } from './store-contract';

const T0 = 1_800_000_000_000;
const DATASETS = ['item', 'stock_snapshot', 'demand_history'];

function run(overrides: Partial<OpenRun> = {}): OpenRun {
  return {
    id: 'nightly-20261207T020000Z',
    kind: 'nightly export',
    flowId: 'tab-nightly-export',
    startNode: 'ne-open',
    parts: DATASETS,
    body: '{"event":{"correlationid":"nightly-20261207T020000Z"}}',
    owner: 'instance-a',
    leaseUntil: T0 + 30_000,
    openedAt: T0,
    dueAt: T0 + 3_600_000,
    ...overrides,
  };
}

/** Runs, as every ledger engine must keep them (called inside storeContract, once per engine). */
export function runsContract(harness: () => StoreHarness): void {
  describe('runs', () => {
    it('opens a run once: opening it again answers the run already recorded', async () => {
      const { runs } = harness().store;
      const first = await runs.open(run());
      expect(first.opened).toBe(true);
      expect(first.run).toMatchObject({ ...run(), state: 'open', attempt: 1, done: [], partsDoneAt: null, closedAt: null, overdueAt: null });
      const again = await runs.open(run({ owner: 'instance-b', parts: ['other'] }));
      expect(again.opened).toBe(false);
      expect(again.run).toMatchObject({ owner: 'instance-a', parts: DATASETS });
    });

    it('records each part once and tells exactly one caller that the last part completed the set', async () => {
      const { runs } = harness().store;
      await runs.open(run());
      expect((await runs.partDone('nightly-20261207T020000Z', 'item', T0 + 1, '3 pages'))?.completedParts).toBe(false);
      expect((await runs.partDone('nightly-20261207T020000Z', 'item', T0 + 2, 'again'))?.run.done).toEqual([
        { part: 'item', doneAt: T0 + 1, detail: '3 pages' },
      ]);
      expect((await runs.partDone('nightly-20261207T020000Z', 'stock_snapshot', T0 + 3, null))?.completedParts).toBe(false);
      const last = await runs.partDone('nightly-20261207T020000Z', 'demand_history', T0 + 4, null);
      expect(last).toMatchObject({ completedParts: true, run: { partsDoneAt: T0 + 4, state: 'open' } });
      expect((await runs.partDone('nightly-20261207T020000Z', 'demand_history', T0 + 5, null))?.completedParts).toBe(false);
      expect(await runs.partDone('unknown-run', 'item', T0, null)).toBeUndefined();
    });

    it('decides the last part once when two instances record the last parts at the same moment', async () => {
      const h = harness();
      const other = await h.second();
      await h.store.runs.open(run({ parts: ['a', 'b'] }));
      for (let i = 0; i < 5; i++) {
        const id = `race-${i}`;
        await h.store.runs.open(run({ id, parts: ['a', 'b'] }));
        const results = await Promise.all([h.store.runs.partDone(id, 'a', T0, null), other.runs.partDone(id, 'b', T0, null)]);
        expect(results.filter((r) => r?.completedParts)).toHaveLength(1);
      }
    });

    it('closes an open run once, with its outcome', async () => {
      const { runs } = harness().store;
      await runs.open(run());
      expect(await runs.close('nightly-20261207T020000Z', 'plan P-1 requested', T0 + 10)).toBe(true);
      expect(await runs.close('nightly-20261207T020000Z', 'again', T0 + 11)).toBe(false);
      expect(await runs.get('nightly-20261207T020000Z')).toMatchObject({ state: 'closed', outcome: 'plan P-1 requested', closedAt: T0 + 10 });
      expect((await runs.list({ state: 'open' })).map((r) => r.id)).toEqual([]);
      expect((await runs.list({ state: 'closed', startNode: 'ne-open' })).map((r) => r.id)).toEqual(['nightly-20261207T020000Z']);
    });

    it('hands an open run whose owner stopped renewing to one other instance, with the parts already done', async () => {
      const h = harness();
      const other = await h.second();
      await h.store.runs.open(run());
      await h.store.runs.partDone('nightly-20261207T020000Z', 'item', T0 + 1, null);
      // While the owner renews, nobody takes it over.
      await h.store.runs.renewLeases('instance-a', T0 + 60_000);
      expect(await other.runs.claimOrphans('ne-open', 'instance-b', T0 + 45_000, T0 + 75_000, 10)).toEqual([]);
      // Once its lease ran out, exactly one claimer gets it.
      const [b, c] = await Promise.all([
        other.runs.claimOrphans('ne-open', 'instance-b', T0 + 61_000, T0 + 91_000, 10),
        h.store.runs.claimOrphans('ne-open', 'instance-c', T0 + 61_000, T0 + 91_000, 10),
      ]);
      const claimed = [...b, ...c];
      expect(claimed).toHaveLength(1);
      expect(claimed[0]).toMatchObject({ attempt: 2, leaseUntil: T0 + 91_000, done: [{ part: 'item' }] });
      // A closed run is never taken over, and another start node's runs are not this one's.
      await h.store.runs.close('nightly-20261207T020000Z', null, T0 + 92_000);
      expect(await other.runs.claimOrphans('ne-open', 'instance-b', T0 + 200_000, T0 + 230_000, 10)).toEqual([]);
    });

    it('reports an open run past its due time once, and never a closed one', async () => {
      const { runs } = harness().store;
      await runs.open(run({ id: 'late', dueAt: T0 + 100 }));
      await runs.open(run({ id: 'in-time', dueAt: T0 + 10_000 }));
      await runs.open(run({ id: 'no-level', dueAt: null }));
      await runs.open(run({ id: 'done-late', dueAt: T0 + 100 }));
      await runs.close('done-late', null, T0 + 50);
      expect((await runs.claimOverdue(T0 + 200, 10)).map((r) => [r.id, r.overdueAt])).toEqual([['late', T0 + 200]]);
      expect(await runs.claimOverdue(T0 + 300, 10)).toEqual([]);
    });

    it('purges runs closed before the retention limit with their parts, never an open one', async () => {
      const { runs } = harness().store;
      await runs.open(run({ id: 'old' }));
      await runs.partDone('old', 'item', T0, null);
      await runs.close('old', null, T0 + 10);
      await runs.open(run({ id: 'open' }));
      expect(await runs.purge(T0 + 100)).toBe(1);
      expect(await runs.get('old')).toBeUndefined();
      expect(await runs.get('open')).toBeDefined();
    });
  });
}
