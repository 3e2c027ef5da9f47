import type { ReplenishmentRecommendation } from '../../canonical/contracts';
import type { InputResult } from '../../lib/run-input';
import type { RequestUser } from '../../lib/roles';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import { decideAll, inbox, type InboxQuery } from './inbox';
import type { AutoRules } from './rules';
import { approvedNotExecuted, receiveRecommendations } from './service';

interface ExecutionResult {
  recommendation_id?: string;
  plan_version?: number;
  [key: string]: unknown;
}

const records = <T>(payload: unknown): T[] => (Array.isArray(payload) ? payload : [payload]) as T[];

/** pb-approval: recommendations arrive; the rules approve some at once, the rest wait for a planner. */
export async function receive(ledger: Ledger, msg: LedgerMessage, rules: AutoRules): Promise<InputResult> {
  const result = await receiveRecommendations(ledger, records<ReplenishmentRecommendation>(msg.payload), rules);
  const approved = result.approved.length ? { ...msg, payload: result.approved } : null;
  const decisions = result.decisions.length ? { ...msg, payload: result.decisions, topic: 'approval/decision' } : null;
  return { send: [approved, decisions], status: `${result.approved.length} auto-approved, ${result.pending} waiting` };
}

/** pb-approval-release: every approved recommendation not executed yet, on any trigger. */
export async function release(ledger: Ledger, msg: LedgerMessage): Promise<InputResult> {
  msg.payload = await approvedNotExecuted(ledger);
  return { send: msg, status: `${(msg.payload as unknown[]).length} approved to execute` };
}

/** pb-approval-executed: the execution's results mark their recommendations executed; the message goes on. */
export async function markExecuted(ledger: Ledger, msg: LedgerMessage): Promise<InputResult> {
  const results = records<ExecutionResult>(msg.payload);
  for (const r of results) {
    if (r.recommendation_id && r.plan_version) await ledger.approvals.markExecuted(r.recommendation_id, r.plan_version, JSON.stringify(r), ledger.now());
  }
  return { send: msg, status: `${results.length} marked executed` };
}

/**
 * pb-approval-inbox: the dashboard's inbox. The user is the signed-in one the dashboard plugin put on
 * the message (msg._client.user), never the browser's word; the answer keeps msg._client.
 */
export async function answerInbox(ledger: Ledger, msg: LedgerMessage): Promise<InputResult> {
  const user = (msg._client as { user?: RequestUser } | undefined)?.user;
  if (msg.topic === 'decide') {
    const outcome = await decideAll(ledger, msg.payload, user);
    const answer = 'error' in outcome ? { error: outcome.error } : { ...outcome, ...(await inbox(ledger, (msg.query as InboxQuery) ?? {}, user)) };
    return {
      send: { ...msg, payload: answer },
      status: 'error' in outcome ? outcome.error.code : `${outcome.results.filter((r) => r.applied).length} decided`,
    };
  }
  if (!user) return { send: { ...msg, payload: { error: { code: 'AUTH_REQUIRED', message: 'Sign in to see the approvals' } } }, status: 'AUTH_REQUIRED' };
  const answer = await inbox(ledger, (msg.payload as InboxQuery) ?? {}, user);
  return { send: { ...msg, payload: answer }, status: `${answer.approvals.length} listed` };
}
