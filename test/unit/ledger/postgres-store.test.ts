import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../../nodes/ledger/store/open-store';
import { storeContract } from './store-contract';

const url = process.env.PLANBRIDGE_TEST_PG_URL;

// Without PLANBRIDGE_TEST_PG_URL (CI sets it) the suite shows as skipped under this title.
const suite = url ? describe : describe.skip;

suite(url ? 'ledger store on PostgreSQL' : 'ledger store on PostgreSQL: skipped: no PostgreSQL (set PLANBRIDGE_TEST_PG_URL)', () => {
  storeContract(async () => {
    // Each test gets a schema of its own, so runs never see each other's rows.
    const schema = `pb_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const opened = [await openStore({ engine: 'postgres', url: url as string, schema })];
    return {
      store: opened[0],
      async second() {
        const other = await openStore({ engine: 'postgres', url: url as string, schema });
        opened.push(other);
        return other;
      },
      async cleanup() {
        for (const s of opened) await s.close();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    };
  });

  it('renews the leases of an instance without waiting for rows its own writes hold locked', async () => {
    const schema = `pb_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const store = await openStore({ engine: 'postgres', url: url as string, schema });
    const locker = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await locker.connect();
    try {
      const at = Date.now();
      const row = (id: string) => ({
        id,
        flowId: null,
        startNode: 'track-1',
        sourceSystem: null,
        correlationId: null,
        schemaRef: null,
        idempotencyKey: null,
        recordCount: 1,
        body: '{}',
        owner: 'me',
        leaseUntil: at + 1000,
        receivedAt: at,
      });
      await store.insertMessages([row('busy'), row('idle')]);
      // A completion in flight (here, held open) locks its message's row until it commits.
      await locker.query('BEGIN');
      await locker.query("UPDATE pb_message SET status = 'delivered' WHERE id = 'busy'");
      const renewing = store.renewLeases('me', at + 60_000);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('still waiting after 2 s'), 2000);
      });
      const first = await Promise.race([renewing, late]);
      clearTimeout(timer);
      await locker.query('ROLLBACK');
      await renewing;
      expect(first).toBe(1);
      expect((await store.getMessage('idle'))?.leaseUntil).toBe(at + 60_000);
      // The next beat renews the row once it is free.
      expect(await store.renewLeases('me', at + 61_000)).toBe(2);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      await store.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
