import type { DemandClass } from '../contracts/types';

/** Syntetos-Boylan-Croston cut-offs (Syntetos, Boylan & Croston 2005). */
export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandProfile {
  /** Average inter-demand interval in weeks: periods / periods with demand; Infinity when there is none. */
  adi: number;
  /** Squared coefficient of variation of the non-zero demand sizes (population variance); 0 for one size. */
  cv2: number;
  nonZero: number;
  periods: number;
  /** null when the series has no demand: such items get no forecast and zero stock levels. */
  demandClass: DemandClass | null;
}

/**
 * ADI is computed as periods / demand occurrences over the series, which starts at the first demand
 * (see aggregate.ts); that equals the mean gap between demands plus the tail since the last one, so an
 * item that has gone quiet drifts towards intermittent, as it should.
 */
export function classifyDemand(values: readonly number[]): DemandProfile {
  let nonZero = 0;
  let sum = 0;
  for (const v of values) {
    if (v > 0) {
      nonZero++;
      sum += v;
    }
  }
  const periods = values.length;
  if (nonZero === 0) return { adi: Infinity, cv2: 0, nonZero, periods, demandClass: null };
  const mean = sum / nonZero;
  // Two passes: sum-of-squares minus squared mean cancels badly for large, steady sizes.
  let squares = 0;
  for (const v of values) if (v > 0) squares += (v - mean) * (v - mean);
  const variance = squares / nonZero;
  const adi = periods / nonZero;
  const cv2 = variance / (mean * mean);
  return { adi, cv2, nonZero, periods, demandClass: classOf(adi, cv2) };
}

export function classOf(adi: number, cv2: number): DemandClass {
  if (adi < ADI_CUTOFF) return cv2 < CV2_CUTOFF ? 'smooth' : 'erratic';
  return cv2 < CV2_CUTOFF ? 'intermittent' : 'lumpy';
}
