import { inList, type Db } from './db';
import type { OpenRun, PartResult, RunFilter, RunPart, RunRecord, RunState, RunStore } from './run-types';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toRun(r: Row, done: RunPart[]): RunRecord {
  return {
    id: String(r.id),
    kind: String(r.kind),
    flowId: str(r.flow_id),
    startNode: String(r.start_node),
    parts: JSON.parse(String(r.parts)) as string[],
    body: String(r.body),
    owner: String(r.owner),
    leaseUntil: Number(r.lease_until),
    openedAt: Number(r.opened_at),
    dueAt: num(r.due_at),
    state: r.state as RunState,
    attempt: Number(r.attempt),
    done,
    partsDoneAt: num(r.parts_done_at),
    closedAt: num(r.closed_at),
    outcome: str(r.outcome),
    overdueAt: num(r.overdue_at),
  };
}

export class SqlRuns implements RunStore {
  constructor(private readonly db: Db) {}

  private async withParts(db: Db, rows: Row[]): Promise<RunRecord[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => String(r.id));
    const parts = await db.all(`SELECT run_id, part, done_at, detail FROM pb_run_part WHERE run_id IN ${inList(ids.length)} ORDER BY done_at, part`, ids);
    const byRun = new Map<string, RunPart[]>();
    for (const p of parts) {
      const list = byRun.get(String(p.run_id)) ?? [];
      list.push({ part: String(p.part), doneAt: Number(p.done_at), detail: str(p.detail) });
      byRun.set(String(p.run_id), list);
    }
    return rows.map((r) => toRun(r, byRun.get(String(r.id)) ?? []));
  }

  async open(run: OpenRun): Promise<{ run: RunRecord; opened: boolean }> {
    const inserted = await this.db.run(
      `INSERT INTO pb_run (id, kind, flow_id, start_node, parts, body, owner, lease_until, opened_at, due_at, state, attempt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 1) ON CONFLICT (id) DO NOTHING`,
      [run.id, run.kind, run.flowId, run.startNode, JSON.stringify(run.parts), run.body, run.owner, run.leaseUntil, run.openedAt, run.dueAt],
    );
    return { run: (await this.get(run.id)) as RunRecord, opened: inserted > 0 };
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const rows = await this.db.all('SELECT * FROM pb_run WHERE id = ?', [id]);
    return (await this.withParts(this.db, rows))[0];
  }

  partDone(id: string, part: string, at: number, detail: string | null): Promise<PartResult | undefined> {
    return this.db.transaction(async (tx) => {
      // The run row is locked first, so two last parts committing together cannot both miss each other.
      const lock = tx.dialect === 'postgres' ? 'FOR UPDATE' : '';
      const rows = await tx.all(`SELECT * FROM pb_run WHERE id = ? ${lock}`, [id]);
      if (!rows.length) return undefined;
      await tx.run('INSERT INTO pb_run_part (run_id, part, done_at, detail) VALUES (?, ?, ?, ?) ON CONFLICT (run_id, part) DO NOTHING', [id, part, at, detail]);
      const expected = JSON.parse(String(rows[0].parts)) as string[];
      const done = await tx.all<{ part: string }>('SELECT part FROM pb_run_part WHERE run_id = ?', [id]);
      const doneNames = new Set(done.map((d) => String(d.part)));
      let completedParts = false;
      if (rows[0].parts_done_at === null && expected.every((p) => doneNames.has(p))) {
        completedParts = (await tx.run('UPDATE pb_run SET parts_done_at = ? WHERE id = ? AND parts_done_at IS NULL', [at, id])) > 0;
      }
      const run = (await this.withParts(tx, await tx.all('SELECT * FROM pb_run WHERE id = ?', [id])))[0];
      return { run, completedParts };
    });
  }

  async close(id: string, outcome: string | null, at: number): Promise<boolean> {
    return (await this.db.run("UPDATE pb_run SET state = 'closed', outcome = ?, closed_at = ? WHERE id = ? AND state = 'open'", [outcome, at, id])) > 0;
  }

  async claimOrphans(startNode: string, owner: string, now: number, leaseUntil: number, limit: number): Promise<RunRecord[]> {
    const lock = this.db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    const rows = await this.db.all(
      `UPDATE pb_run SET owner = ?, lease_until = ?, attempt = attempt + 1
       WHERE id IN (SELECT id FROM pb_run WHERE start_node = ? AND state = 'open' AND lease_until < ? ORDER BY opened_at LIMIT ? ${lock})
       RETURNING *`,
      [owner, leaseUntil, startNode, now, limit],
    );
    return (await this.withParts(this.db, rows)).sort((a, b) => a.openedAt - b.openedAt);
  }

  async claimOverdue(now: number, limit: number): Promise<RunRecord[]> {
    const lock = this.db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    const rows = await this.db.all(
      `UPDATE pb_run SET overdue_at = ?
       WHERE id IN (SELECT id FROM pb_run WHERE state = 'open' AND overdue_at IS NULL AND due_at IS NOT NULL AND due_at < ? ORDER BY due_at LIMIT ? ${lock})
       RETURNING *`,
      [now, now, limit],
    );
    return this.withParts(this.db, rows);
  }

  async list(filter: RunFilter): Promise<RunRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.state) {
      where.push('state = ?');
      params.push(filter.state);
    }
    if (filter.startNode) {
      where.push('start_node = ?');
      params.push(filter.startNode);
    }
    params.push(filter.limit ?? 100);
    const rows = await this.db.all(
      `SELECT * FROM pb_run ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY opened_at DESC, id DESC LIMIT ?`,
      params,
    );
    return this.withParts(this.db, rows);
  }

  renewLeases(owner: string, leaseUntil: number): Promise<number> {
    return this.db.run("UPDATE pb_run SET lease_until = ? WHERE owner = ? AND state = 'open'", [leaseUntil, owner]);
  }

  purge(closedBefore: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.run("DELETE FROM pb_run_part WHERE run_id IN (SELECT id FROM pb_run WHERE state = 'closed' AND closed_at < ?)", [closedBefore]);
      return tx.run("DELETE FROM pb_run WHERE state = 'closed' AND closed_at < ?", [closedBefore]);
    });
  }
}
