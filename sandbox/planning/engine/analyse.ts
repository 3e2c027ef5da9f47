import type { ItemRecord, ItemSupplierRecord } from '../contracts/types';
import type { WeeklyDemand } from './aggregate';
import { classifyDemand, type DemandProfile } from './classify';
import type { SeriesFit } from './fit';
import { coverageRate, fitSeries } from './forecast';
import { orderUpTo, reorderPoint } from './levels';
import type { ResolvedOptions } from './options';
import { projectedPosition, type StockFacts } from './position';
import { ceilTo, decimalsForUom } from './rounding';
import { safetyStock, toDaily } from './safety-stock';

/** Everything the engine knows about one sku + location; recommendations and policies read from here. */
export interface Analysis {
  sku: string;
  location: string;
  item: ItemRecord;
  uom: string;
  decimals: number;
  series: WeeklyDemand;
  profile: DemandProfile;
  fit: SeriesFit;
  dailyRate: number;
  dailySigma: number;
  supplier: ItemSupplierRecord | null;
  leadTimeDays: number;
  leadTimeSigmaDays: number;
  /** Why a default was used, for the reason text. */
  notes: string[];
  safetyStock: number;
  reorderPoint: number;
  orderUpTo: number;
  onHand: number;
  reserved: number;
  inTransit: number;
  openSalesDue: number;
  position: number;
}

export interface AnalyseContext {
  options: ResolvedOptions;
  z: number;
  asOfDay: number;
}

export function analyse(
  item: ItemRecord,
  location: string,
  series: WeeklyDemand,
  supplier: ItemSupplierRecord | null,
  facts: StockFacts,
  ctx: AnalyseContext,
): Analysis {
  const { options } = ctx;
  const profile = classifyDemand(series.values);
  const fit = fitSeries(series.values, profile.demandClass, options.alpha, options.beta);
  const lead = leadTime(supplier, options);
  const weeklyRate = coverageRate(fit, lead.days + options.reviewPeriodDays, options.horizonWeeks);
  const daily = toDaily(weeklyRate, fit.sigma);
  const decimals = decimalsForUom(item.uom);
  const ss = ceilTo(safetyStock(ctx.z, daily.rate, daily.sigma, lead.days, lead.sigma), decimals);
  const rop = ceilTo(reorderPoint(daily.rate, lead.days, ss), decimals);
  const s = ceilTo(orderUpTo(rop, daily.rate, options.reviewPeriodDays), decimals);
  const { position, openSalesDue } = projectedPosition(facts, ctx.asOfDay + lead.days);
  return {
    sku: item.sku,
    location,
    item,
    uom: item.uom,
    decimals,
    series,
    profile,
    fit,
    dailyRate: daily.rate,
    dailySigma: daily.sigma,
    supplier,
    leadTimeDays: lead.days,
    leadTimeSigmaDays: lead.sigma,
    notes: lead.notes,
    safetyStock: ss,
    reorderPoint: rop,
    orderUpTo: s,
    onHand: facts.onHand,
    reserved: facts.reserved,
    inTransit: facts.inTransit,
    openSalesDue,
    position,
  };
}

/** Lead time from the chosen offer; a missing figure takes the documented default and says so. */
export function leadTime(supplier: ItemSupplierRecord | null, options: ResolvedOptions): { days: number; sigma: number; notes: string[] } {
  const notes: string[] = [];
  let days = supplier?.lead_time_days;
  if (days === null || days === undefined || !(days >= 0)) {
    days = options.defaultLeadTimeDays;
    notes.push(supplier ? `lead time defaulted to ${days} d (no lead_time_days from ${supplier.supplier})` : `lead time defaulted to ${days} d (no supplier)`);
  }
  let sigma = supplier?.lead_time_stddev_days;
  if (sigma === null || sigma === undefined || !(sigma >= 0)) {
    sigma = days * options.defaultLeadTimeCv;
    notes.push(`lead time deviation defaulted to ${fmt(sigma)} d (${options.defaultLeadTimeCv * 100} % of lead time)`);
  }
  return { days, sigma, notes };
}

export function fmt(value: number): string {
  return String(Math.round(value * 100) / 100);
}
