import { InputError } from '../../lib/errors';
import type { Decision } from '../../ledger/store/approval-types';

export interface DecisionRequest {
  recommendation_id?: unknown;
  plan_version?: unknown;
  decision?: unknown;
  quantity?: unknown;
  reason_code?: unknown;
  note?: unknown;
}

/**
 * A planner's decision as it arrives (dashboard, API) to a checked Decision: approve, edit with a
 * new quantity (more than zero), or reject with a reason code. The user comes from the login, never
 * from the request.
 */
export function decisionFrom(request: DecisionRequest, user: string, at: number): Decision {
  const id = typeof request.recommendation_id === 'string' ? request.recommendation_id : '';
  const version = Number(request.plan_version);
  if (!id || !Number.isInteger(version) || version < 1) throw new InputError('A decision names recommendation_id and plan_version', 'DECISION_INVALID');
  const note = typeof request.note === 'string' ? request.note.slice(0, 1000) : null;
  const reasonCode = typeof request.reason_code === 'string' && request.reason_code ? request.reason_code.slice(0, 64) : null;
  const base = { recommendationId: id, planVersion: version, note, decidedBy: user, decidedAt: at, auto: false };
  switch (request.decision) {
    case 'approve':
      return { ...base, status: 'approved', approvedQty: null, reasonCode };
    case 'edit': {
      const quantity = Number(request.quantity);
      if (!Number.isFinite(quantity) || quantity <= 0) throw new InputError('An edit needs a quantity greater than zero', 'DECISION_QUANTITY_INVALID');
      return { ...base, status: 'edited', approvedQty: quantity, reasonCode };
    }
    case 'reject':
      if (!reasonCode) throw new InputError('A rejection needs a reason code', 'DECISION_REASON_MISSING');
      return { ...base, status: 'rejected', approvedQty: null, reasonCode };
    default:
      throw new InputError('decision must be approve, edit or reject', 'DECISION_INVALID');
  }
}
