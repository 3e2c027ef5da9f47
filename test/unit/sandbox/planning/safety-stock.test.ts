import { orderUpTo, reorderPoint } from '../../../../sandbox/planning/engine/levels';
import { safetyStock, toDaily } from '../../../../sandbox/planning/engine/safety-stock';

describe('safety stock and (s, S) levels', () => {
  const z95 = 1.6448536269514722;

  it('combines demand and lead-time variation: SS = z sqrt(LT sigma_d^2 + d^2 sigma_LT^2)', () => {
    // d = 10/day, sigma_d = 3/day, LT = 9 d, sigma_LT = 2 d: 9*9 + 100*4 = 481; 1.6449 * sqrt(481) = 36.0745
    expect(safetyStock(z95, 10, 3, 9, 2)).toBeCloseTo(36.074456, 5);
    // only demand noise: 1.6449 * 3 * sqrt(9) = 14.8037
    expect(safetyStock(z95, 10, 3, 9, 0)).toBeCloseTo(14.803683, 5);
    // only lead-time noise: 1.6449 * 10 * 2 = 32.8971
    expect(safetyStock(z95, 10, 0, 9, 2)).toBeCloseTo(32.897073, 5);
    // z(0.5) = 0 gives no buffer
    expect(safetyStock(0, 10, 3, 9, 2)).toBe(0);
  });

  it('converts weekly rate and sigma to days', () => {
    const daily = toDaily(70, 14);
    expect(daily.rate).toBe(10);
    expect(daily.sigma).toBeCloseTo(14 / Math.sqrt(7), 12); // 5.2915
  });

  it('sets s = d LT + SS and S = s + d R', () => {
    // d = 10/day, LT = 9 d, SS = 36.07: s = 90 + 36.07 = 126.07; R = 7 d: S = 126.07 + 70 = 196.07
    const s = reorderPoint(10, 9, 36.07);
    expect(s).toBeCloseTo(126.07, 10);
    expect(orderUpTo(s, 10, 7)).toBeCloseTo(196.07, 10);
  });
});
