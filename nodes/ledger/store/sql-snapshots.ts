import { chunks, inList, valuesList, type Db } from './db';
import type { ComparedRow, PageOutcome, RowKey, SnapshotPage, SnapshotRun, SnapshotRunState, SnapshotStore, SourceProgress } from './snapshot-types';

type Row = Record<string, unknown>;

// 8 parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535 per statement.
const ROWS_PER_STATEMENT = 1000;
const FINISHED: SnapshotRunState[] = ['compared', 'failed'];

function toRun(r: Row): SnapshotRun {
  return {
    id: Number(r.id),
    scope: String(r.scope),
    name: String(r.name),
    sides: JSON.parse(String(r.sides)) as string[],
    state: r.state as SnapshotRunState,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function progressOf(tx: Db, runId: number): Promise<SourceProgress[]> {
  const rows = await tx.all(
    `SELECT source, COUNT(*) AS pages, SUM(row_count) AS row_total, MAX(page) AS max_page, MAX(CASE WHEN is_last = 1 THEN page END) AS last_seq
     FROM pb_snapshot_page WHERE run_id = ? GROUP BY source ORDER BY source`,
    [runId],
  );
  return rows.map((r) => {
    const pages = Number(r.pages);
    const lastSeq = num(r.last_seq);
    // Pages are keyed by seq from 1, so as many pages as the last one's seq, none beyond it, means all are in.
    return {
      source: String(r.source),
      pages,
      rows: Number(r.row_total ?? 0),
      lastSeq,
      complete: lastSeq !== null && pages === lastSeq && Number(r.max_page) === lastSeq,
    };
  });
}

async function deleteRuns(tx: Db, ids: number[]): Promise<void> {
  for (const part of chunks(ids, 500)) {
    await tx.run(`DELETE FROM pb_snapshot_row WHERE run_id IN ${inList(part.length)}`, part);
    await tx.run(`DELETE FROM pb_snapshot_page WHERE run_id IN ${inList(part.length)}`, part);
    await tx.run(`DELETE FROM pb_snapshot_batch WHERE run_id IN ${inList(part.length)}`, part);
    await tx.run(`DELETE FROM pb_snapshot_run WHERE id IN ${inList(part.length)}`, part);
  }
}

/** A page's rows: one statement per chunk; on PostgreSQL one array per column, which it parses far faster than a long VALUES list. */
async function insertRows(tx: Db, runId: number, p: SnapshotPage): Promise<void> {
  if (!p.rows.length) return;
  if (tx.dialect === 'postgres') {
    const rows = p.rows;
    await tx.run(
      `INSERT INTO pb_snapshot_row (run_id, source, page, sku, location, quantity, unit_cost, category)
       SELECT CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS INTEGER), * FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS DOUBLE PRECISION[]), CAST(? AS DOUBLE PRECISION[]), CAST(? AS TEXT[]))`,
      [
        runId,
        p.source,
        p.seq,
        rows.map((r) => r.sku),
        rows.map((r) => r.location),
        rows.map((r) => r.quantity),
        rows.map((r) => r.unitCost),
        rows.map((r) => r.category),
      ],
    );
    return;
  }
  for (const part of chunks(p.rows, ROWS_PER_STATEMENT)) {
    const params: unknown[] = [];
    for (const r of part) params.push(runId, p.source, p.seq, r.sku, r.location, r.quantity, r.unitCost, r.category);
    await tx.run(
      `INSERT INTO pb_snapshot_row (run_id, source, page, sku, location, quantity, unit_cost, category) VALUES ${valuesList(part.length, 8)}`,
      params,
    );
  }
}

export class SqlSnapshots implements SnapshotStore {
  constructor(private readonly db: Db) {}

  recordPage(p: SnapshotPage): Promise<PageOutcome> {
    return this.db.transaction(async (tx) => {
      // The upsert locks the scope's row (PostgreSQL) until commit: pages of one scope take turns.
      const [scope] = await tx.all(
        `INSERT INTO pb_snapshot_scope (scope, updated_at) VALUES (?, ?)
         ON CONFLICT (scope) DO UPDATE SET updated_at = excluded.updated_at RETURNING current_run, kept_run`,
        [p.scope, p.at],
      );
      const { run, superseded } = await this.runFor(tx, p, num(scope.current_run));
      if (run.state !== 'open' || superseded) return { run, accepted: false, progress: await progressOf(tx, run.id), completed: false };

      const [current] = await tx.all<{ batch: string }>('SELECT batch FROM pb_snapshot_batch WHERE run_id = ? AND source = ? AND superseded = 0', [
        run.id,
        p.source,
      ]);
      if (current && current.batch !== p.batch) {
        // A new batch from a side is a fresh delivery: what the side sent before in this run goes.
        await tx.run('UPDATE pb_snapshot_batch SET superseded = 1 WHERE run_id = ? AND source = ?', [run.id, p.source]);
        await tx.run('DELETE FROM pb_snapshot_row WHERE run_id = ? AND source = ?', [run.id, p.source]);
        await tx.run('DELETE FROM pb_snapshot_page WHERE run_id = ? AND source = ?', [run.id, p.source]);
      }
      if (current?.batch !== p.batch) {
        await tx.run('INSERT INTO pb_snapshot_batch (run_id, source, batch, superseded) VALUES (?, ?, ?, 0)', [run.id, p.source, p.batch]);
      } else {
        // A redelivered page replaces itself rather than adding its rows twice; a first delivery, the usual case, costs inserts alone.
        const seen = await tx.all('SELECT 1 AS seen FROM pb_snapshot_page WHERE run_id = ? AND source = ? AND page = ?', [run.id, p.source, p.seq]);
        if (seen.length) await tx.run('DELETE FROM pb_snapshot_row WHERE run_id = ? AND source = ? AND page = ?', [run.id, p.source, p.seq]);
      }
      await insertRows(tx, run.id, p);
      await tx.run(
        `INSERT INTO pb_snapshot_page (run_id, source, page, is_last, row_count, received_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, source, page) DO UPDATE SET is_last = excluded.is_last, row_count = excluded.row_count, received_at = excluded.received_at`,
        [run.id, p.source, p.seq, p.last ? 1 : 0, p.rows.length, p.at],
      );

      const progress = await progressOf(tx, run.id);
      const completed = run.sides.every((side) => progress.some((s) => s.source === side && s.complete));
      if (!completed) return { run, accepted: true, progress, completed };

      const state: SnapshotRunState = p.keep ? 'kept' : 'comparing';
      await tx.run('UPDATE pb_snapshot_run SET state = ?, updated_at = ? WHERE id = ?', [state, p.at, run.id]);
      await tx.run('UPDATE pb_snapshot_scope SET current_run = NULL WHERE scope = ? AND current_run = ?', [p.scope, run.id]);
      if (p.keep) {
        const previous = num(scope.kept_run);
        await tx.run('UPDATE pb_snapshot_scope SET kept_run = ? WHERE scope = ?', [run.id, p.scope]);
        if (previous !== null && previous !== run.id) await deleteRuns(tx, [previous]);
      }
      return { run: { ...run, state, updatedAt: p.at }, accepted: true, progress, completed };
    });
  }

  /** The run a page belongs to: its batch's run, the named run, the scope's open run, or a new one. */
  private async runFor(tx: Db, p: SnapshotPage, currentRun: number | null): Promise<{ run: SnapshotRun; superseded: boolean }> {
    const byBatch = await tx.all(
      `SELECT r.*, b.superseded FROM pb_snapshot_batch b JOIN pb_snapshot_run r ON r.id = b.run_id
       WHERE b.source = ? AND b.batch = ? AND r.scope = ? ORDER BY r.id DESC LIMIT 1`,
      [p.source, p.batch, p.scope],
    );
    if (byBatch[0]) return { run: toRun(byBatch[0]), superseded: Number(byBatch[0].superseded) === 1 };
    if (p.run !== null) {
      const named = await tx.all('SELECT * FROM pb_snapshot_run WHERE scope = ? AND name = ?', [p.scope, p.run]);
      return { run: named[0] ? toRun(named[0]) : await this.newRun(tx, p, p.run), superseded: false };
    }
    if (currentRun !== null) {
      const open = await tx.all('SELECT * FROM pb_snapshot_run WHERE id = ?', [currentRun]);
      if (open[0] && open[0].state === 'open') return { run: toRun(open[0]), superseded: false };
    }
    const run = await this.newRun(tx, p, p.newName);
    await tx.run('UPDATE pb_snapshot_scope SET current_run = ? WHERE scope = ?', [run.id, p.scope]);
    return { run, superseded: false };
  }

  private async newRun(tx: Db, p: SnapshotPage, name: string): Promise<SnapshotRun> {
    const [row] = await tx.all("INSERT INTO pb_snapshot_run (scope, name, sides, state, created_at, updated_at) VALUES (?, ?, ?, 'open', ?, ?) RETURNING *", [
      p.scope,
      name,
      JSON.stringify(p.sides),
      p.at,
      p.at,
    ]);
    return toRun(row);
  }

  async getRun(id: number): Promise<SnapshotRun | undefined> {
    const rows = await this.db.all('SELECT * FROM pb_snapshot_run WHERE id = ?', [id]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async runs(scope: string, states?: SnapshotRunState[]): Promise<SnapshotRun[]> {
    const filter = states?.length ? `AND state IN ${inList(states.length)}` : '';
    const rows = await this.db.all(`SELECT * FROM pb_snapshot_run WHERE scope = ? ${filter} ORDER BY id`, [scope, ...(states ?? [])]);
    return rows.map(toRun);
  }

  progress(runId: number): Promise<SourceProgress[]> {
    return progressOf(this.db, runId);
  }

  async kept(scope: string): Promise<SnapshotRun | undefined> {
    const rows = await this.db.all('SELECT r.* FROM pb_snapshot_scope s JOIN pb_snapshot_run r ON r.id = s.kept_run WHERE s.scope = ?', [scope]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  adoptKept(runId: number, side: string, keepScope: string): Promise<number | null> {
    return this.db.transaction(async (tx) => {
      const [scope] = await tx.all('SELECT kept_run FROM pb_snapshot_scope WHERE scope = ?', [keepScope]);
      const kept = num(scope?.kept_run);
      if (kept === null) return null;
      await tx.run('DELETE FROM pb_snapshot_row WHERE run_id = ? AND source = ?', [runId, side]);
      return tx.run(
        `INSERT INTO pb_snapshot_row (run_id, source, page, sku, location, quantity, unit_cost, category)
         SELECT CAST(? AS BIGINT), CAST(? AS TEXT), page, sku, location, quantity, unit_cost, category FROM pb_snapshot_row WHERE run_id = ?`,
        [runId, side, kept],
      );
    });
  }

  async compare(runId: number, sides: string[], after: RowKey | null, limit: number): Promise<ComparedRow[]> {
    const sums = sides.map((_, i) => `SUM(CASE WHEN source = ? THEN quantity END) AS q${i}`).join(', ');
    const params: unknown[] = [...sides, runId, ...sides];
    let from = '';
    // Statistics after the bulk load, so PostgreSQL walks the index in order instead of sorting the whole run for every page.
    if (!after && this.db.dialect === 'postgres') await this.db.run('ANALYZE pb_snapshot_row');
    if (after) {
      // A row value, not an OR: both engines then seek the (run_id, sku, location) index instead of scanning from the start.
      from = 'AND (sku, location) > (?, ?)';
      params.push(after.sku, after.location);
    }
    params.push(limit);
    const rows = await this.db.all(
      `SELECT sku, location, ${sums}, MAX(unit_cost) AS unit_cost, MAX(category) AS category
       FROM pb_snapshot_row WHERE run_id = ? AND source IN ${inList(sides.length)} ${from}
       GROUP BY sku, location ORDER BY sku, location LIMIT ?`,
      params,
    );
    return rows.map((r) => ({
      sku: String(r.sku),
      location: String(r.location),
      quantities: sides.map((_, i) => num(r[`q${i}`])),
      unitCost: num(r.unit_cost),
      category: r.category === null || r.category === undefined ? null : String(r.category),
    }));
  }

  async setRunState(runId: number, state: SnapshotRunState, at: number): Promise<void> {
    await this.db.run('UPDATE pb_snapshot_run SET state = ?, updated_at = ? WHERE id = ?', [state, at, runId]);
  }

  dropRuns(scope: string, keep: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.all<{ id: number }>(`SELECT id FROM pb_snapshot_run WHERE scope = ? AND state IN ${inList(FINISHED.length)} ORDER BY id DESC`, [
        scope,
        ...FINISHED,
      ]);
      const old = rows.slice(Math.max(0, keep)).map((r) => Number(r.id));
      await deleteRuns(tx, old);
      return old.length;
    });
  }
}
