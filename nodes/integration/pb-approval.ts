import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { ReplenishmentRecommendation } from '../canonical/contracts';
import { nodeKit } from '../common/kit';
import { toPlanbridgeError } from '../lib/errors';
import { Status } from '../lib/status';
import type { Ledger, LedgerMessage } from '../ledger/ledger';
import type { ApprovalRecord } from '../ledger/store/approval-types';
import { registerApprovalApi } from './approval/api';
import { decideAll, inbox, type InboxQuery } from './approval/inbox';
import type { RequestUser } from '../lib/roles';
import { autoRulesFrom, type AutoRules } from './approval/rules';
import { APPROVAL_DECIDED, approvedNotExecuted, approvedRecommendation, decisionRecord, receiveRecommendations } from './approval/service';
import { ledgerOfNode } from './reliability/ledger-node';

interface ApprovalDef extends NodeDef {
  ledger: string;
  action: 'receive' | 'release' | 'executed' | 'dashboard';
  maxValue: string;
  supplierAllowList: string;
  maxChangePercent: string;
}

interface ExecutionResult {
  recommendation_id?: string;
  plan_version?: number;
  [key: string]: unknown;
}

const EXPIRY_EVERY_MS = 60_000;

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);
  registerApprovalApi(RED, kit.runtime);

  function PbApproval(this: Node, def: ApprovalDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const action = def.action === 'release' || def.action === 'executed' || def.action === 'dashboard' ? def.action : 'receive';
    let rules: AutoRules;
    try {
      rules = autoRulesFrom(def);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const cleanups: Array<() => void> = [];

    if (action === 'receive') {
      // A receiving node carries decisions made elsewhere (dashboard, API) into its flow, and expires.
      opening.then(
        (ledger) => {
          const onDecided = (record: ApprovalRecord): void => {
            const decision = { payload: [decisionRecord(record)], topic: 'approval/decision' };
            const approved =
              record.status === 'approved' || record.status === 'edited'
                ? { payload: [approvedRecommendation(ledger, record)], topic: 'approval/approved' }
                : null;
            this.send([approved, decision]);
          };
          ledger.on(APPROVAL_DECIDED, onDecided);
          const expire = (): void => {
            ledger.approvals.expire(ledger.now()).then(
              (expired) => {
                if (expired.length) this.send([null, { payload: expired.map(decisionRecord), topic: 'approval/expired' }]);
              },
              (err: Error) => this.warn(`expiry failed: ${err.message}`),
            );
          };
          const timer = setInterval(expire, EXPIRY_EVERY_MS);
          timer.unref();
          cleanups.push(() => {
            ledger.off(APPROVAL_DECIDED, onDecided);
            clearInterval(timer);
          });
        },
        () => undefined,
      );
    }

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const ledger: Ledger = await opening;
        if (action === 'dashboard') {
          // The user is the signed-in one the dashboard plugin put on the message, never the browser's word.
          const user = (msg._client as { user?: RequestUser } | undefined)?.user;
          if (msg.topic === 'decide') {
            const outcome = await decideAll(ledger, msg.payload, user);
            const answer = 'error' in outcome ? { error: outcome.error } : { ...outcome, ...(await inbox(ledger, (msg.query as InboxQuery) ?? {}, user)) };
            return {
              send: [{ ...msg, payload: answer }, null],
              status: 'error' in outcome ? outcome.error.code : `${outcome.results.filter((r) => r.applied).length} decided`,
            };
          }
          if (!user)
            return {
              send: [{ ...msg, payload: { error: { code: 'AUTH_REQUIRED', message: 'Sign in to see the approvals' } } }, null],
              status: 'AUTH_REQUIRED',
            };
          const answer = await inbox(ledger, (msg.payload as InboxQuery) ?? {}, user);
          return { send: [{ ...msg, payload: answer }, null], status: `${answer.approvals.length} listed` };
        }
        if (action === 'release') {
          msg.payload = await approvedNotExecuted(ledger);
          return { send: [msg, null], status: `${(msg.payload as unknown[]).length} approved to execute` };
        }
        if (action === 'executed') {
          const results = (Array.isArray(msg.payload) ? msg.payload : [msg.payload]) as ExecutionResult[];
          for (const r of results) {
            if (r.recommendation_id && r.plan_version)
              await ledger.approvals.markExecuted(r.recommendation_id, r.plan_version, JSON.stringify(r), ledger.now());
          }
          return { send: [null, msg], status: `${results.length} marked executed` };
        }
        const recs = (Array.isArray(msg.payload) ? msg.payload : [msg.payload]) as ReplenishmentRecommendation[];
        const result = await receiveRecommendations(ledger, recs, rules);
        const approved = result.approved.length ? { ...msg, payload: result.approved } : null;
        const decisions = result.decisions.length ? { ...msg, payload: result.decisions, topic: 'approval/decision' } : null;
        return { send: [approved, decisions], status: `${result.approved.length} auto-approved, ${result.pending} waiting` };
      });
    });

    this.on('close', (_removed: boolean, done: () => void) => {
      for (const cleanup of cleanups) cleanup();
      done();
    });
  }

  RED.nodes.registerType('pb-approval', PbApproval);
}
