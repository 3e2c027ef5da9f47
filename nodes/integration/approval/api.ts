import type { Request, Response } from 'express';
import type { NodeAPI } from 'node-red';
import { requestUser, type RequestUser } from '../../lib/roles';
import type { Ledger } from '../../ledger/ledger';
import { pickLedger } from '../../ledger/admin-api';
import { decideAll, inbox } from './inbox';
import type { PlanbridgeRuntime } from '../../lib/runtime-context';

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

async function listInbox(ledger: Ledger, req: Request, res: Response): Promise<void> {
  res.json(await inbox(ledger, req.query, requestUser(req)));
}

/** Body: one decision, or {decisions: [...]} for a bulk approval. Every one is checked on the server. */
async function postDecisions(ledger: Ledger, req: Request, res: Response): Promise<void> {
  const outcome = await decideAll(ledger, req.body, requestUser(req));
  if ('error' in outcome) return fail(res, outcome.status, outcome.error.code, outcome.error.message);
  res.json(outcome);
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
export function registerApprovalApi(RED: NodeAPI, runtime: PlanbridgeRuntime): void {
  if (registeredOn.has(RED.httpNode)) return;
  registeredOn.add(RED.httpNode);
  const withLedger = (handler: (ledger: Ledger, req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) => {
    pickLedger(runtime, req)
      .then((ledger) => (ledger ? handler(ledger, req, res) : fail(res, 404, 'LEDGER_NOT_FOUND', 'Name a ledger with ?ledger=<ledger-config id>')))
      .catch((err: Error) => fail(res, 500, 'LEDGER_ERROR', err.message));
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- express as Node-RED's own copy resolves it, typed
  const json = (require('express') as typeof import('express')).json({ limit: '1mb' });
  RED.httpNode.get('/api/v1/approvals', withLedger(listInbox));
  RED.httpNode.post('/api/v1/approvals/decisions', json, withLedger(postDecisions));
  RED.httpAdmin.get('/planbridge/approvals', RED.auth.needsPermission('planbridge.read'), asRoles, withLedger(listInbox));
  RED.httpAdmin.post('/planbridge/approvals/decisions', RED.auth.needsPermission('approvals.write'), asRoles, withLedger(postDecisions));
}
