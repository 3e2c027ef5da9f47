import type { RecommendationRecord, StockPolicyRecord } from '../contracts/types';
import type { Analysis } from './analyse';
import { isoDate, isoDateTime } from './dates';
import type { Proposal } from './decide';

export interface RecordContext {
  planId: string;
  planVersion: number;
  asOfDay: number;
  createdAt: string;
  validityDays: number;
  serviceLevel: number;
  reviewPeriodDays: number;
}

/** REC-<plan date>-<6-digit sequence>: stable for the same input, unique within one plan version. */
export function recommendationId(asOfDay: number, seq: number): string {
  return `REC-${isoDate(asOfDay)}-${String(seq).padStart(6, '0')}`;
}

export function recommendationRecord(p: Proposal, seq: number, ctx: RecordContext): RecommendationRecord {
  const id = recommendationId(ctx.asOfDay, seq);
  const unitCost = p.type === 'purchase' ? (p.supplier?.unit_cost ?? null) : (p.target.item.unit_cost ?? null);
  const currency = p.type === 'purchase' ? (p.supplier?.currency ?? null) : (p.target.item.currency ?? null);
  // An order to be placed later than the default expiry would expire before it is due: keep it one day past order_by.
  const expiresDay = Math.max(ctx.asOfDay + ctx.validityDays, p.orderByDay + 1);
  return {
    recommendation_id: id,
    plan_id: ctx.planId,
    plan_version: ctx.planVersion,
    type: p.type,
    sku: p.target.sku,
    location: p.target.location,
    supplier: p.type === 'purchase' ? (p.supplier?.supplier ?? null) : null,
    source_location: p.type === 'transfer' ? (p.source?.location ?? null) : null,
    quantity: p.quantity,
    uom: p.target.uom,
    unit_cost: unitCost,
    value: unitCost === null ? null : Math.round(p.quantity * unitCost * 100) / 100,
    currency,
    order_by: isoDate(p.orderByDay),
    need_by: isoDate(p.needByDay),
    reason: p.reason,
    reason_code: p.reasonCode,
    valid_until: isoDateTime(expiresDay),
    created_at: ctx.createdAt,
    company: p.target.item.company ?? null,
    source: { system: 'planning', record_id: id },
  };
}

export function policyRecord(a: Analysis, ctx: RecordContext): StockPolicyRecord {
  const pack = a.supplier?.pack_size;
  return {
    plan_id: ctx.planId,
    plan_version: ctx.planVersion,
    sku: a.sku,
    location: a.location,
    reorder_point: a.reorderPoint,
    order_up_to: a.orderUpTo,
    safety_stock: a.safetyStock,
    multiple: pack !== undefined && pack > 1 ? pack : null,
    review_period_days: ctx.reviewPeriodDays,
    service_level: ctx.serviceLevel,
    uom: a.uom,
    valid_from: isoDate(ctx.asOfDay),
    company: a.item.company ?? null,
  };
}
