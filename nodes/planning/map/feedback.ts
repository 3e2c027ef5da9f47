import type { ApprovalDecision } from '../../canonical/contracts';
import { InputError } from '../../lib/errors';
import type { Feedback } from '../client/rest-client';

const DECISION_STATUS: Record<ApprovalDecision['decision'], Feedback['status']> = {
  approved: 'accepted',
  edited: 'edited',
  rejected: 'rejected',
  expired: 'expired',
};

/** The Odoo documents an execution result names: purchase orders (RFQs) and internal transfers. */
function odooRefs(result: Record<string, unknown>): Feedback['odoo_refs'] {
  const refs: NonNullable<Feedback['odoo_refs']> = [];
  if (typeof result.po_id === 'number') refs.push({ model: 'purchase.order', id: result.po_id, name: String(result.po_name ?? '') });
  if (typeof result.picking_id === 'number') refs.push({ model: 'stock.picking', id: result.picking_id, name: String(result.picking_name ?? '') });
  return refs;
}

/**
 * Feedback for the planner from what the approval and execution steps report: an
 * `approval_decision@1` gives accepted, edited, rejected or expired; an execution result (odoo-write's
 * output, with the document it created or found) gives executed. `executedAt` must be the same each
 * time the same result is sent again (the ledger's first receipt of the message), because the planner
 * knows one event by recommendation, version, status and time.
 */
export function toFeedback(record: Record<string, unknown>, executedAt: string): Feedback {
  const recommendationId = record.recommendation_id;
  const planVersion = record.plan_version;
  if (typeof recommendationId !== 'string' || !recommendationId || typeof planVersion !== 'number') {
    throw new InputError('Each record needs recommendation_id and plan_version', 'FEEDBACK_INVALID', { record });
  }
  if (typeof record.decision === 'string') {
    const decision = record as unknown as ApprovalDecision;
    const status = DECISION_STATUS[decision.decision];
    if (!status) throw new InputError(`Unknown decision "${decision.decision}"`, 'FEEDBACK_INVALID', { record });
    const feedback: Feedback = {
      recommendation_id: recommendationId,
      plan_version: planVersion,
      status,
      decided_by: decision.decided_by,
      at: decision.decided_at,
    };
    if (decision.approved_qty !== undefined && decision.approved_qty !== null) feedback.approved_qty = decision.approved_qty;
    if (decision.reason_code) feedback.reason_code = decision.reason_code;
    return feedback;
  }
  const refs = odooRefs(record);
  // A transfer the WMS carries out: executed, but the contract's references name Odoo documents only
  // (integer ids), so its WMS order goes unnamed until the contract has a field for it.
  if (!refs?.length && typeof record.wms_order_id === 'string' && record.wms_order_id) {
    return { recommendation_id: recommendationId, plan_version: planVersion, status: 'executed', at: executedAt };
  }
  if (!refs?.length)
    throw new InputError('A record is neither an approval decision nor an execution result with an Odoo or WMS document', 'FEEDBACK_INVALID', { record });
  return { recommendation_id: recommendationId, plan_version: planVersion, status: 'executed', odoo_refs: refs, at: executedAt };
}
