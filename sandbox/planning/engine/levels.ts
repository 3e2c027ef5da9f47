/** Reorder point s = d * LT + SS: expected lead-time demand plus the buffer. Units, with d per day and LT in days. */
export function reorderPoint(dailyDemand: number, leadTimeDays: number, safetyStockUnits: number): number {
  return dailyDemand * leadTimeDays + safetyStockUnits;
}

/** Order-up-to S = s + d * R: an order placed at a review must also cover demand until the next review. */
export function orderUpTo(reorderPointUnits: number, dailyDemand: number, reviewPeriodDays: number): number {
  return reorderPointUnits + dailyDemand * reviewPeriodDays;
}
