import { classOf, classifyDemand } from '../../../../sandbox/planning/engine/classify';

describe('classifyDemand (Syntetos-Boylan)', () => {
  it.each([
    // series, ADI = periods / non-zero, CV^2 = population variance / mean^2 of the non-zero sizes, class
    [[10, 10, 10, 10], 1, 0, 'smooth'],
    // sizes 8, 12: mean 10, variance 4, CV^2 0.04
    [[8, 12, 8, 12], 1, 0.04, 'smooth'],
    // sizes 1, 19: mean 10, variance 81, CV^2 0.81
    [[1, 19, 1, 19], 1, 0.81, 'erratic'],
    // 2 demands in 4 weeks: ADI 2; sizes 10, 10: CV^2 0
    [[10, 0, 10, 0], 2, 0, 'intermittent'],
    // 2 demands in 6 weeks: ADI 3; sizes 2, 18: mean 10, variance 64, CV^2 0.64
    [[2, 0, 0, 18, 0, 0], 3, 0.64, 'lumpy'],
    // 4 demands in 5 weeks: ADI 1.25 (< 1.32); sizes 5, 5, 5, 5
    [[5, 5, 0, 5, 5], 1.25, 0, 'smooth'],
    // 3 demands in 4 weeks: ADI 1.333 (>= 1.32)
    [[5, 5, 0, 5], 4 / 3, 0, 'intermittent'],
  ])('%j has ADI %d, CV² %d: %s', (series, adi, cv2, cls) => {
    const profile = classifyDemand(series);
    expect(profile.adi).toBeCloseTo(adi, 10);
    expect(profile.cv2).toBeCloseTo(cv2, 10);
    expect(profile.demandClass).toBe(cls);
  });

  it('puts the cut-offs on the upper side: ADI 1.32 and CV² 0.49 count as high', () => {
    expect(classOf(1.32, 0.1)).toBe('intermittent');
    expect(classOf(1.3199, 0.49)).toBe('erratic');
    expect(classOf(1.32, 0.49)).toBe('lumpy');
    expect(classOf(1.3199, 0.4899)).toBe('smooth');
  });

  it('gives no class to a series without demand', () => {
    expect(classifyDemand([0, 0, 0])).toMatchObject({ demandClass: null, nonZero: 0, adi: Infinity });
    expect(classifyDemand([]).demandClass).toBeNull();
  });
});
