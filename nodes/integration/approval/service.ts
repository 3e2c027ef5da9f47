import type { ApprovalDecision, ReplenishmentRecommendation } from '../../canonical/contracts';
import type { Ledger } from '../../ledger/ledger';
import type { ApprovalRecord, Decision, NewApproval } from '../../ledger/store/approval-types';
import { evaluateAutoRules, type AutoRules } from './rules';

export const APPROVAL_DECIDED = 'approval-decided';

function toNew(ledger: Ledger, rec: ReplenishmentRecommendation, now: number): NewApproval {
  return {
    recommendationId: rec.recommendation_id,
    planVersion: rec.plan_version,
    planId: rec.plan_id,
    type: rec.type,
    sku: rec.sku,
    location: rec.location,
    supplier: rec.supplier ?? null,
    sourceLocation: rec.source_location ?? null,
    quantity: rec.quantity,
    uom: rec.uom,
    unitCost: rec.unit_cost ?? null,
    value: rec.value ?? (rec.unit_cost !== null && rec.unit_cost !== undefined ? rec.unit_cost * rec.quantity : null),
    currency: rec.currency ?? null,
    needBy: rec.need_by,
    validUntil: Date.parse(rec.valid_until),
    reason: rec.reason,
    record: ledger.serialize({ payload: rec }),
    receivedAt: now,
  };
}

/** The recommendation as decided: the approved quantity (and value) in place of the proposed one. */
export function approvedRecommendation(ledger: Ledger, record: ApprovalRecord): ReplenishmentRecommendation {
  const rec = ledger.deserialize(record.record).payload as ReplenishmentRecommendation;
  const quantity = record.approvedQty ?? rec.quantity;
  return { ...rec, quantity, value: rec.unit_cost !== null && rec.unit_cost !== undefined ? rec.unit_cost * quantity : (rec.value ?? null) };
}

/** A decision as the approval_decision@1 contract carries it back to the planner. */
export function decisionRecord(record: ApprovalRecord): ApprovalDecision {
  return {
    recommendation_id: record.recommendationId,
    plan_version: record.planVersion,
    decision: record.status === 'pending' ? 'expired' : record.status,
    approved_qty: record.status === 'approved' ? (record.approvedQty ?? record.quantity) : record.status === 'edited' ? record.approvedQty : null,
    reason_code: record.reasonCode,
    note: record.note,
    decided_by: record.decidedBy ?? 'system',
    decided_at: new Date(record.decidedAt ?? Date.now()).toISOString(),
    auto: record.auto,
  };
}

async function lastQuantities(ledger: Ledger, recs: ReplenishmentRecommendation[]): Promise<Map<string, number>> {
  const last = new Map<string, number>();
  for (const rec of recs) {
    const earlier = (await ledger.approvals.list({ sku: rec.sku, location: rec.location, sort: 'received_at', descending: true, limit: 20 })).find(
      (a) => a.type === rec.type && (a.planId !== rec.plan_id || a.planVersion < rec.plan_version),
    );
    if (earlier) last.set(`${rec.type}|${rec.sku}|${rec.location}`, earlier.approvedQty ?? earlier.quantity);
  }
  return last;
}

export interface ReceiveResult {
  approved: ReplenishmentRecommendation[];
  decisions: ApprovalDecision[];
  pending: number;
}

/**
 * Records recommendations as pending (a repeat keeps its decision), then applies the auto-approval
 * rules. What the rules approve comes back at once; the rest waits for a planner.
 */
export async function receiveRecommendations(
  ledger: Ledger,
  recs: ReplenishmentRecommendation[],
  rules: AutoRules,
  now = ledger.now(),
): Promise<ReceiveResult> {
  await ledger.approvals.addPending(recs.map((r) => toNew(ledger, r, now)));
  const last = rules.maxChangePercent !== undefined ? await lastQuantities(ledger, recs) : new Map<string, number>();
  const result: ReceiveResult = { approved: [], decisions: [], pending: 0 };
  for (const rec of recs) {
    const verdict = evaluateAutoRules(rec, rules, last.get(`${rec.type}|${rec.sku}|${rec.location}`));
    if (!verdict.approve) {
      const current = await ledger.approvals.get(rec.recommendation_id, rec.plan_version);
      if (current?.status === 'pending') result.pending += 1;
      continue;
    }
    const { applied, record } = await ledger.approvals.decide({
      recommendationId: rec.recommendation_id,
      planVersion: rec.plan_version,
      status: 'approved',
      approvedQty: null,
      reasonCode: null,
      note: verdict.passed.join(', '),
      decidedBy: `rule:${verdict.passed.join('+')}`,
      decidedAt: now,
      auto: true,
    });
    if (applied && record) {
      result.approved.push(approvedRecommendation(ledger, record));
      result.decisions.push(decisionRecord(record));
    }
  }
  return result;
}

/** A planner's decision: final and idempotent; the ledger announces it so flows can carry it on. */
export async function decide(ledger: Ledger, decision: Decision): Promise<{ applied: boolean; record: ApprovalRecord | undefined }> {
  const outcome = await ledger.approvals.decide(decision);
  if (outcome.applied && outcome.record) ledger.emit(APPROVAL_DECIDED, outcome.record);
  return outcome;
}

/** Approved or edited recommendations not yet executed, for an Execute flow to pick up. */
export async function approvedNotExecuted(ledger: Ledger, limit = 5000): Promise<ReplenishmentRecommendation[]> {
  const records = await ledger.approvals.list({ status: ['approved', 'edited'], limit });
  return records.filter((r) => r.executedAt === null).map((r) => approvedRecommendation(ledger, r));
}
