import { toConfirmation } from '../../../nodes/wms/map/confirmations';
import { parsePush, TOPICS, toStockMovement } from '../../../nodes/wms/map/inbound';
import { orderRequests, toOrderRequest } from '../../../nodes/wms/map/orders';
import { snapshotUuid, stockPageRecords, toStockSnapshot } from '../../../nodes/wms/map/stock';
import { contracts } from '../../../nodes/canonical/registry';

describe('wms stock mapping', () => {
  it('maps a stock row to stock_snapshot@1, allocated as reserved, and the result passes the contract', () => {
    const record = toStockSnapshot(
      { sku: 'FST-000001', location: 'BRU', lot: 'L1', uom: 'EA', on_hand: 120, allocated: 20, in_transit: 40, counted_at: '2026-11-20T06:00:00Z' },
      '6f1c2a44-1b2c-4d3e-8f40-123456789abc',
      '2026-11-27T02:00:00Z',
    );
    expect(record).toEqual(
      expect.objectContaining({ on_hand: 120, reserved: 20, available: 100, in_transit: 40, lot: 'L1', full: true, as_of: '2026-11-27T02:00:00Z' }),
    );
    expect(contracts().get('stock_snapshot@1').check(record)).toEqual([]);
  });

  it('believes the WMS about available stock and fills missing quantities with zero', () => {
    expect(toStockSnapshot({ sku: 'A', location: 'B', on_hand: 10, allocated: 2, available: 5 }, 'x', '2026-11-27T02:00:00Z')).toEqual(
      expect.objectContaining({ available: 5, in_transit: 0, uom: 'EA', lot: null }),
    );
  });

  it('gives every page of a snapshot the same UUID, also when the WMS id is not one', () => {
    const id = snapshotUuid('SNAP-42');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(snapshotUuid('SNAP-42')).toBe(id);
    const page = { snapshot_id: 'SNAP-42', as_of: '2026-11-27T02:00:00Z', items: [{ sku: 'A', location: 'B', on_hand: 1 }], next_cursor: null };
    expect(stockPageRecords(page)[0].snapshot_id).toBe(id);
  });
});

describe('wms order mapping', () => {
  const transfer = {
    external_id: 'rec-1-v2',
    kind: 'transfer',
    from_location: 'BRU',
    to_location: 'ANR',
    expected_date: '2026-12-01',
    lines: [{ sku: 'A', quantity: 4 }],
  };

  it('turns an input order into the contract body with line numbers and a default unit', () => {
    expect(toOrderRequest(transfer)).toEqual({
      external_id: 'rec-1-v2',
      type: 'transfer',
      source_location: 'BRU',
      destination_location: 'ANR',
      expected_date: '2026-12-01',
      lines: [{ line_no: 1, sku: 'A', quantity: 4, uom: 'EA' }],
    });
    expect(
      toOrderRequest({ external_id: 'r', kind: 'receipt', to_location: 'ANR', supplier_ref: 'SUP-9', lines: [{ sku: 'A', quantity: 1, uom: 'KGM' }] }),
    ).not.toHaveProperty('source_location');
  });

  it('lists every problem of an order under WMS_ORDER_INVALID', () => {
    expect(() => toOrderRequest({ kind: 'transfer', to_location: 'ANR', lines: [{ sku: '', quantity: -1 }] })).toThrow(
      expect.objectContaining({
        code: 'WMS_ORDER_INVALID',
        cause: expect.objectContaining({
          problems: expect.arrayContaining([
            'external_id: required, up to 128 characters',
            'from_location: required for a transfer',
            'lines[0].sku: required',
            'lines[0].quantity: a number above 0',
          ]),
        }),
      }),
    );
  });

  it('refuses one external id twice in a message before anything is sent', () => {
    expect(() => orderRequests([transfer, transfer])).toThrow(expect.objectContaining({ code: 'WMS_ORDER_INVALID' }));
    expect(orderRequests(transfer)).toHaveLength(1);
  });
});

describe('wms inbound mapping', () => {
  it('maps a confirmation and marks short lines', () => {
    const c = toConfirmation({
      confirmation_id: 'CNF-1',
      order_id: 'ORD-1',
      external_id: 'rec-1',
      type: 'transfer',
      confirmed_at: '2026-11-27T03:00:00Z',
      lines: [
        { line_no: 1, sku: 'A', ordered_quantity: 10, picked_quantity: 10, shipped_quantity: 10, received_quantity: 10 },
        { line_no: 2, sku: 'B', ordered_quantity: 10, picked_quantity: 7, shipped_quantity: 7, received_quantity: null },
      ],
    });
    expect(c.status).toBe('short');
    expect(c.lines[1]).toEqual(expect.objectContaining({ confirmed_qty: 7, short_qty: 3, received_qty: null }));
    expect(c.lines[0].short_qty).toBe(0);
  });

  it('maps a stock event and refuses one without an id or with an unknown type', () => {
    const event = { event_id: 'ev-1', type: 'receipt' as const, sku: 'A', location: 'B', quantity_delta: 5, on_hand: 15, at: '2026-11-27T03:00:00Z' };
    expect(toStockMovement(event)).toEqual(
      expect.objectContaining({ event_id: 'ev-1', on_hand: 15, lot: null, reference: null, source: { system: 'wms', record_id: 'ev-1' } }),
    );
    expect(() => TOPICS.stock_events.map({ ...event, event_id: '' })).toThrow(expect.objectContaining({ code: 'WMS_EVENT_INVALID' }));
    expect(() => TOPICS.stock_events.map({ ...event, type: 'teleport' })).toThrow(expect.objectContaining({ code: 'WMS_EVENT_INVALID' }));
  });

  it('accepts a push body only for its own topic', () => {
    expect(parsePush({ topic: 'stock_events', items: [1] }, 'stock_events')).toEqual([1]);
    expect(() => parsePush({ topic: 'confirmations', items: [] }, 'stock_events')).toThrow(expect.objectContaining({ code: 'WMS_PUSH_INVALID' }));
    expect(() => parsePush([], 'stock_events')).toThrow(expect.objectContaining({ code: 'WMS_PUSH_INVALID' }));
  });
});
