import type { DemandClass } from '../contracts/types';
import type { Analysis } from './analyse';

/** The figures behind one item-location's levels, for benchmarks, demos and checking a policy by hand. */
export interface PlanDetail {
  sku: string;
  location: string;
  demand_class: DemandClass | null;
  method: string;
  adi: number | null;
  cv2: number;
  /** Forecast demand per week averaged over the lead time plus review period, and its RMS error per week. */
  weekly_rate: number;
  sigma_week: number;
  lead_time_days: number;
  lead_time_stddev_days: number;
  safety_stock: number;
  reorder_point: number;
  order_up_to: number;
  position: number;
}

export function detailOf(a: Analysis): PlanDetail {
  return {
    sku: a.sku,
    location: a.location,
    demand_class: a.profile.demandClass,
    method: a.fit.method,
    adi: Number.isFinite(a.profile.adi) ? a.profile.adi : null,
    cv2: a.profile.cv2,
    weekly_rate: a.dailyRate * 7,
    sigma_week: a.fit.sigma,
    lead_time_days: a.leadTimeDays,
    lead_time_stddev_days: a.leadTimeSigmaDays,
    safety_stock: a.safetyStock,
    reorder_point: a.reorderPoint,
    order_up_to: a.orderUpTo,
    position: a.position,
  };
}
