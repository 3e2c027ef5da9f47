import { batchChecksum, startPlanningSandbox, type PlanningSandbox } from '../../../../sandbox/planning/index';
import { call } from './http-helpers';

const AS_OF = '2026-11-26T00:00:00Z';

/** Pages through a log with a stored cursor, as the ERP's poller does. */
async function drain(sandbox: PlanningSandbox, path: string, cursor: string | null, limit: number): Promise<{ items: any[]; cursor: string; pages: number }> {
  const items: any[] = [];
  let pages = 0;
  for (;;) {
    const res = await call(sandbox, 'GET', `${path}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.next_cursor;
    pages++;
    if (!res.body.has_more) return { items, cursor: cursor!, pages };
  }
}

describe('planning sandbox REST: plans, paging and feedback', () => {
  let sandbox: PlanningSandbox;
  beforeAll(async () => {
    sandbox = await startPlanningSandbox({ token: 't', seed: 42, now: () => Date.UTC(2026, 10, 26, 3, 10) });
  });
  afterAll(() => sandbox.stop());

  it('refuses to plan without items', async () => {
    const empty = await startPlanningSandbox({ token: 't' });
    try {
      expect((await call(empty, 'POST', '/api/v1/plans', {})).body.error).toBe('no_data');
      expect((await call(empty, 'GET', '/api/v1/plans/latest')).status).toBe(404);
    } finally {
      await empty.stop();
    }
  });

  let firstCursor = '';
  let v1: any[] = [];

  it('creates a plan and returns the same version for the same input', async () => {
    const created = await call(sandbox, 'POST', '/api/v1/plans', { as_of: AS_OF });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ plan_id: 'PLAN-2026-11-26', plan_version: 1, as_of: AS_OF, created_at: '2026-11-26T03:10:00Z', created: true });
    expect(created.body.counts.recommendations).toBeGreaterThan(50);
    const again = await call(sandbox, 'POST', '/api/v1/plans', { as_of: AS_OF });
    expect(again).toMatchObject({ status: 200, body: { plan_version: 1, created: false } });
    expect((await call(sandbox, 'GET', '/api/v1/plans/latest')).body.plan_version).toBe(1);
    expect((await call(sandbox, 'POST', '/api/v1/plans', { as_of: 'tomorrow' })).status).toBe(422);
  });

  it('pages recommendations, forecasts and policies by cursor in creation order', async () => {
    const all = await drain(sandbox, '/api/v1/recommendations', null, 40);
    const { counts } = (await call(sandbox, 'GET', '/api/v1/plans/latest')).body;
    expect(all.items).toHaveLength(counts.recommendations);
    expect(all.pages).toBe(Math.ceil(counts.recommendations / 40));
    expect(all.items.map((r: any) => r.recommendation_id)).toEqual(all.items.map((_: any, i: number) => `REC-2026-11-26-${String(i + 1).padStart(6, '0')}`));
    v1 = all.items;
    firstCursor = all.cursor;
    expect((await drain(sandbox, '/api/v1/forecasts', null, 1000)).items).toHaveLength(counts.forecasts);
    expect((await drain(sandbox, '/api/v1/stock-policies', null, 1000)).items).toHaveLength(counts.stock_policies);
    // nothing new since the stored cursor
    expect((await call(sandbox, 'GET', `/api/v1/recommendations?cursor=${firstCursor}`)).body).toEqual({
      items: [],
      next_cursor: firstCursor,
      has_more: false,
    });
  });

  it('raises plan_version when the input changes and the stored cursor yields only the new records', async () => {
    const page = [
      {
        snapshot_id: '0b9d3c52-5b0b-4b8e-9d1f-3a8f1c0e2a71',
        as_of: '2026-11-26T02:00:00Z',
        sku: 'SKU-00001',
        location: 'WH-BER',
        uom: 'EA',
        on_hand: 0,
        reserved: 0,
        available: 0,
        in_transit: 0,
      },
    ];
    await call(sandbox, 'POST', '/api/v1/datasets/stock_snapshot/batches/S2/pages/1', page);
    const done = await call(sandbox, 'POST', '/api/v1/datasets/stock_snapshot/batches/S2/manifest', {
      batch_id: 'S2',
      dataset: 'stock_snapshot',
      pages: 1,
      row_count: 1,
      checksum: batchChecksum([page]),
      as_of: '2026-11-26T02:00:00Z',
      interface_version: '1',
    });
    expect(done.status).toBe(200);
    const v2 = await call(sandbox, 'POST', '/api/v1/plans', { as_of: AS_OF });
    expect(v2).toMatchObject({ status: 201, body: { plan_id: 'PLAN-2026-11-26', plan_version: 2 } });
    const fresh = await drain(sandbox, '/api/v1/recommendations', firstCursor, 1000);
    expect(fresh.items.length).toBe(v2.body.counts.recommendations);
    expect(new Set(fresh.items.map((r: any) => r.plan_version))).toEqual(new Set([2]));
  });

  it('refuses foreign or malformed cursors and bad limits', async () => {
    const forecastCursor = (await call(sandbox, 'GET', '/api/v1/forecasts?limit=1')).body.next_cursor;
    expect((await call(sandbox, 'GET', `/api/v1/recommendations?cursor=${forecastCursor}`)).body.error).toBe('invalid_cursor');
    expect((await call(sandbox, 'GET', '/api/v1/recommendations?cursor=%%%')).status).toBe(400);
    expect((await call(sandbox, 'GET', '/api/v1/recommendations?limit=0')).body.error).toBe('invalid_limit');
    expect((await call(sandbox, 'GET', '/api/v1/recommendations?limit=1001')).status).toBe(400);
  });

  it('stores feedback idempotently and reads it back', async () => {
    const rec = v1[0];
    const accepted = { plan_version: 1, status: 'accepted', approved_qty: rec.quantity, decided_by: 'anna.planner', at: '2026-11-26T08:41:12Z' };
    const path = `/api/v1/recommendations/${rec.recommendation_id}/feedback`;
    expect(await call(sandbox, 'POST', path, accepted)).toMatchObject({
      status: 201,
      body: { outcome: 'stored', duplicate: false, recommendation_id: rec.recommendation_id },
    });
    expect(await call(sandbox, 'POST', path, accepted)).toMatchObject({ status: 200, body: { outcome: 'duplicate', duplicate: true } });
    expect((await call(sandbox, 'POST', path, { ...accepted, approved_qty: 1 })).body.error).toBe('feedback_conflict');
    const executed = { plan_version: 1, status: 'executed', odoo_refs: [{ model: 'purchase.order', id: 231, name: 'P00231' }], at: '2026-11-26T09:00:00Z' };
    expect((await call(sandbox, 'POST', path, executed)).status).toBe(201);
    const back = await call(sandbox, 'GET', path);
    expect(back.body.items.map((f: any) => [f.status, f.received_at])).toEqual([
      ['accepted', '2026-11-26T03:10:00Z'],
      ['executed', '2026-11-26T03:10:00Z'],
    ]);
    expect((await call(sandbox, 'GET', `${path}?plan_version=2`)).body.items).toEqual([]);
  });

  it('validates feedback and refuses unknown recommendations', async () => {
    const path = `/api/v1/recommendations/${v1[1].recommendation_id}/feedback`;
    const edited = await call(sandbox, 'POST', path, { plan_version: 1, status: 'edited', at: '2026-11-26T08:00:00Z' });
    expect(edited.status).toBe(422);
    expect(edited.body.details).toContain('approved_qty: required for status edited');
    expect((await call(sandbox, 'POST', path, { plan_version: 1, status: 'maybe', at: '2026-11-26T08:00:00Z' })).status).toBe(422);
    expect((await call(sandbox, 'POST', path, { plan_version: 9, status: 'rejected', at: '2026-11-26T08:00:00Z' })).body.error).toBe('unknown_recommendation');
    expect((await call(sandbox, 'GET', '/api/v1/recommendations/REC-1999-01-01-000001/feedback')).status).toBe(404);
  });

  it('takes feedback in batches, all or nothing', async () => {
    const ok = { recommendation_id: v1[2].recommendation_id, plan_version: 1, status: 'rejected', reason_code: 'overstock', at: '2026-11-26T08:00:00Z' };
    const bad = { recommendation_id: v1[3].recommendation_id, plan_version: 1, status: 'edited', at: '2026-11-26T08:00:00Z' };
    const refused = await call(sandbox, 'POST', '/api/v1/feedback', [ok, bad]);
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual([expect.objectContaining({ index: 1, error: 'validation_failed' })]);
    expect((await call(sandbox, 'GET', `/api/v1/recommendations/${ok.recommendation_id}/feedback`)).body.items).toEqual([]);
    const fixed = { ...bad, approved_qty: 10 };
    const stored = await call(sandbox, 'POST', '/api/v1/feedback', { items: [ok, fixed] });
    expect(stored.body.results.map((r: any) => r.outcome)).toEqual(['stored', 'stored']);
    expect((await call(sandbox, 'POST', '/api/v1/feedback', [ok])).body.results[0].outcome).toBe('duplicate');
    const log = await drain(sandbox, '/api/v1/feedback', null, 100);
    expect(log.items.map((f: any) => f.status)).toEqual(['accepted', 'executed', 'rejected', 'edited']);
  });

  it('refuses cursors issued before a reset with 410', async () => {
    sandbox.control.reset();
    const res = await call(sandbox, 'GET', `/api/v1/recommendations?cursor=${firstCursor}`);
    expect(res).toMatchObject({ status: 410, body: { error: 'cursor_expired' } });
    expect((await call(sandbox, 'GET', '/api/v1/recommendations')).body).toMatchObject({ items: [], has_more: false });
  });
});
