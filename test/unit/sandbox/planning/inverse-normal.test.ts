import { inverseNormal } from '../../../../sandbox/planning/engine/inverse-normal';

/** Standard normal CDF by Simpson's rule on the density: an independent check of the approximation. */
function normalCdf(x: number): number {
  const n = 20_000;
  const a = Math.min(0, x);
  const b = Math.max(0, x);
  const h = (b - a) / n;
  const f = (t: number): number => Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += (i % 2 === 0 ? 2 : 4) * f(a + i * h);
  const area = (sum * h) / 3;
  return x >= 0 ? 0.5 + area : 0.5 - area;
}

describe('inverseNormal (Acklam)', () => {
  it.each([
    [0.5, 0],
    [0.95, 1.6449],
    [0.98, 2.0537],
    [0.975, 1.96],
    [0.99, 2.3263],
    [0.999, 3.0902],
    [0.05, -1.6449],
    [0.01, -2.3263],
  ])('z(%d) = %d', (p, z) => {
    expect(inverseNormal(p)).toBeCloseTo(z, 4);
  });

  it('inverts the normal CDF to 1e-9 in both tails and the centre', () => {
    for (const p of [1e-6, 0.001, 0.02, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97575, 0.99, 0.999999]) {
      expect(Math.abs(normalCdf(inverseNormal(p)) - p)).toBeLessThan(1e-9);
    }
  });

  it('is antisymmetric and rejects probabilities outside (0, 1)', () => {
    expect(inverseNormal(0.2)).toBeCloseTo(-inverseNormal(0.8), 12);
    expect(inverseNormal(0)).toBe(-Infinity);
    expect(inverseNormal(1)).toBe(Infinity);
    expect(() => inverseNormal(1.2)).toThrow(RangeError);
    expect(() => inverseNormal(Number.NaN)).toThrow(RangeError);
  });
});
