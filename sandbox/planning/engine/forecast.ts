import type { DemandClass, ForecastRecord } from '../contracts/types';
import { fitCrostonSba } from './croston';
import { isoDate, weekStartDay } from './dates';
import { NO_FORECAST, type SeriesFit } from './fit';
import { fitHolt } from './holt';
import { fitSes } from './ses';
import { hasTrend } from './trend';

/**
 * Method per demand class: SES for smooth demand (Holt when trend.ts finds a trend), Holt for erratic,
 * Croston-SBA for intermittent and lumpy. No demand, no model: the forecast is zero.
 */
export function fitSeries(values: readonly number[], demandClass: DemandClass | null, alpha: number, beta: number): SeriesFit {
  switch (demandClass) {
    case null:
      return NO_FORECAST;
    case 'smooth':
      return hasTrend(values) ? fitHolt(values, alpha, beta) : fitSes(values, alpha);
    case 'erratic':
      return fitHolt(values, alpha, beta);
    case 'intermittent':
    case 'lumpy':
      return fitCrostonSba(values, alpha);
  }
}

export interface ForecastContext {
  planId: string;
  planVersion: number;
  sku: string;
  location: string;
  uom: string;
  company: string | null;
  demandClass: DemandClass | null;
  /** Week index of the last history week; h counts from there. */
  lastHistoryWeek: number;
  firstForecastWeek: number;
  horizonWeeks: number;
  /** z of the two-sided interval, e.g. 1.645 for 90 %. */
  intervalZ: number;
}

/** One forecast@1 record per week; bounds are forecast -/+ z * sigma_h, the lower one floored at zero. */
export function forecastRecords(fit: SeriesFit, ctx: ForecastContext): ForecastRecord[] {
  const out: ForecastRecord[] = [];
  for (let i = 0; i < ctx.horizonWeeks; i++) {
    const week = ctx.firstForecastWeek + i;
    const h = week - ctx.lastHistoryWeek;
    const quantity = fit.forecast(h);
    const spread = ctx.intervalZ * fit.sigma * fit.horizonFactor(h);
    const start = weekStartDay(week);
    out.push({
      plan_id: ctx.planId,
      plan_version: ctx.planVersion,
      sku: ctx.sku,
      location: ctx.location,
      period_start: isoDate(start),
      period_end: isoDate(start + 6),
      quantity: round3(quantity),
      lower: round3(Math.max(0, quantity - spread)),
      upper: round3(quantity + spread),
      uom: ctx.uom,
      method: fit.method,
      demand_class: ctx.demandClass,
      company: ctx.company,
    });
  }
  return out;
}

/**
 * Mean weekly forecast over the weeks that an order placed now must cover (lead time plus review period),
 * so a trending item's safety stock and reorder point follow the trend instead of last week's level.
 */
export function coverageRate(fit: SeriesFit, coverDays: number, maxWeeks: number): number {
  const weeks = Math.min(Math.max(1, Math.ceil(coverDays / 7)), Math.max(1, maxWeeks));
  let sum = 0;
  for (let h = 1; h <= weeks; h++) sum += fit.forecast(h);
  return sum / weeks;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
