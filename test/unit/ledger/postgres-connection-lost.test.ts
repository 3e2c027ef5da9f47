import { PostgresDb } from '../../../nodes/ledger/store/postgres-db';
import { tcpForwarder, type TcpForwarder } from '../../fakes/tcp-forwarder';

const url = process.env.PLANBRIDGE_TEST_PG_URL;
const suite = url ? describe : describe.skip;

// Found by CI: PostgreSQL cut while a ledger transaction held its connection ended the test process
// with an unhandled 'error' event (pg-pool leaves a checked-out client without an error listener).
suite(
  url
    ? 'PostgreSQL lost in the middle of a transaction'
    : 'PostgreSQL lost in the middle of a transaction: skipped: no PostgreSQL (set PLANBRIDGE_TEST_PG_URL)',
  () => {
    let postgres: TcpForwarder;
    let db: PostgresDb;

    beforeEach(async () => {
      const target = new URL(url as string);
      postgres = await tcpForwarder(target.hostname, Number(target.port || 5432));
      await postgres.up();
      const through = new URL(url as string);
      through.port = String(postgres.port);
      db = new PostgresDb(through.toString());
    });
    afterEach(async () => {
      await db.close();
      await postgres.close();
    });

    it('fails that transaction only: no unhandled error, and the next one works once PostgreSQL is back', async () => {
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      let goOn!: () => void;
      const gate = new Promise<void>((resolve) => (goOn = resolve));
      const inFlight = db.transaction(async (tx) => {
        await tx.all('SELECT 1 AS one');
        holding();
        await gate;
        return tx.all('SELECT 2 AS two');
      });
      await held;
      // The connection is cut while the transaction holds it, between two statements.
      await postgres.down();
      goOn();
      await expect(inFlight).rejects.toThrow();
      await postgres.up();
      await expect(db.transaction((tx) => tx.all<{ three: number }>('SELECT 3 AS three'))).resolves.toEqual([{ three: 3 }]);
    });
  },
);
