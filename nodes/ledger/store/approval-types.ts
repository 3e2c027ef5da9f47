export type ApprovalStatus = 'pending' | 'approved' | 'edited' | 'rejected' | 'expired';

/** A recommendation as it waits for, and after, the planner's decision. */
export interface ApprovalRecord {
  recommendationId: string;
  planVersion: number;
  planId: string;
  type: 'purchase' | 'transfer';
  sku: string;
  location: string;
  supplier: string | null;
  sourceLocation: string | null;
  quantity: number;
  uom: string;
  unitCost: number | null;
  value: number | null;
  currency: string | null;
  needBy: string;
  validUntil: number;
  reason: string;
  /** The whole recommendation as JSON (masked fields sealed). */
  record: string;
  status: ApprovalStatus;
  approvedQty: number | null;
  reasonCode: string | null;
  note: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  auto: boolean;
  receivedAt: number;
  executedAt: number | null;
  execution: string | null;
}

export type NewApproval = Omit<
  ApprovalRecord,
  'status' | 'approvedQty' | 'reasonCode' | 'note' | 'decidedBy' | 'decidedAt' | 'auto' | 'executedAt' | 'execution'
>;

export interface Decision {
  recommendationId: string;
  planVersion: number;
  status: 'approved' | 'edited' | 'rejected' | 'expired';
  approvedQty: number | null;
  reasonCode: string | null;
  note: string | null;
  decidedBy: string;
  decidedAt: number;
  auto: boolean;
}

export interface ApprovalFilter {
  status?: ApprovalStatus | ApprovalStatus[];
  sku?: string;
  location?: string;
  supplier?: string;
  planId?: string;
  limit?: number;
  /** Sort column and direction, e.g. value desc; defaults to need_by asc. */
  sort?: 'need_by' | 'value' | 'valid_until' | 'received_at' | 'sku';
  descending?: boolean;
}

export interface ApprovalStore {
  /** Adds recommendations as pending; one already known (same id and plan version) keeps its state. */
  addPending(records: NewApproval[]): Promise<number>;
  get(recommendationId: string, planVersion: number): Promise<ApprovalRecord | undefined>;
  list(filter: ApprovalFilter): Promise<ApprovalRecord[]>;
  /**
   * Applies a decision only to a pending recommendation: a decision is final, so a second one
   * changes nothing. Answers whether it applied and the record as it now stands.
   */
  decide(decision: Decision): Promise<{ applied: boolean; record: ApprovalRecord | undefined }>;
  /** Pending recommendations past valid-until become expired; answers them. */
  expire(now: number): Promise<ApprovalRecord[]>;
  markExecuted(recommendationId: string, planVersion: number, execution: string, at: number): Promise<void>;
  counts(sinceReceivedAt: number): Promise<Record<ApprovalStatus, number>>;
}
