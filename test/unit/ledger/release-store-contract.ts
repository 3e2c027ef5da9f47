import { randomUUID } from 'node:crypto';
import type { StoredRelease } from '../../../nodes/ledger/store/release-types';
import type { LedgerStore } from '../../../nodes/ledger/store/types';

const T0 = 1_800_000_000_000;

function stored(version: string, receivedAt: number): StoredRelease {
  return {
    checksum: `sha256:${version}`,
    version,
    author: 'ana',
    message: `release ${version}`,
    createdAt: new Date(T0).toISOString(),
    bundle: JSON.stringify({ version }),
    receivedAt,
  };
}

/** Releases and the release stamp on messages, the same on every engine. */
export function releasesContract(harness: () => { store: LedgerStore }): void {
  describe('releases', () => {
    it('keeps a bundle once: the same checksum again leaves the first one', async () => {
      const { store } = harness();
      await store.releases.keep(stored('1.0', T0));
      await store.releases.keep({ ...stored('1.0', T0 + 5), message: 'changed' });
      expect(await store.releases.get('sha256:1.0')).toMatchObject({ version: '1.0', message: 'release 1.0', receivedAt: T0, bundle: '{"version":"1.0"}' });
      await store.releases.keep(stored('1.1', T0 + 10));
      expect((await store.releases.list(10)).map((r) => r.version)).toEqual(['1.1', '1.0']);
      expect(await store.releases.list(10)).toEqual(expect.not.arrayContaining([expect.objectContaining({ bundle: expect.anything() })]));
      expect((await store.releases.byVersion('1.1'))?.checksum).toBe('sha256:1.1');
      expect(await store.releases.byVersion('9.9')).toBeUndefined();
    });

    it('records events with their detail and lists them newest first, by release and kind', async () => {
      const { store } = harness();
      const first = await store.releases.record({
        at: T0,
        kind: 'refused',
        checksum: 'sha256:1.0',
        version: '1.0',
        user: 'ops',
        environment: 'prod',
        detail: { problems: [{ code: 'ENV_MISSING' }] },
      });
      await store.releases.record({ at: T0 + 1, kind: 'approved', checksum: 'sha256:1.0', version: '1.0', user: 'rita', environment: 'prod', detail: {} });
      await store.releases.record({
        at: T0 + 2,
        kind: 'deployed',
        checksum: 'sha256:1.1',
        version: '1.1',
        user: 'ops',
        environment: 'prod',
        detail: { changed: 3 },
      });
      expect(first).toMatchObject({ kind: 'refused', user: 'ops', detail: { problems: [{ code: 'ENV_MISSING' }] } });
      expect((await store.releases.events({ limit: 10 })).map((e) => e.kind)).toEqual(['deployed', 'approved', 'refused']);
      expect((await store.releases.events({ checksum: 'sha256:1.0', limit: 10 })).map((e) => e.kind)).toEqual(['approved', 'refused']);
      expect((await store.releases.events({ kinds: ['deployed', 'rolled-back'], limit: 10 })).map((e) => e.version)).toEqual(['1.1']);
    });

    it('stamps each message and each step with the release running when it was written', async () => {
      const { store } = harness();
      let running: string | null = null;
      store.stampReleaseWith(() => running);
      const id = randomUUID();
      await store.insertMessages([
        {
          id,
          flowId: 'f',
          startNode: 'track-1',
          sourceSystem: null,
          correlationId: null,
          schemaRef: null,
          idempotencyKey: null,
          recordCount: 1,
          body: '{}',
          owner: 'a',
          leaseUntil: T0 + 30_000,
          receivedAt: T0,
        },
      ]);
      running = '1.1 sha256:1.1';
      await store.transition(id, 'transformed', 'map-1', T0 + 1);
      await store.complete({ messageId: id, keys: [], owner: 'a', outcome: null, nodeId: 'done-1', at: T0 + 2, replayOf: null });
      expect((await store.getMessage(id))?.release).toBeNull();
      expect((await store.transitions(id)).map((t) => [t.status, t.release])).toEqual([
        ['received', null],
        ['transformed', '1.1 sha256:1.1'],
        ['delivered', '1.1 sha256:1.1'],
      ]);
    });
  });
}
