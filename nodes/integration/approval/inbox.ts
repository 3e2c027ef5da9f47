import { toPlanbridgeError } from '../../lib/errors';
import { canDecide, canSeeCosts, type RequestUser } from '../../lib/roles';
import type { Ledger } from '../../ledger/ledger';
import type { ApprovalRecord, ApprovalStatus } from '../../ledger/store/approval-types';
import { decisionFrom, type DecisionRequest } from './decisions';
import { decide } from './service';

const STATUSES: ApprovalStatus[] = ['pending', 'approved', 'edited', 'rejected', 'expired'];
const MASK = '***';

/** One row of the approvals inbox; cost and value hidden from roles that may not see them. */
export function inboxRow(record: ApprovalRecord, user: RequestUser | undefined): Record<string, unknown> {
  const costs = canSeeCosts(user);
  return {
    recommendation_id: record.recommendationId,
    plan_version: record.planVersion,
    plan_id: record.planId,
    type: record.type,
    sku: record.sku,
    location: record.location,
    supplier: record.supplier,
    source_location: record.sourceLocation,
    quantity: record.quantity,
    uom: record.uom,
    unit_cost: costs ? record.unitCost : MASK,
    value: costs ? record.value : MASK,
    currency: record.currency,
    reason: record.reason,
    need_by: record.needBy,
    valid_until: new Date(record.validUntil).toISOString(),
    status: record.status,
    approved_qty: record.approvedQty,
    reason_code: record.reasonCode,
    decided_by: record.decidedBy,
    decided_at: record.decidedAt ? new Date(record.decidedAt).toISOString() : null,
    auto: record.auto,
    executed: record.executedAt !== null,
  };
}

export interface InboxQuery {
  status?: string;
  sku?: string;
  location?: string;
  supplier?: string;
  sort?: string;
  desc?: string | boolean;
  limit?: string | number;
}

/** The approvals inbox as a user sees it: filtered, sorted, costs masked for roles that may not see them. */
export async function inbox(
  ledger: Ledger,
  q: InboxQuery,
  user: RequestUser | undefined,
): Promise<{ approvals: Record<string, unknown>[]; costsVisible: boolean; canDecide: boolean }> {
  const status = q.status && STATUSES.includes(q.status as ApprovalStatus) ? (q.status as ApprovalStatus) : q.status === 'all' ? undefined : 'pending';
  const records = await ledger.approvals.list({
    status,
    sku: q.sku || undefined,
    location: q.location || undefined,
    supplier: q.supplier || undefined,
    sort: q.sort as never,
    descending: q.desc === '1' || q.desc === 'true' || q.desc === true,
    limit: q.limit ? Number(q.limit) : undefined,
  });
  return { approvals: records.map((r) => inboxRow(r, user)), costsVisible: canSeeCosts(user), canDecide: canDecide(user) };
}

export type DecisionOutcome = { results: Array<Record<string, unknown>> } | { status: number; error: { code: string; message: string } };

/**
 * One decision, or {decisions: [...]} for a bulk approval, each checked on the server and recorded
 * with the user. Only planners and administrators decide.
 */
export async function decideAll(ledger: Ledger, body: unknown, user: RequestUser | undefined): Promise<DecisionOutcome> {
  if (!user) return { status: 401, error: { code: 'AUTH_REQUIRED', message: 'Sign in to decide on recommendations' } };
  if (!canDecide(user)) return { status: 403, error: { code: 'DECISION_FORBIDDEN', message: 'Only planners and administrators decide on recommendations' } };
  const request = (body ?? {}) as { decisions?: DecisionRequest[] } & DecisionRequest;
  const requests = Array.isArray(request.decisions) ? request.decisions : [request];
  if (!requests.length || requests.length > 1000) return { status: 400, error: { code: 'DECISION_INVALID', message: 'Send between 1 and 1000 decisions' } };
  const results = [];
  for (const one of requests) {
    try {
      const { applied, record } = await decide(ledger, decisionFrom(one, user.username, ledger.now()));
      if (!record)
        results.push({
          recommendation_id: one.recommendation_id,
          applied: false,
          error: { code: 'RECOMMENDATION_NOT_FOUND', message: 'No such recommendation' },
        });
      else
        results.push({
          recommendation_id: record.recommendationId,
          plan_version: record.planVersion,
          applied,
          status: record.status,
          decided_by: record.decidedBy,
        });
    } catch (err) {
      const error = toPlanbridgeError(err);
      results.push({ recommendation_id: one.recommendation_id, applied: false, error: { code: error.code, message: error.message } });
    }
  }
  return { results };
}
