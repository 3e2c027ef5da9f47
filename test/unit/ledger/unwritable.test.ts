import type { Db } from '../../../nodes/ledger/store/db';
import { guarded } from '../../../nodes/ledger/store/unavailable';

/** A SQLite file made read-only: reads answer, writes fail with SQLITE_READONLY. */
function readOnlyDb(): Db & { writable: boolean } {
  const db = {
    dialect: 'sqlite' as const,
    writable: false,
    all: async <T>(sql: string): Promise<T[]> => {
      if (!db.writable && !/^\s*SELECT/i.test(sql)) throw Object.assign(new Error('attempt to write a readonly database'), { errcode: 8 });
      return [] as T[];
    },
    run: async (): Promise<number> => {
      if (!db.writable) throw Object.assign(new Error('attempt to write a readonly database'), { errcode: 8 });
      return 1;
    },
    transaction: <T>(work: (tx: Db) => Promise<T>): Promise<T> => work(db),
    close: async () => undefined,
  };
  return db;
}

describe('a ledger that cannot write', () => {
  it('stays down while reads still answer, and is up again only once a write succeeds', async () => {
    const raw = readOnlyDb();
    const states: Array<[boolean, string | undefined]> = [];
    const db = guarded(raw, (up, reason) => states.push([up, reason]));
    await expect(db.run('UPDATE pb_message SET lease_until = ?', [1])).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    expect(states).toEqual([[false, expect.stringMatching(/^The ledger is cannot write \(attempt to write a readonly database\)/)]]);
    await db.all('SELECT 1');
    await db.all('SELECT count(*) FROM pb_alert');
    expect(states).toHaveLength(1);
    raw.writable = true;
    await db.all("INSERT INTO pb_alert (id) VALUES ('x') RETURNING *");
    expect(states.map(([up]) => up)).toEqual([false, true]);
  });

  it('is up again after a read when it was a read that failed (the database was out of reach)', async () => {
    let reachable = false;
    const states: boolean[] = [];
    const db = guarded(
      {
        dialect: 'postgres',
        all: async () => {
          if (!reachable) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
          return [];
        },
        run: async () => 0,
        transaction: (work) => work(db),
        close: async () => undefined,
      },
      (up) => states.push(up),
    );
    await expect(db.all('SELECT 1')).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    reachable = true;
    await db.all('SELECT 1');
    expect(states).toEqual([false, true]);
  });
});
