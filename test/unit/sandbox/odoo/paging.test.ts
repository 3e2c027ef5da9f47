import { Database } from '../../../../sandbox/odoo/orm/database';
import { char, defineModel } from '../../../../sandbox/odoo/orm/fields';
import { searchRecords } from '../../../../sandbox/odoo/orm/search';
import { Transaction } from '../../../../sandbox/odoo/orm/transaction';
import type { Env } from '../../../../sandbox/odoo/orm/types';
import { VERSION_PROFILES } from '../../../../sandbox/odoo/versions';
import { start, type Started } from './start';
import { call, json2 } from './wire';

const ROWS = 200_000;

function bigTable() {
  const db = new Database('t', VERSION_PROFILES[19], [defineModel({ name: 'x.row', description: 'Row', fields: { name: char('Name') } })], {
    now: () => new Date(),
  });
  const store = db.store('x.row');
  const base = Date.UTC(2025, 0, 1) / 1000;
  for (let i = 1; i <= ROWS; i++) {
    // Ids and write_dates disagree (rows were updated later), and 1,000 rows share each second.
    const second = base + ((i * 7919) % ROWS) / 1000;
    const stamp = new Date(Math.floor(second) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    store.insert(store.make({ id: i, name: `row ${i}`, write_date: stamp, create_date: stamp, create_uid: 1, write_uid: 1 }));
  }
  const env: Env = { db, uid: 1, groups: [], context: {}, su: true, companyIds: [1], companyId: 1, tx: new Transaction(''), names: new Map(), memo: new Map() };
  return { db, env, def: db.model('x.row') };
}

function medianMs(run: () => void, times = 15): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)];
}

describe('search planner on 200,000 records', () => {
  const { env, def } = bigTable();

  it('serves an id keyset page from a binary-searched start, whatever the position', () => {
    const page = (after: number) => searchRecords(env, def, [['id', '>', after]], { limit: 500, order: 'id asc' });
    expect(page(ROWS - 600).map((r) => r.id)).toEqual(Array.from({ length: 500 }, (_, i) => ROWS - 599 + i));
    expect(medianMs(() => page(ROWS - 1000))).toBeLessThan(5);
  });

  it('stops scanning after offset+limit matches in id order', () => {
    expect(medianMs(() => searchRecords(env, def, [['name', 'like', 'row']], { limit: 500 }))).toBeLessThan(5);
  });

  it('walks (write_date, id) keyset pages from the index, ties included', () => {
    const seen = new Set<number>();
    let last: { write_date: string; id: number } | undefined;
    let pages = 0;
    let outOfOrder = 0;
    for (;;) {
      const domain = last ? ['|', ['write_date', '>', last.write_date], '&', ['write_date', '=', last.write_date], ['id', '>', last.id]] : [];
      const rows = searchRecords(env, def, domain, { limit: 5000, order: 'write_date asc, id asc' });
      if (rows.length === 0) break;
      for (const r of rows) {
        if (last && !(r.write_date! > last.write_date || (r.write_date === last.write_date && r.id > last.id))) outOfOrder++;
        seen.add(r.id);
        last = { write_date: r.write_date as string, id: r.id };
      }
      pages++;
    }
    expect(outOfOrder).toBe(0);
    expect(seen.size).toBe(ROWS);
    expect(pages).toBe(ROWS / 5000);
    const lastStamp = last?.write_date as string;
    const tail = () =>
      searchRecords(env, def, ['|', ['write_date', '>', lastStamp], '&', ['write_date', '=', lastStamp], ['id', '>', 0]], {
        limit: 500,
        order: 'write_date asc, id asc',
      });
    expect(medianMs(tail)).toBeLessThan(5);
  });

  it('keeps the write_date index right after writes', () => {
    const [first] = searchRecords(env, def, [], { limit: 1, order: 'write_date asc, id asc' });
    env.db.store('x.row').update(first, { write_date: '2030-01-01 00:00:00' });
    const [now] = searchRecords(env, def, [['write_date', '>', '2029-12-31 23:59:59']], { order: 'write_date asc, id asc' });
    expect(now.id).toBe(first.id);
  });
});

describe('keyset synchronisation over the wire', () => {
  let s: Started;
  beforeAll(async () => {
    s = await start(19, { products: 1500 });
  });
  afterAll(() => s.sb.stop());

  it('pages every quant exactly once with id > last (JSON-2, 500 per page)', async () => {
    const total = await call<number>(s.admin, 'stock.quant', 'search_count', [[]]);
    s.sb.control.resetCounters();
    const ids: number[] = [];
    let last = 0;
    for (;;) {
      const res = await json2<Array<{ id: number }>>(
        s.sb.url,
        'stock.quant',
        'search_read',
        { domain: [['id', '>', last]], fields: ['product_id', 'location_id', 'quantity'], limit: 500, order: 'id asc' },
        s.sb.apiKey,
      );
      if (res.body.length === 0) break;
      ids.push(...res.body.map((r) => r.id));
      last = ids[ids.length - 1];
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(s.sb.control.counters().byMethod['stock.quant.search_read']).toBe(Math.ceil(total / 500) + 1);
  });

  it('pages products by (write_date, id) and sees later writes in the next poll', async () => {
    const fields = ['write_date'];
    const poll = async (from?: { write_date: string; id: number }) => {
      const rows: Array<{ id: number; write_date: string }> = [];
      let cursor = from;
      for (;;) {
        const domain = cursor ? ['|', ['write_date', '>', cursor.write_date], '&', ['write_date', '=', cursor.write_date], ['id', '>', cursor.id]] : [];
        const page = await call<Array<{ id: number; write_date: string }>>(s.admin, 'product.product', 'search_read', [domain], {
          fields,
          limit: 400,
          order: 'write_date asc, id asc',
        });
        if (page.length === 0) return { rows, cursor };
        rows.push(...page);
        cursor = { write_date: page[page.length - 1].write_date, id: page[page.length - 1].id };
      }
    };
    const first = await poll();
    const count = await call<number>(s.admin, 'product.product', 'search_count', [[]]);
    expect(new Set(first.rows.map((r) => r.id)).size).toBe(count);
    s.sb.control.advanceClock(2000);
    await call(s.admin, 'product.product', 'write', [[first.rows[0].id, first.rows[10].id], { barcode: false }]);
    const second = await poll(first.cursor);
    expect(second.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([first.rows[0].id, first.rows[10].id].sort((a, b) => a - b));
  });
});
