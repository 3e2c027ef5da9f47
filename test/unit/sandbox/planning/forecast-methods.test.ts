import { fitCrostonSba } from '../../../../sandbox/planning/engine/croston';
import { coverageRate, fitSeries, forecastRecords } from '../../../../sandbox/planning/engine/forecast';
import { fitHolt } from '../../../../sandbox/planning/engine/holt';
import { fitSes } from '../../../../sandbox/planning/engine/ses';
import { hasTrend } from '../../../../sandbox/planning/engine/trend';

describe('simple exponential smoothing', () => {
  it('matches a hand computation (alpha 0.2, level starts at the mean of 4 weeks)', () => {
    // y = 10 12 8 11 9 14; l0 = (10+12+8+11)/4 = 10.25
    // t1 e=-0.25   l=10.2      t2 e=1.8     l=10.56     t3 e=-2.56   l=10.048
    // t4 e=0.952   l=10.2384   t5 e=-1.2384 l=9.99072   t6 e=4.00928 l=10.792576
    // sigma = sqrt((0.0625+3.24+6.5536+0.906304+1.53363456+16.0743261184)/6) = 2.174487
    const fit = fitSes([10, 12, 8, 11, 9, 14], 0.2);
    expect(fit.method).toBe('ses');
    expect(fit.forecast(1)).toBeCloseTo(10.792576, 9);
    expect(fit.forecast(12)).toBeCloseTo(10.792576, 9);
    expect(fit.sigma).toBeCloseTo(2.174487, 6);
    // h-step spread: sqrt(1 + (h-1) alpha^2); h = 3 gives sqrt(1.08)
    expect(fit.horizonFactor(3)).toBeCloseTo(Math.sqrt(1.08), 12);
  });
});

describe("Holt's linear trend", () => {
  it('matches a hand computation (alpha 0.2, beta 0.1, l1 = y1, b1 = (y4 - y1) / 3)', () => {
    // y = 10 12 14 13 16 18; l1 = 10, b1 = (13-10)/3 = 1
    // t2 f=11        e=1         l=11.2        b=1.02
    // t3 f=12.22     e=1.78      l=12.576      b=1.0556
    // t4 f=13.6316   e=-0.6316   l=13.50528    b=1.042968
    // t5 f=14.548248 e=1.451752  l=14.8385984  b=1.07200304
    // t6 f=15.91060144 e=2.08939856 l=16.328481152 b=1.1137910112
    // forecast(h) = l6 + h b6; sigma = sqrt(sum e^2 / 5) = 1.485967
    const fit = fitHolt([10, 12, 14, 13, 16, 18], 0.2, 0.1);
    expect(fit.method).toBe('holt');
    expect(fit.forecast(1)).toBeCloseTo(17.4422721632, 9);
    expect(fit.forecast(2)).toBeCloseTo(18.5560631744, 9);
    expect(fit.sigma).toBeCloseTo(1.485967, 6);
    // sqrt(1 + (0.2 * 1.1)^2) for h = 2
    expect(fit.horizonFactor(2)).toBeCloseTo(Math.sqrt(1 + 0.22 ** 2), 12);
  });

  it('never forecasts negative demand on a falling trend', () => {
    const fit = fitHolt([40, 30, 20, 10, 5, 1], 0.2, 0.1);
    expect(fit.forecast(12)).toBe(0);
  });
});

describe('Croston with the Syntetos-Boylan approximation', () => {
  it('matches a hand computation (alpha 0.2, mean initialisation)', () => {
    // y = 0 0 6 0 0 0 4 0 5 0: 3 demands in 10 weeks; z0 = 15/3 = 5, p0 = 10/3; rate = 0.9 z / p
    // t3 (interval 3): z = 5 + 0.2(6-5) = 5.2,      p = 10/3 + 0.2(3 - 10/3) = 3.2667
    // t7 (interval 4): z = 5.2 + 0.2(4-5.2) = 4.96, p = 3.2667 + 0.2(4 - 3.2667) = 3.4133
    // t9 (interval 2): z = 4.96 + 0.2(5-4.96) = 4.968, p = 3.4133 + 0.2(2 - 3.4133) = 3.130667
    // forecast = 0.9 * 4.968 / 3.130667 = 1.428194
    const fit = fitCrostonSba([0, 0, 6, 0, 0, 0, 4, 0, 5, 0], 0.2);
    expect(fit.method).toBe('croston_sba');
    expect(fit.forecast(1)).toBeCloseTo(1.428194, 6);
    expect(fit.forecast(8)).toBeCloseTo(1.428194, 6);
    // one-step errors: weeks 1-3 against 1.35, 4-7 against 1.432653, 8-9 against 1.307813, 10 against 1.428194
    const r0 = (0.9 * 5) / (10 / 3);
    const r1 = (0.9 * 5.2) / (10 / 3 + 0.2 * (3 - 10 / 3));
    const p2 = 10 / 3 + 0.2 * (3 - 10 / 3);
    const r2 = (0.9 * 4.96) / (p2 + 0.2 * (4 - p2));
    const errors = [-r0, -r0, 6 - r0, -r1, -r1, -r1, 4 - r1, -r2, 5 - r2, -1.428194207836457];
    expect(fit.sigma).toBeCloseTo(Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / 10), 6);
  });
});

