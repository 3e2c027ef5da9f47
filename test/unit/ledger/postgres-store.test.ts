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
});
