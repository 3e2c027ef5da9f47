import type { ForecastRecord, ItemSupplierRecord, PlanInput, RecommendationRecord, StockPolicyRecord } from '../contracts/types';
import { aggregateWeekly, type WeeklyDemand } from './aggregate';
import { analyse, type Analysis } from './analyse';
import { dayNumber, isoDate, isoDateTime, weekIndex, weekStartDay } from './dates';
import { decideSku, type Proposal } from './decide';
import { forecastRecords } from './forecast';
import { inverseNormal } from './inverse-normal';
import { compareStrings, splitKey } from './keys';
import { resolveOptions, type PlanOptions } from './options';
import { latestItems, locationFilter } from './input-index';
import { indexStock, type StockFacts } from './position';
import { policyRecord, recommendationRecord, type RecordContext } from './records';
import { detailOf, type PlanDetail } from './detail';
import { newStats, type PlanStats } from './stats';
import { chooseSupplier } from './supplier';

export interface PlanResult {
  planId: string;
  planVersion: number;
  asOf: string;
  recommendations: RecommendationRecord[];
  forecasts: ForecastRecord[];
  policies: StockPolicyRecord[];
  /** Per planned item-location: the figures behind its safety stock (not a contract record). */
  details: PlanDetail[];
  stats: PlanStats;
}

const EMPTY_FACTS: StockFacts = { onHand: 0, reserved: 0, inTransit: 0, openSales: [], hasSnapshot: false };

/**
 * Runs the replenishment engine: weekly demand, classification, forecast, safety stock, (s, S) levels,
 * projected position, transfers before purchases. Pure: the same input and asOf give the same output,
 * in the same order (nothing reads the clock or a random source).
 */
export function computePlan(input: PlanInput, options: PlanOptions): PlanResult {
  const opts = resolveOptions(options);
  const asOfDay = dayNumber(opts.asOf);
  if (Number.isNaN(asOfDay)) throw new RangeError(`asOf is not a date: ${opts.asOf}`);
  const asOfDate = isoDate(asOfDay);
  const planId = opts.planId ?? planIdFor(opts.asOf);
  const ctx: RecordContext = {
    planId,
    planVersion: opts.planVersion,
    asOfDay,
    createdAt: opts.createdAt ?? isoDateTime(asOfDay),
    validityDays: opts.validityDays,
    serviceLevel: opts.serviceLevel,
    reviewPeriodDays: opts.reviewPeriodDays,
  };
  const z = inverseNormal(opts.serviceLevel);
  const intervalZ = inverseNormal(0.5 + opts.intervalLevel / 2);
  const lastHistoryWeek = weekIndex(asOfDay) - 1;
  // Forecast periods are whole weeks from the first Monday on or after asOf (the current week is partial).
  const firstForecastWeek = weekStartDay(weekIndex(asOfDay)) === asOfDay ? weekIndex(asOfDay) : weekIndex(asOfDay) + 1;

  const items = latestItems(input.item);
  const offers = Map.groupBy(input.item_supplier, (o) => o.sku);
  const locationOk = locationFilter(input);
  const series = aggregateWeekly(input.demand_history, asOfDay, opts.historyWeeks);
  const facts = indexStock(input.stock_snapshot, input.open_purchase_order, input.open_sales_order);
  const keys = [...new Set([...series.keys(), ...facts.keys()])].sort(compareStrings);

  const stats = newStats();
  const forecasts: ForecastRecord[] = [];
  const policies: StockPolicyRecord[] = [];
  const details: PlanDetail[] = [];
  const proposals: Proposal[] = [];
  const emptySeries: WeeklyDemand = { firstWeek: lastHistoryWeek + 1, values: [] };
  const supplierCache = new Map<string, ItemSupplierRecord | null>();
  let skuGroup: Analysis[] = [];
  const flush = (): void => {
    if (skuGroup.length === 0) return;
    const decided = decideSku(skuGroup, opts, asOfDay);
    proposals.push(...decided.proposals);
    stats.no_supplier += decided.noSupplier;
    skuGroup = [];
  };

  for (const key of keys) {
    stats.item_locations++;
    const { sku, location } = splitKey(key);
    const item = items.get(sku);
    if (!item) {
      stats.skipped.unknown_item++;
      continue;
    }
    if (item.status !== 'active') {
      stats.skipped.inactive_item++;
      continue;
    }
    if (!locationOk(location)) {
      stats.skipped.location++;
      continue;
    }
    if (skuGroup.length > 0 && skuGroup[0].sku !== sku) flush();
    if (!supplierCache.has(sku)) supplierCache.set(sku, chooseSupplier(offers.get(sku) ?? [], asOfDate));
    const a = analyse(item, location, series.get(key) ?? emptySeries, supplierCache.get(sku) ?? null, facts.get(key) ?? EMPTY_FACTS, {
      options: opts,
      z,
      asOfDay,
    });
    skuGroup.push(a);
    stats.planned++;
    stats.classes[a.profile.demandClass ?? 'none']++;
    stats.methods[a.fit.method]++;
    if (a.notes.length > 0) stats.defaulted_lead_time++;
    policies.push(policyRecord(a, ctx));
    details.push(detailOf(a));
    if (a.profile.demandClass !== null) {
      forecasts.push(
        ...forecastRecords(a.fit, {
          planId,
          planVersion: opts.planVersion,
          sku,
          location,
          uom: a.uom,
          company: item.company ?? null,
          demandClass: a.profile.demandClass,
          lastHistoryWeek,
          firstForecastWeek,
          horizonWeeks: opts.horizonWeeks,
          intervalZ,
        }),
      );
    }
  }
  flush();

  proposals.sort(compareProposals);
  const recommendations = proposals.map((p, i) => recommendationRecord(p, i + 1, ctx));
  for (const r of recommendations) stats.recommendations[r.type]++;
  stats.forecasts = forecasts.length;
  stats.policies = policies.length;
  return { planId, planVersion: opts.planVersion, asOf: isoDateTime(asOfDay), recommendations, forecasts, policies, details, stats };
}

/** Default plan id: one plan per plan date, PLAN-<asOf date>. */
export function planIdFor(asOf: string): string {
  return `PLAN-${isoDate(dayNumber(asOf))}`;
}

function compareProposals(x: Proposal, y: Proposal): number {
  return (
    compareStrings(x.target.sku, y.target.sku) ||
    compareStrings(x.target.location, y.target.location) ||
    (x.type === y.type ? 0 : x.type === 'transfer' ? -1 : 1) ||
    compareStrings(x.source?.location ?? x.supplier?.supplier ?? '', y.source?.location ?? y.supplier?.supplier ?? '')
  );
}
