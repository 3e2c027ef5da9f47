import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { RemoteError } from '../../../nodes/lib/errors';
import { ledgerFailure } from '../../../nodes/ledger/store/unavailable';

/** The error a driver really throws, caught. */
async function caught(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('ledgerFailure: which database errors mean "the ledger cannot record now"', () => {
  it('calls a refused PostgreSQL connection LEDGER_UNAVAILABLE, retryable', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const client = new pg.Client({ connectionString: `postgres://nobody@127.0.0.1:${port}/none` });
    const failure = ledgerFailure(await caught(() => client.connect()));
    expect(failure).toBeInstanceOf(RemoteError);
    expect(failure).toMatchObject({ code: 'LEDGER_UNAVAILABLE', retryable: true });
  });

  it('calls a SQLite ledger that cannot be written LEDGER_UNAVAILABLE', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-unavailable-'));
    try {
      const file = path.join(dir, 'ledger.db');
      new DatabaseSync(file).exec('CREATE TABLE t (a INTEGER)');
      const readOnly = new DatabaseSync(file, { readOnly: true });
      expect(ledgerFailure(await caught(() => readOnly.exec('INSERT INTO t VALUES (1)')))).toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
      readOnly.close();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves every other error as it was: a bug or a constraint is not an outage', async () => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE t (a INTEGER PRIMARY KEY)');
    db.exec('INSERT INTO t VALUES (1)');
    const duplicate = await caught(() => db.exec('INSERT INTO t VALUES (1)'));
    expect(ledgerFailure(duplicate)).toBe(duplicate);
    const syntax = await caught(() => db.exec('SELEC 1'));
    expect(ledgerFailure(syntax)).toBe(syntax);
  });
});
