import { chunks, inList, valuesList, type Db } from './db';
import type { ApprovalFilter, ApprovalRecord, ApprovalStatus, ApprovalStore, Decision, NewApproval } from './approval-types';

const COLUMNS = [
  'recommendation_id',
  'plan_version',
  'plan_id',
  'type',
  'sku',
  'location',
  'supplier',
  'source_location',
  'quantity',
  'uom',
  'unit_cost',
  'value',
  'currency',
  'need_by',
  'valid_until',
  'reason',
  'record',
  'status',
  'received_at',
];
const SORTS = new Set(['need_by', 'value', 'valid_until', 'received_at', 'sku']);

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toRecord(r: Row): ApprovalRecord {
  return {
    recommendationId: String(r.recommendation_id),
    planVersion: Number(r.plan_version),
    planId: String(r.plan_id),
    type: r.type as ApprovalRecord['type'],
    sku: String(r.sku),
    location: String(r.location),
    supplier: str(r.supplier),
    sourceLocation: str(r.source_location),
    quantity: Number(r.quantity),
    uom: String(r.uom),
    unitCost: num(r.unit_cost),
    value: num(r.value),
    currency: str(r.currency),
    needBy: String(r.need_by),
    validUntil: Number(r.valid_until),
    reason: String(r.reason),
    record: String(r.record),
    status: r.status as ApprovalStatus,
    approvedQty: num(r.approved_qty),
    reasonCode: str(r.reason_code),
    note: str(r.note),
    decidedBy: str(r.decided_by),
    decidedAt: num(r.decided_at),
    auto: Number(r.auto) === 1,
    receivedAt: Number(r.received_at),
    executedAt: num(r.executed_at),
    execution: str(r.execution),
  };
}

export class SqlApprovals implements ApprovalStore {
  constructor(private readonly db: Db) {}

  async addPending(records: NewApproval[]): Promise<number> {
    if (!records.length) return 0;
    return this.db.transaction(async (tx) => {
      let added = 0;
      for (const part of chunks(records, 200)) {
        const params: unknown[] = [];
        for (const r of part) {
          params.push(
            r.recommendationId,
            r.planVersion,
            r.planId,
            r.type,
            r.sku,
            r.location,
            r.supplier,
            r.sourceLocation,
            r.quantity,
            r.uom,
            r.unitCost,
            r.value,
            r.currency,
            r.needBy,
            r.validUntil,
            r.reason,
            r.record,
            'pending',
            r.receivedAt,
          );
        }
        added += await tx.run(
          `INSERT INTO pb_approval (${COLUMNS.join(', ')}) VALUES ${valuesList(part.length, COLUMNS.length)} ON CONFLICT (recommendation_id, plan_version) DO NOTHING`,
          params,
        );
      }
      return added;
    });
  }

  async get(recommendationId: string, planVersion: number): Promise<ApprovalRecord | undefined> {
    const rows = await this.db.all('SELECT * FROM pb_approval WHERE recommendation_id = ? AND plan_version = ?', [recommendationId, planVersion]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async list(filter: ApprovalFilter): Promise<ApprovalRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const statuses = filter.status === undefined ? [] : Array.isArray(filter.status) ? filter.status : [filter.status];
    if (statuses.length) {
      where.push(`status IN ${inList(statuses.length)}`);
      params.push(...statuses);
    }
    for (const [column, value] of [
      ['sku', filter.sku],
      ['location', filter.location],
      ['supplier', filter.supplier],
      ['plan_id', filter.planId],
    ] as const) {
      if (value) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    }
    const sort = filter.sort && SORTS.has(filter.sort) ? filter.sort : 'need_by';
    params.push(Math.min(Math.max(filter.limit ?? 500, 1), 10_000));
    const rows = await this.db.all(
      `SELECT * FROM pb_approval ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${sort} ${filter.descending ? 'DESC' : 'ASC'}, recommendation_id LIMIT ?`,
      params,
    );
    return rows.map(toRecord);
  }

  async decide(d: Decision): Promise<{ applied: boolean; record: ApprovalRecord | undefined }> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.run(
        `UPDATE pb_approval SET status = ?, approved_qty = ?, reason_code = ?, note = ?, decided_by = ?, decided_at = ?, auto = ?
         WHERE recommendation_id = ? AND plan_version = ? AND status = 'pending'`,
        [d.status, d.approvedQty, d.reasonCode, d.note, d.decidedBy, d.decidedAt, d.auto ? 1 : 0, d.recommendationId, d.planVersion],
      );
      const rows = await tx.all('SELECT * FROM pb_approval WHERE recommendation_id = ? AND plan_version = ?', [d.recommendationId, d.planVersion]);
      return { applied: changed > 0, record: rows[0] ? toRecord(rows[0]) : undefined };
    });
  }

  async expire(now: number): Promise<ApprovalRecord[]> {
    const rows = await this.db.all(
      `UPDATE pb_approval SET status = 'expired', decided_by = 'system', decided_at = ? WHERE status = 'pending' AND valid_until < ? RETURNING *`,
      [now, now],
    );
    return rows.map(toRecord);
  }

  async markExecuted(recommendationId: string, planVersion: number, execution: string, at: number): Promise<void> {
    await this.db.run('UPDATE pb_approval SET executed_at = COALESCE(executed_at, ?), execution = ? WHERE recommendation_id = ? AND plan_version = ?', [
      at,
      execution,
      recommendationId,
      planVersion,
    ]);
  }

  async counts(sinceReceivedAt: number): Promise<Record<ApprovalStatus, number>> {
    const rows = await this.db.all<{ status: ApprovalStatus; n: number }>(
      'SELECT status, COUNT(*) AS n FROM pb_approval WHERE received_at >= ? GROUP BY status',
      [sinceReceivedAt],
    );
    const counts: Record<ApprovalStatus, number> = { pending: 0, approved: 0, edited: 0, rejected: 0, expired: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }
}
