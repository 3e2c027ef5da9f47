import { canonicalJson } from '../contracts/canonical-json';

export const FEEDBACK_STATUSES = ['accepted', 'edited', 'rejected', 'expired', 'executed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export interface OdooRef {
  model: string;
  id: number;
  name?: string | null;
}

export interface Feedback {
  recommendation_id: string;
  plan_version: number;
  status: FeedbackStatus;
  approved_qty?: number | null;
  reason_code?: string | null;
  odoo_refs?: OdooRef[];
  decided_by?: string | null;
  at: string;
}

export interface StoredFeedback extends Feedback {
  received_at: string;
}

export type FeedbackOutcome = 'stored' | 'duplicate' | 'conflict';

/**
 * Feedback events per recommendation. One event is identified by (recommendation_id, plan_version, status,
 * at): a retry of the same event is a duplicate; the same identity with other content is a conflict,
 * because two different truths about one decision cannot both be kept. A recommendation can collect several
 * events over time (accepted, then executed with the Odoo purchase order).
 */
export class FeedbackStore {
  readonly log: StoredFeedback[] = [];
  private readonly byIdentity = new Map<string, { content: string; entry: StoredFeedback }>();

  check(feedback: Feedback): FeedbackOutcome {
    const seen = this.byIdentity.get(identity(feedback));
    if (!seen) return 'stored';
    return seen.content === canonicalJson(feedback) ? 'duplicate' : 'conflict';
  }

  /** Stores unless duplicate or conflicting; call check() first for all-or-nothing batches. */
  add(feedback: Feedback, receivedAt: string): FeedbackOutcome {
    const outcome = this.check(feedback);
    if (outcome !== 'stored') return outcome;
    const entry = { ...feedback, received_at: receivedAt };
    this.log.push(entry);
    this.byIdentity.set(identity(feedback), { content: canonicalJson(feedback), entry });
    return 'stored';
  }

  forRecommendation(id: string, planVersion?: number): StoredFeedback[] {
    return this.log.filter((f) => f.recommendation_id === id && (planVersion === undefined || f.plan_version === planVersion));
  }

  clear(): void {
    this.log.length = 0;
    this.byIdentity.clear();
  }
}

function identity(f: Feedback): string {
  return canonicalJson([f.recommendation_id, f.plan_version, f.status, f.at]);
}
