import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../../nodes/ledger/store/db';
import { SqlStore } from '../../../nodes/ledger/store/sql-store';
import { SqliteDb } from '../../../nodes/ledger/store/sqlite-db';

/**
 * PostgreSQL's group commit runs a transaction's work again, alone, when its group failed (a deadlock
 * with another instance's group, say). Whatever the first, rolled-back run saw must not leak into
 * what the second answers.
 */
describe('claiming keys in a transaction that runs twice', () => {
  let dir: string;
  let inner: SqliteDb;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-claim-rerun-'));
    inner = new SqliteDb(path.join(dir, 'ledger.db'));
  });
  afterEach(async () => {
    await inner.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reports a key another owner took between a rolled-back attempt and the rerun as theirs, not as claimed', async () => {
    const setup = new SqlStore(inner);
    await setup.migrate();
    let attempts = 0;
    // Like PostgresDb after a failed group: the work runs, is rolled back, another instance claims the
    // key meanwhile, and the work runs again alone.
    const rerunning: Db = {
      dialect: inner.dialect,
      all: (sql, params) => inner.all(sql, params),
      run: (sql, params) => inner.run(sql, params),
      close: () => inner.close(),
      async transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
        attempts += 1;
        await inner
          .transaction(async (tx) => {
            await work(tx);
            throw new Error('the group failed: rolled back');
          })
          .catch(() => undefined);
        await setup.claimKeys(['k-1'], 'other-instance-message', 1000, 1000 + 3_600_000);
        return inner.transaction(work);
      },
    };
    const store = new SqlStore(rerunning);
    const results = await store.claimKeys(['k-1'], 'my-message', 1000, 1000 + 3_600_000);
    expect(attempts).toBe(1);
    expect(results.get('k-1')).toMatchObject({ claimed: false, state: 'in_progress', owner: 'other-instance-message' });
  });
});
