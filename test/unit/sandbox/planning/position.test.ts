import type { OpenPurchaseOrderRecord } from '../../../../sandbox/planning/contracts/types';
import { dayNumber } from '../../../../sandbox/planning/engine/dates';
import { itemLocationKey } from '../../../../sandbox/planning/engine/keys';
import { indexStock, projectedPosition } from '../../../../sandbox/planning/engine/position';
import { pickDonor, transferableExcess, type Donor } from '../../../../sandbox/planning/engine/transfers';
import type { Analysis } from '../../../../sandbox/planning/engine/analyse';
import { stock } from './helpers';

function po(location: string, qty: number, status: OpenPurchaseOrderRecord['status']): OpenPurchaseOrderRecord {
  return {
    po_id: `P-${location}-${status}`,
    line_id: '1',
    supplier: 'S1',
    sku: 'A',
    location,
    ordered_qty: qty,
    received_qty: 0,
    in_transit_qty: qty,
    uom: 'EA',
    expected_date: '2026-12-01',
    status,
  };
}

describe('projected position', () => {
  it('sums the lots of the latest snapshot and takes in_transit from it', () => {
    const old = { ...stock('A', 'WH1', 999, 0, 999), as_of: '2026-11-25T02:00:00Z' };
    const facts = indexStock(
      [old, { ...stock('A', 'WH1', 30, 5, 10), lot: 'L1' }, { ...stock('A', 'WH1', 20, 0, 0), lot: 'L2' }],
      [po('WH1', 500, 'confirmed')],
      [],
    );
    // 50 on hand, 5 reserved, 10 in transit; the open PO is already inside the snapshot's in_transit
    expect(facts.get(itemLocationKey('A', 'WH1'))).toMatchObject({ onHand: 50, reserved: 5, inTransit: 10 });
  });

  it('falls back to confirmed open purchase orders when there is no snapshot', () => {
    const facts = indexStock([], [po('WH2', 40, 'confirmed'), po('WH2', 7, 'partially_received'), po('WH2', 100, 'draft'), po('WH2', 100, 'sent')], []);
    expect(facts.get(itemLocationKey('A', 'WH2'))?.inTransit).toBe(47);
  });

  it('subtracts open sales due up to the last day of the lead time', () => {
    const sale = (qty: number, date: string) => ({
      order_id: date,
      line_id: '1',
      sku: 'A',
      location: 'WH1',
      ordered_qty: qty,
      delivered_qty: 0,
      open_qty: qty,
      uom: 'EA',
      required_date: date,
    });
    const facts = indexStock([stock('A', 'WH1', 100, 10, 20)], [], [sale(5, '2026-11-20'), sale(7, '2026-12-03'), sale(11, '2026-12-04')]);
    // asOf 2026-11-26 + 7 d = 2026-12-03: overdue 5 and 7 count, 11 does not: 100 - 10 + 20 - 12 = 98
    expect(projectedPosition(facts.get(itemLocationKey('A', 'WH1'))!, dayNumber('2026-12-03'))).toEqual({ position: 98, openSalesDue: 12 });
  });
});

describe('transfer donors', () => {
  const analysis = (location: string, position: number, orderUpTo: number, onHand: number, reserved = 0) =>
    ({ location, position, orderUpTo, onHand, reserved, decimals: 0 }) as Analysis;

  it('caps excess above (1 + margin) S at the stock physically available', () => {
    expect(transferableExcess(analysis('B', 400, 140, 400), 0.2)).toBe(232); // 400 - 168
    expect(transferableExcess(analysis('B', 400, 140, 120, 20), 0.2)).toBe(100); // in transit cannot move
    expect(transferableExcess(analysis('B', 160, 140, 160), 0.2)).toBe(0);
  });

  it('picks the donor with most excess, lowest code on a tie, never the short location', () => {
    const donors: Donor[] = [
      { analysis: analysis('WH-C', 0, 0, 0), excess: 50 },
      { analysis: analysis('WH-B', 0, 0, 0), excess: 50 },
      { analysis: analysis('WH-A', 0, 0, 0), excess: 90 },
    ];
    expect(pickDonor(donors, 'WH-X')?.analysis.location).toBe('WH-A');
    expect(pickDonor(donors, 'WH-A')?.analysis.location).toBe('WH-B');
    expect(pickDonor([], 'WH-A')).toBeNull();
  });
});
