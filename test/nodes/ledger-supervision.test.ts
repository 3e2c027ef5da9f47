import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { NodeAPI } from 'node-red';
import pg from 'pg';
import request from 'supertest';
import { tcpForwarder, type TcpForwarder } from '../fakes/tcp-forwarder';
import { odooNodes } from '../helpers/odoo-nodes';
import { nextMessage, useNodeRed } from '../helpers/node-red';
import { ledgerOf, reliabilityNodes } from '../helpers/reliability-flow';

const url = process.env.PLANBRIDGE_TEST_PG_URL;
const TOKEN = 'a-webhook-token-long-enough';

// Without PLANBRIDGE_TEST_PG_URL (CI sets it) the suite shows as skipped under this title.
const suite = url ? describe : describe.skip;

suite(
  url ? 'a PostgreSQL ledger that is down, at start and later' : 'a PostgreSQL ledger that is down: skipped: no PostgreSQL (set PLANBRIDGE_TEST_PG_URL)',
  () => {
    const helper = useNodeRed();
    let postgres: TcpForwarder;
    let admin: pg.Client;
    let schema: string;

    beforeEach(async () => {
      const target = new URL(url as string);
      postgres = await tcpForwarder(target.hostname, Number(target.port || 5432));
      schema = `pb_test_${randomBytes(6).toString('hex')}`;
      admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
    });
    afterEach(async () => {
      await helper.unload();
      await postgres.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    });

    async function load(): Promise<void> {
      const through = new URL(url as string);
      through.port = String(postgres.port);
      await helper.load(
        [...reliabilityNodes, ...odooNodes, captureHttpNode],
        [
          { id: 'ledger', type: 'ledger-config', name: 'shared', engine: 'postgres', schema, leaseSeconds: '30' },
          { id: 'hook', type: 'odoo-webhook', path: 'exceptions', ledger: 'ledger', wires: [['out']] },
          { id: 'out', type: 'helper' },
        ] as never,
        { ledger: { url: through.toString() }, hook: { token: TOKEN } },
      );
    }

    // The helper keeps RED.httpNode (where the webhook lives) off its own server.
    let httpNode: http.RequestListener;
    const captureHttpNode = (RED: NodeAPI): void => {
      httpNode = RED.httpNode;
    };
    const post = (body: object) => request(httpNode).post(`/hooks/odoo/exceptions?token=${TOKEN}`).send(body);

    const scrape = async (): Promise<string> => (await helper.request().get('/metrics').expect(200)).text;

    it('answers 503 with Retry-After while the ledger cannot be opened, keeps trying, and takes events once PostgreSQL is up', async () => {
      await load();
      const refused = await post({ _model: 'stock.picking', _id: 1 });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body.error.code).toBe('LEDGER_UNAVAILABLE');
      expect(await scrape()).toMatch(/planbridge_dependency_up\{dependency="ledger shared"\} 0/);

      await postgres.up();
      await ledgerOf();
      expect(await scrape()).toMatch(/planbridge_dependency_up\{dependency="ledger shared"\} 1/);
      const received = nextMessage('out');
      const accepted = await post({ _model: 'stock.picking', _id: 2 });
      expect(accepted.status).toBe(200);
      const msg = (await received) as { ledger?: { id: string } };
      // Recorded in PostgreSQL itself, not only passed on.
      const rows = await admin.query(`SELECT id FROM ${schema}.pb_message`);
      expect(rows.rows.map((r: { id: string }) => r.id)).toEqual([msg.ledger?.id]);
    }, 30_000);

    it('answers 503 while PostgreSQL goes away after the start, and 200 again once it is back', async () => {
      await postgres.up();
      await load();
      await ledgerOf();
      expect((await post({ _model: 'stock.picking', _id: 1 })).status).toBe(200);

      await postgres.down();
      const refused = await post({ _model: 'stock.picking', _id: 2 });
      expect([refused.status, refused.body.error.code]).toEqual([503, 'LEDGER_UNAVAILABLE']);
      expect(refused.headers['retry-after']).toBe('5');
      expect(await scrape()).toMatch(/planbridge_dependency_up\{dependency="ledger shared"\} 0/);

      await postgres.up();
      expect((await post({ _model: 'stock.picking', _id: 3 })).status).toBe(200);
      expect(await scrape()).toMatch(/planbridge_dependency_up\{dependency="ledger shared"\} 1/);
      const rows = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.pb_message`);
      expect(rows.rows[0].n).toBe(2);
    }, 30_000);
  },
);
