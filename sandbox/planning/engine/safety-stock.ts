/**
 * Safety stock against demand and lead-time variation for a cycle service level:
 *   SS = z * sqrt(LT * sigma_d^2 + d^2 * sigma_LT^2)
 * All in days: d and sigma_d are demand per day (units/day), LT and sigma_LT are days, so SS is in units.
 * The first term is demand noise over the lead time (independent days), the second the demand that
 * arrives while a late delivery is awaited.
 */
export function safetyStock(z: number, dailyDemand: number, dailySigma: number, leadTimeDays: number, leadTimeSigmaDays: number): number {
  const variance = leadTimeDays * dailySigma * dailySigma + dailyDemand * dailyDemand * leadTimeSigmaDays * leadTimeSigmaDays;
  return Math.max(0, z) * Math.sqrt(variance);
}

/** Weekly forecast figures to daily ones: rate / 7, and sigma / sqrt(7) assuming independent days. */
export function toDaily(weeklyRate: number, weeklySigma: number): { rate: number; sigma: number } {
  return { rate: weeklyRate / 7, sigma: weeklySigma / Math.sqrt(7) };
}
