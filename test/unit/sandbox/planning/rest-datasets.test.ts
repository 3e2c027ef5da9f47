import { batchChecksum, startPlanningSandbox, type PlanningSandbox } from '../../../../sandbox/planning/index';
import { call } from './http-helpers';
import { item } from './helpers';

describe('planning sandbox REST: outbound dataset batches', () => {
  let sandbox: PlanningSandbox;
  beforeAll(async () => {
    sandbox = await startPlanningSandbox({ token: 't' });
  });
  afterAll(() => sandbox.stop());

  const page1 = [item('A'), item('B')];
  const page2 = [item('C')];
  const manifest = (batch: string, extra: Record<string, unknown> = {}) => ({
    batch_id: batch,
    dataset: 'item',
    pages: 2,
    row_count: 3,
    checksum: batchChecksum([page1, page2]),
    as_of: '2026-11-26T02:00:00Z',
    interface_version: '1',
    ...extra,
  });

  it('stores a page once however often it is sent', async () => {
    const first = await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/pages/1', page1);
    expect(first).toMatchObject({ status: 200, body: { received: 2, duplicate: false, seq: 1, batch_id: 'B1', dataset: 'item' } });
    const again = await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/pages/1', page1);
    expect(again).toMatchObject({ status: 200, body: { received: 2, duplicate: true } });
    // same seq, other content: the sender's retry must not silently change data
    expect((await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/pages/1', page2)).body.error).toBe('page_conflict');
    expect((await call(sandbox, 'GET', '/api/v1/datasets/item/batches/B1')).body).toEqual({
      batch_id: 'B1',
      dataset: 'item',
      status: 'open',
      pages_received: [1],
    });
  });

  it('refuses invalid records with 422 and the failing fields', async () => {
    const bad = await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B9/pages/1', [{ ...item('X'), colour: 'red' }, { sku: 'Y' }]);
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe('validation_failed');
    expect(bad.body.details).toEqual(
      expect.arrayContaining([
        { index: 0, field: 'colour', message: 'unknown field for item@1' },
        { index: 1, field: 'name', message: 'required' },
      ]),
    );
    expect((await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B9/pages/1', { sku: 'A' })).status).toBe(422);
    expect((await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B9/pages/1', 'not json')).status).toBe(400);
    expect((await call(sandbox, 'POST', '/api/v1/datasets/widget/batches/B9/pages/1', [])).status).toBe(404);
    expect((await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B9/pages/0', [])).body.error).toBe('invalid_seq');
  });

  it('checks the manifest against the pages and keeps the batch open on a mismatch', async () => {
    const missing = await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/manifest', manifest('B1'));
    expect(missing.status).toBe(422);
    expect(missing.body.error).toBe('manifest_mismatch');
    expect(missing.body.details).toEqual(
      expect.arrayContaining([
        { field: 'missing_seqs', expected: [], actual: [2] },
        { field: 'row_count', expected: 3, actual: 2 },
      ]),
    );

    await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/pages/2', page2);
    const wrongCount = await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/manifest', manifest('B1', { row_count: 4 }));
    expect(wrongCount.body.details).toEqual([{ field: 'row_count', expected: 4, actual: 3 }]);
    const wrongSum = await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/manifest', manifest('B1', { checksum: 'a'.repeat(64) }));
    expect(wrongSum.status).toBe(422);
    expect(wrongSum.body.details).toEqual([{ field: 'checksum', expected: 'a'.repeat(64), actual: batchChecksum([page1, page2]) }]);
    expect((await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/manifest', manifest('B1', { interface_version: '2' }))).status).toBe(422);
    expect((await call(sandbox, 'GET', '/api/v1/datasets')).body.items).toEqual([]);
  });

  it('swaps a completed batch in as the current dataset, once', async () => {
    const done = await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/manifest', manifest('B1'));
    expect(done).toMatchObject({ status: 200, body: { status: 'completed', duplicate: false, row_count: 3 } });
    expect((await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/manifest', manifest('B1'))).body.duplicate).toBe(true);
    const [status] = (await call(sandbox, 'GET', '/api/v1/datasets')).body.items;
    expect(status).toMatchObject({ dataset: 'item', batch_id: 'B1', row_count: 3, checksum: batchChecksum([page1, page2]), via: 'rest' });
    // replays of pages stay harmless; new pages into a completed batch are refused
    expect((await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/pages/2', page2)).body.duplicate).toBe(true);
    expect((await call(sandbox, 'POST', '/api/v1/datasets/item/batches/B1/pages/3', page2)).body.error).toBe('batch_completed');
  });

  it('checksums canonical JSON lines: sorted keys, no spaces, one line per record', async () => {
    // the same record with keys in another order has the same checksum
    const a = { sku: 'A', name: 'n', uom: 'EA', status: 'active', updated_at: '2026-11-20T06:00:00Z' };
    const b = { updated_at: '2026-11-20T06:00:00Z', status: 'active', uom: 'EA', name: 'n', sku: 'A' };
    const { createHash } = await import('node:crypto');
    const line = '{"name":"n","sku":"A","status":"active","uom":"EA","updated_at":"2026-11-20T06:00:00Z"}\n';
    const page = createHash('sha256').update(line).digest('hex');
    expect(batchChecksum([[a]])).toBe(createHash('sha256').update(`${page}\n`).digest('hex'));
    expect(batchChecksum([[b]])).toBe(batchChecksum([[a]]));
    // an empty delivery (no rows today) completes with zero pages and the hash of nothing
    const empty = {
      batch_id: 'E1',
      dataset: 'open_purchase_order',
      pages: 0,
      row_count: 0,
      checksum: createHash('sha256').digest('hex'),
      as_of: '2026-11-26T02:00:00Z',
      interface_version: '1',
    };
    expect((await call(sandbox, 'POST', '/api/v1/datasets/open_purchase_order/batches/E1/manifest', empty)).status).toBe(200);
  });
});
