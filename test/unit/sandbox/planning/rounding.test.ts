import { ceilTo, decimalsForUom, floorTo, roundToSupplier } from '../../../../sandbox/planning/engine/rounding';
import { chooseSupplier } from '../../../../sandbox/planning/engine/supplier';
import { offer } from './helpers';

describe('roundToSupplier (MOQ, then pack multiple)', () => {
  it.each([
    // need, moq, pack, ordered
    [95, 120, 25, 125], // MOQ 120 is not a pack multiple: 5 packs of 25
    [158, 120, 25, 175], // above MOQ: ceil(158/25) = 7 packs
    [2990, 500, 100, 3000], // the contract example
    [300, 500, 100, 500],
    [7, 1, 1, 7],
    [7.2, 1, 1, 8], // pack 1: whole units
    [0.3, 0, 0.1, 0.3], // float noise: 0.3 / 0.1 is 2.9999999999999996
    [12, 0, 12, 12],
    [0, 500, 100, 0], // nothing needed, nothing ordered
    [-5, 500, 100, 0],
  ])('need %d, MOQ %d, pack %d orders %d', (need, moq, pack, ordered) => {
    expect(roundToSupplier(need, moq, pack)).toBe(ordered);
  });
});

describe('quantity rounding by unit', () => {
  it('keeps count units whole and weights to three decimals', () => {
    expect(decimalsForUom('EA')).toBe(0);
    expect(decimalsForUom('KGM')).toBe(3);
    expect(ceilTo(36.0745, 0)).toBe(37);
    expect(ceilTo(70, 0)).toBe(70);
    expect(ceilTo(1.23401, 3)).toBe(1.235);
    expect(floorTo(95.9, 0)).toBe(95);
  });
});

describe('chooseSupplier', () => {
  const asOf = '2026-11-26';

  it('takes the preferred offer before a cheaper one', () => {
    const chosen = chooseSupplier([offer('A', 'S1', { unit_cost: 1 }), offer('A', 'S2', { unit_cost: 2, preferred: true })], asOf);
    expect(chosen?.supplier).toBe('S2');
  });

  it('takes the lowest unit cost without a preferred offer, then the lowest code on a tie', () => {
    expect(chooseSupplier([offer('A', 'S1', { unit_cost: 3 }), offer('A', 'S2', { unit_cost: 2 })], asOf)?.supplier).toBe('S2');
    expect(chooseSupplier([offer('A', 'S9', { unit_cost: 2 }), offer('A', 'S3', { unit_cost: 2 })], asOf)?.supplier).toBe('S3');
  });

  it('ignores offers outside their validity dates', () => {
    const expired = offer('A', 'S1', { preferred: true, valid_to: '2026-11-25' });
    const future = offer('A', 'S2', { valid_from: '2026-12-01' });
    const current = offer('A', 'S3', { unit_cost: 9, valid_from: '2026-11-26', valid_to: '2026-11-26' });
    expect(chooseSupplier([expired, future, current], asOf)?.supplier).toBe('S3');
    expect(chooseSupplier([expired, future], asOf)).toBeNull();
  });
});
