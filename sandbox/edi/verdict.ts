/**
 * Decides which messages of a received file the supplier accepts: an interchange error refuses
 * everything, a group error its group, a message error or an unreadable order that message. Only
 * accepted orders are acted on; the functional acknowledgment reports every decision.
 */
import { read850, readOrders, type Order } from './order';
import type { Interchange, SyntaxError } from './syntax/types';

export interface Refusal {
  code: string;
  reason: string;
}

export interface Verdict {
  /** The interchange-level refusal, when there is one. */
  interchange: Refusal | null;
  /** Per group, per message (same indexes as the interchange). */
  groups: (Refusal | null)[];
  messages: (Refusal | null)[][];
  orders: Order[];
  /** Every refusal reason in file order, for the sandbox's record. */
  reasons: string[];
}

const ORDER_TYPE = { x12: '850', edifact: 'ORDERS' } as const;
/** Codes for "not supported" and "segments in error": X12 DE 718 1 and 5; EDIFACT DE 0085 has no such pair, 12 (invalid value) serves both. */
const CODES = { x12: { unsupported: '1', content: '5' }, edifact: { unsupported: '12', content: '12' } } as const;

const refusal = (e: SyntaxError): Refusal => ({ code: e.code, reason: e.message });

export function judge(interchange: Interchange, standard: 'x12' | 'edifact'): Verdict {
  const verdict: Verdict = { interchange: null, groups: [], messages: [], orders: [], reasons: [] };
  if (interchange.standard !== standard) {
    verdict.interchange = { code: standard === 'edifact' ? '2' : '', reason: `a ${interchange.standard} file, this partner trades ${standard}` };
  } else if (interchange.errors.length > 0) {
    verdict.interchange = refusal(interchange.errors[0]);
  }
  if (verdict.interchange) verdict.reasons.push(verdict.interchange.reason);
  const codes = CODES[standard];
  interchange.groups.forEach((group) => {
    const groupRefusal = group.errors[0] ? refusal(group.errors[0]) : null;
    if (groupRefusal) verdict.reasons.push(groupRefusal.reason);
    verdict.groups.push(groupRefusal);
    verdict.messages.push(
      group.messages.map((m): Refusal | null => {
        const own = m.errors[0]
          ? refusal(m.errors[0])
          : m.type !== ORDER_TYPE[standard]
            ? { code: codes.unsupported, reason: `${m.type} ${m.reference}: not a purchase order` }
            : null;
        if (own) {
          verdict.reasons.push(own.reason);
          return own;
        }
        if (verdict.interchange || groupRefusal) return { code: '', reason: 'refused with its interchange or group' };
        const read = standard === 'x12' ? read850(m) : readOrders(m);
        if (read.order === null) {
          const reason = `${m.type} ${m.reference}: ${read.problems.join('; ')}`;
          verdict.reasons.push(reason);
          return { code: codes.content, reason };
        }
        verdict.orders.push(read.order);
        return null;
      }),
    );
  });
  return verdict;
}
