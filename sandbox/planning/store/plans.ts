import type { ForecastRecord, PlanInput, RecommendationRecord, StockPolicyRecord } from '../contracts/types';
import { computePlan, planIdFor, type PlanResult } from '../engine/plan';
import type { PlanOptions } from '../engine/options';
import type { PlanStats } from '../engine/stats';

export interface PlanSummary {
  plan_id: string;
  plan_version: number;
  as_of: string;
  created_at: string;
  input_fingerprint: string;
  counts: { recommendations: number; forecasts: number; stock_policies: number };
  stats: PlanStats;
}

export type EngineOptions = Omit<PlanOptions, 'asOf' | 'planId' | 'planVersion' | 'createdAt'>;

/**
 * Plans and the append-only logs the ERP pages through. A plan id is per plan date; running it again on
 * different input raises plan_version and appends the new records, running it on the same input returns
 * the existing version, so a retried POST /plans does not duplicate recommendations.
 */
export class PlanStore {
  readonly recommendations: RecommendationRecord[] = [];
  readonly forecasts: ForecastRecord[] = [];
  readonly policies: StockPolicyRecord[] = [];
  private readonly plans: PlanSummary[] = [];
  private readonly byKey = new Map<string, RecommendationRecord>();

  constructor(private readonly engine: EngineOptions = {}) {}

  run(input: PlanInput, asOf: string, fingerprint: string, createdAt: string): { summary: PlanSummary; created: boolean; result: PlanResult | null } {
    const probe = planIdFor(asOf);
    const previous = this.plans.filter((p) => p.plan_id === probe).at(-1);
    if (previous && previous.input_fingerprint === fingerprint) return { summary: previous, created: false, result: null };
    const version = (previous?.plan_version ?? 0) + 1;
    const result = computePlan(input, { ...this.engine, asOf, planVersion: version, createdAt });
    const summary: PlanSummary = {
      plan_id: result.planId,
      plan_version: version,
      as_of: result.asOf,
      created_at: createdAt,
      input_fingerprint: fingerprint,
      counts: { recommendations: result.recommendations.length, forecasts: result.forecasts.length, stock_policies: result.policies.length },
      stats: result.stats,
    };
    this.plans.push(summary);
    for (const r of result.recommendations) {
      this.recommendations.push(r);
      this.byKey.set(recKey(r.recommendation_id, r.plan_version), r);
    }
    // push(...big) overflows the call stack for large plans, hence the loops.
    for (const f of result.forecasts) this.forecasts.push(f);
    for (const p of result.policies) this.policies.push(p);
    return { summary, created: true, result };
  }

  latest(): PlanSummary | null {
    return this.plans.at(-1) ?? null;
  }

  recommendation(id: string, planVersion: number): RecommendationRecord | undefined {
    return this.byKey.get(recKey(id, planVersion));
  }

  hasRecommendation(id: string): boolean {
    return this.recommendations.some((r) => r.recommendation_id === id);
  }

  clear(): void {
    this.recommendations.length = 0;
    this.forecasts.length = 0;
    this.policies.length = 0;
    this.plans.length = 0;
    this.byKey.clear();
  }
}

function recKey(id: string, version: number): string {
  return `${id}\u0001${version}`;
}
