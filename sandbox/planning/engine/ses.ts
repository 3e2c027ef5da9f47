import type { SeriesFit } from './fit';

/**
 * Simple exponential smoothing (flat forecast) for smooth demand.
 * Initial level: mean of the first min(n, 4) weeks, so one odd first week does not steer the start.
 * Residuals are one-step-ahead errors y_t - l_(t-1) for t = 1..n; sigma is their RMS.
 */
export function fitSes(values: readonly number[], alpha: number): SeriesFit {
  const n = values.length;
  const k = Math.min(n, 4);
  let level = 0;
  for (let i = 0; i < k; i++) level += values[i] / k;
  let squares = 0;
  for (const y of values) {
    const error = y - level;
    squares += error * error;
    level += alpha * error;
  }
  const sigma = n > 0 ? Math.sqrt(squares / n) : 0;
  const finalLevel = Math.max(0, level);
  return {
    method: 'ses',
    forecast: () => finalLevel,
    sigma,
    // Var(h-step error) = sigma^2 (1 + (h-1) alpha^2) for SES (Hyndman et al. 2008, ETS(A,N,N)).
    horizonFactor: (h) => Math.sqrt(1 + (h - 1) * alpha * alpha),
  };
}
