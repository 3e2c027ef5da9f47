import type { NodeMessage } from 'node-red';
import type { Ledger } from '../../ledger/ledger';
import type { ApprovalRecord } from '../../ledger/store/approval-types';
import { APPROVAL_DECIDED, approvedRecommendation, decisionRecord } from './service';

const EXPIRY_EVERY_MS = 60_000;

/**
 * What the receiving approval node passes on besides its input's answers: each decision made elsewhere
 * (the dashboard, the API) on output 2, approved and edited ones also on output 1, and the pending
 * recommendations that expire (checked every minute) on output 2. Returns the stop function.
 */
export function followDecisions(ledger: Ledger, send: (out: Array<NodeMessage | null>) => void, warn: (text: string) => void): () => void {
  const onDecided = (record: ApprovalRecord): void => {
    const decision = { payload: [decisionRecord(record)], topic: 'approval/decision' };
    const approved =
      record.status === 'approved' || record.status === 'edited' ? { payload: [approvedRecommendation(ledger, record)], topic: 'approval/approved' } : null;
    send([approved, decision]);
  };
  ledger.on(APPROVAL_DECIDED, onDecided);
  const expire = (): void => {
    ledger.approvals.expire(ledger.now()).then(
      (expired) => {
        if (expired.length) send([null, { payload: expired.map(decisionRecord), topic: 'approval/expired' }]);
      },
      (err: Error) => warn(`expiry failed: ${err.message}`),
    );
  };
  const timer = setInterval(expire, EXPIRY_EVERY_MS);
  timer.unref();
  return () => {
    ledger.off(APPROVAL_DECIDED, onDecided);
    clearInterval(timer);
  };
}
