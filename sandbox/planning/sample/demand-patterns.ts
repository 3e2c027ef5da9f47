import type { Prng } from '../prng';

/** The shape of demand the generator draws for one item-location; `none` and `trend` exercise edge paths. */
export type Pattern = 'smooth' | 'trend' | 'erratic' | 'intermittent' | 'lumpy' | 'none';

const WEIGHTS: Array<[Pattern, number]> = [
  ['smooth', 0.33],
  ['trend', 0.1],
  ['erratic', 0.15],
  ['intermittent', 0.2],
  ['lumpy', 0.17],
  ['none', 0.05],
];

export function pickPattern(rng: Prng): Pattern {
  let r = rng.next();
  for (const [pattern, weight] of WEIGHTS) {
    if (r < weight) return pattern;
    r -= weight;
  }
  return 'smooth';
}

/**
 * Weekly demand for `weeks` weeks around a mean size. The parameters put each pattern well inside its
 * Syntetos-Boylan quadrant: smooth CV^2 about 0.06, erratic about 1.7 (lognormal sigma 1), intermittent
 * and lumpy demand in roughly one week of three.
 */
export function weeklyDemand(rng: Prng, pattern: Pattern, mean: number, weeks: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < weeks; t++) {
    switch (pattern) {
      case 'none':
        out.push(0);
        break;
      case 'smooth':
        out.push(Math.max(1, mean * (1 + 0.25 * rng.normal())));
        break;
      case 'trend':
        out.push(Math.max(1, mean * (0.5 + t / weeks) * (1 + 0.1 * rng.normal())));
        break;
      case 'erratic':
        out.push(rng.chance(0.95) ? mean * Math.exp(rng.normal() - 0.5) : 0);
        break;
      case 'intermittent':
        out.push(rng.chance(0.3) ? Math.max(1, mean * (1 + 0.3 * rng.normal())) : 0);
        break;
      case 'lumpy':
        out.push(rng.chance(0.28) ? mean * Math.exp(1.1 * rng.normal() - 0.6) : 0);
        break;
    }
  }
  return out;
}