describe('method choice and trend rule', () => {
  const rising = Array.from({ length: 30 }, (_, t) => 100 + 5 * t + (t % 2 === 0 ? 3 : -3));

  it('detects a clear trend and ignores a flat or too short series', () => {
    expect(hasTrend(rising)).toBe(true);
    expect(hasTrend(Array.from({ length: 30 }, (_, t) => 100 + (t % 2 === 0 ? 3 : -3)))).toBe(false);
    expect(hasTrend([1, 2, 3, 4, 5, 6, 7])).toBe(false); // fewer than 8 weeks
    // statistically clear but only 2.9 % change over the window: stays with SES
    expect(hasTrend(Array.from({ length: 30 }, (_, t) => 1000 + t))).toBe(false);
  });

  it('uses SES for smooth, Holt for trending smooth and erratic, Croston-SBA for intermittent and lumpy', () => {
    expect(fitSeries([10, 11, 9, 10, 10, 11, 9, 10], 'smooth', 0.2, 0.1).method).toBe('ses');
    expect(fitSeries(rising, 'smooth', 0.2, 0.1).method).toBe('holt');
    expect(fitSeries([1, 30, 2, 25], 'erratic', 0.2, 0.1).method).toBe('holt');
    expect(fitSeries([0, 5, 0, 5], 'intermittent', 0.2, 0.1).method).toBe('croston_sba');
    expect(fitSeries([0, 1, 0, 30], 'lumpy', 0.2, 0.1).method).toBe('croston_sba');
    const none = fitSeries([], null, 0.2, 0.1);
    expect([none.method, none.forecast(1), none.sigma]).toEqual(['none', 0, 0]);
  });
});

describe('forecastRecords', () => {
  it('writes weekly forecast@1 records with bounds from the residual sigma', () => {
    const fit = fitSes([10, 12, 8, 11, 9, 14], 0.2);
    const records = forecastRecords(fit, {
      planId: 'PLAN-2026-11-26',
      planVersion: 1,
      sku: 'A',
      location: 'WH1',
      uom: 'EA',
      company: null,
      demandClass: 'smooth',
      lastHistoryWeek: 100,
      firstForecastWeek: 102,
      horizonWeeks: 2,
      intervalZ: 1.6448536269514722,
    });
    expect(records).toHaveLength(2);
    // first period is h = 2 (week 101 is the partial current week): 10.792576 -/+ 1.6449 * 2.174487 * sqrt(1.04)
    expect(records[0]).toMatchObject({ quantity: 10.793, lower: 7.145, upper: 14.44, method: 'ses', demand_class: 'smooth', plan_version: 1 });
    // week 102 starts 102 * 7 - 3 = 711 days after 1970-01-01: Monday 1971-12-13
    expect([records[0].period_start, records[0].period_end]).toEqual(['1971-12-13', '1971-12-19']);
    expect(records[1].period_start).toBe('1971-12-20');
  });

  it('averages the forecast over the weeks an order must cover', () => {
    const fit = fitHolt([10, 12, 14, 13, 16, 18], 0.2, 0.1);
    // 12 days of lead time + review: ceil(12/7) = 2 weeks: (17.4422721632 + 18.5560631744) / 2
    expect(coverageRate(fit, 12, 12)).toBeCloseTo(17.9991676688, 9);
    expect(coverageRate(fit, 100, 1)).toBeCloseTo(17.4422721632, 9);
  });
});
