import type { SeriesFit } from './fit';

/**
 * Croston's method with the Syntetos-Boylan approximation for intermittent and lumpy demand.
 * Demand sizes z and intervals p (weeks between demands) are smoothed separately, only in weeks with
 * demand; the forecast per week is (1 - alpha/2) z / p, which removes the upward bias of plain z / p.
 *
 * Initialisation is the "mean" one: z_0 = mean non-zero size, p_0 = ADI of the series. Series start at
 * their first demand (aggregate.ts), so initialising p with the first observed interval would always give
 * p_0 = 1 and overstate demand for months; the mean start avoids that bias.
 * Every demand updates z and p (the first one with its 1-based position as interval). Residuals are the
 * one-step-ahead errors of every week; sigma is their RMS.
 */
export function fitCrostonSba(values: readonly number[], alpha: number): SeriesFit {
  const factor = 1 - alpha / 2;
  let demands = 0;
  let total = 0;
  for (const y of values) {
    if (y > 0) {
      demands++;
      total += y;
    }
  }
  if (demands === 0) return { method: 'croston_sba', forecast: () => 0, sigma: 0, horizonFactor: () => 1 };
  let size = total / demands;
  let interval = values.length / demands;
  let sinceLast = 0;
  let squares = 0;
  for (const y of values) {
    sinceLast++;
    const error = y - (factor * size) / interval;
    squares += error * error;
    if (y > 0) {
      size += alpha * (y - size);
      interval += alpha * (sinceLast - interval);
      sinceLast = 0;
    }
  }
  const rate = (factor * size) / interval;
  return {
    method: 'croston_sba',
    forecast: () => rate,
    sigma: Math.sqrt(squares / values.length),
    // No closed form exists for Croston's h-step variance; the flat rate keeps the one-step spread.
    horizonFactor: () => 1,
  };
}
