import { aggregateWeekly } from '../../../../sandbox/planning/engine/aggregate';
import { dayNumber, weekIndex } from '../../../../sandbox/planning/engine/dates';
import { itemLocationKey } from '../../../../sandbox/planning/engine/keys';
import { AS_OF, demand } from './helpers';

describe('aggregateWeekly', () => {
  const asOfDay = dayNumber(AS_OF); // Thursday 2026-11-26; last complete week starts Monday 2026-11-16

  it('buckets complete ISO weeks, fills zero weeks, nets returns and drops cancelled or repeated lines', () => {
    const repeated = demand('A', 'WH1', '2026-11-17T09:00:00Z', 6);
    const corrected = demand('A', 'WH1', '2026-11-10T09:00:00Z', 9);
    const rows = [
      demand('A', 'WH1', '2026-10-20T08:00:00Z', 50), // week of 10-19: outside a 4-week window
      demand('A', 'WH1', '2026-11-03T10:00:00Z', 5), // week of 11-02
      demand('A', 'WH1', '2026-11-08T23:59:59Z', 3), // Sunday: still week of 11-02
      corrected,
      { ...corrected, status: 'cancelled' as const }, // cancels the 11-10 line: week of 11-09 becomes 0
      demand('A', 'WH1', '2026-11-12T10:00:00Z', 4, { type: 'return' }), // 0 - 4 floors at 0
      repeated,
      { ...repeated }, // exported twice, counted once
      demand('A', 'WH1', '2026-11-18T10:00:00+00:00', 2, { type: 'return' }), // 6 - 2 = 4
      demand('A', 'WH1', '2026-11-24T10:00:00Z', 100), // current, partial week: left out
      demand('B', 'WH1', '2026-11-18T10:00:00Z', 3, { type: 'return' }), // only a return: no demand
    ];
    const result = aggregateWeekly(rows, asOfDay, 4);
    // Window: weeks of 10-26, 11-02, 11-09, 11-16; the series starts at its first demand (11-02).
    expect(result.get(itemLocationKey('A', 'WH1'))).toEqual({ firstWeek: weekIndex(dayNumber('2026-11-02')), values: [8, 0, 4] });
    expect(result.get(itemLocationKey('B', 'WH1'))?.values).toEqual([]);
  });

  it('keeps sku and location apart', () => {
    const rows = [demand('A', 'WH1', '2026-11-18T10:00:00Z', 1), demand('A', 'WH2', '2026-11-18T10:00:00Z', 2), demand('B', 'WH1', '2026-11-18T10:00:00Z', 3)];
    const result = aggregateWeekly(rows, asOfDay, 10);
    expect([...result.keys()].sort()).toEqual([itemLocationKey('A', 'WH1'), itemLocationKey('A', 'WH2'), itemLocationKey('B', 'WH1')].sort());
    expect(result.get(itemLocationKey('A', 'WH2'))?.values).toEqual([2]);
  });

  it('counts a Monday-midnight asOf week as not yet started', () => {
    const rows = [demand('A', 'WH1', '2026-11-29T23:00:00Z', 7), demand('A', 'WH1', '2026-11-30T00:00:00Z', 100)];
    const result = aggregateWeekly(rows, dayNumber('2026-11-30T00:00:00Z'), 2);
    expect(result.get(itemLocationKey('A', 'WH1'))?.values).toEqual([7]);
  });
});
