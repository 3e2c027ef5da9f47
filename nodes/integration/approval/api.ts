import type { Request, Response } from 'express';
import type { NodeAPI } from 'node-red';
import { toPlanbridgeError } from '../../lib/errors';
import { canDecide, canSeeCosts, requestUser, type RequestUser } from '../../lib/roles';
import type { Ledger } from '../../ledger/ledger';
import { pickLedger } from '../../ledger/admin-api';
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

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

async function listInbox(ledger: Ledger, req: Request, res: Response): Promise<void> {
  const q = req.query as Record<string, string | undefined>;
  const status = q.status && STATUSES.includes(q.status as ApprovalStatus) ? (q.status as ApprovalStatus) : q.status === 'all' ? undefined : 'pending';
  const records = await ledger.store.approvals.list({
    status,
    sku: q.sku,
    location: q.location,
    supplier: q.supplier,
    sort: q.sort as never,
    descending: q.desc === '1' || q.desc === 'true',
    limit: q.limit ? Number(q.limit) : undefined,
  });
  const user = requestUser(req);
  res.json({ approvals: records.map((r) => inboxRow(r, user)), costsVisible: canSeeCosts(user) });
}

/** Body: one decision, or {decisions: [...]} for a bulk approval. Every one is checked on the server. */
async function postDecisions(ledger: Ledger, req: Request, res: Response): Promise<void> {
  const user = requestUser(req);
  if (!canDecide(user)) return fail(res, 403, 'DECISION_FORBIDDEN', 'Only planners and administrators decide on recommendations');
  const body = (req.body ?? {}) as { decisions?: DecisionRequest[] } & DecisionRequest;
  const requests = Array.isArray(body.decisions) ? body.decisions : [body];
  if (!requests.length || requests.length > 1000) return fail(res, 400, 'DECISION_INVALID', 'Send between 1 and 1000 decisions');
  const results = [];
  for (const request of requests) {
    try {
      const { applied, record } = await decide(ledger, decisionFrom(request, (user as RequestUser).username, Date.now()));
      if (!record) results.push({ recommendation_id: request.recommendation_id, applied: false, error: { code: 'RECOMMENDATION_NOT_FOUND', message: 'No such recommendation' } });
      else results.push({ recommendation_id: record.recommendationId, plan_version: record.planVersion, applied, status: record.status, decided_by: record.decidedBy });
    } catch (err) {
      const error = toPlanbridgeError(err);
      results.push({ recommendation_id: request.recommendation_id, applied: false, error: { code: error.code, message: error.message } });
    }
  }
  res.json({ results });
}

/**
 * Editor users carry Node-RED permissions, not planbridge roles: one who may write approvals (an
 * administrator) counts as an admin here, anyone else as a viewer.
 */
function asRoles(req: Request, _res: Response, next: () => void): void {
  const user = (req as unknown as { user?: { username?: string; permissions?: string | string[] } }).user;
  if (user?.username) {
    const p = user.permissions;
    const admin = p === '*' || (Array.isArray(p) && p.includes('approvals.write'));
    (req as unknown as { user: RequestUser }).user = { username: user.username, roles: [admin ? 'admin' : 'viewer'] };
  }
  next();
}

const registeredOn = new WeakSet<object>();

/**
 * The approvals inbox for the dashboard and scripts, on the node root behind the login (planners
 * have no editor access) and on the admin API for editor users: list, and decide with the user of
 * the login recorded.
 */
export function registerApprovalApi(RED: NodeAPI): void {
  if (registeredOn.has(RED.httpNode)) return;
  registeredOn.add(RED.httpNode);
  const withLedger = (handler: (ledger: Ledger, req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) => {
    pickLedger(req)
      .then((ledger) => (ledger ? handler(ledger, req, res) : fail(res, 404, 'LEDGER_NOT_FOUND', 'Name a ledger with ?ledger=<ledger-config id>')))
      .catch((err: Error) => fail(res, 500, 'LEDGER_ERROR', err.message));
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const json = (require('express') as typeof import('express')).json({ limit: '1mb' });
  RED.httpNode.get('/api/v1/approvals', withLedger(listInbox));
  RED.httpNode.post('/api/v1/approvals/decisions', json, withLedger(postDecisions));
  RED.httpAdmin.get('/planbridge/approvals', RED.auth.needsPermission('planbridge.read'), asRoles, withLedger(listInbox));
  RED.httpAdmin.post('/planbridge/approvals/decisions', RED.auth.needsPermission('approvals.write'), asRoles, withLedger(postDecisions));
}
