import { PlanbridgeError } from '../../lib/errors';
import type { BatchInfo } from '../../canonical/envelope';
import type { RowKey, SnapshotRun, SnapshotStore } from '../../ledger/store/snapshot-types';
import { AlertSelection, type AlertPolicy, type DriftAlert } from './alerts';
import { judge, type Difference } from './compare';
import { CsvReport } from './report';
import { keepScope, type Side } from './sides';
import type { TolerancePolicy } from './tolerance';

export interface CompareSettings {
  sides: Side[];
  tolerances: TolerancePolicy;
  alerts: AlertPolicy;
  /** Rows read per query, and differences per output page. */
  pageSize: number;
  folder: string;
  /** Names the node in the summary alert's key. */
  scopeLabel: string;
}

export interface SideCounts {
  rows: number;
  missing: number;
  differs: number;
}

export interface ReconcileSummary {
  run: string;
  run_id: number;
  sides: string[];
  compared: number;
  differing: number;
  per_side: Record<string, SideCounts>;
  total_abs_value: number;
  /** Differences whose value is unknown (no unit cost), not in the total. */
  without_value: number;
  alerts: number;
  file: string;
}

export interface CompareOutput {
  /** A page of differences (msg.batch set); the last one has batch.last. */
  page(differences: Difference[], batch: BatchInfo): void;
  alerts(alerts: DriftAlert[]): void;
  summary(summary: ReconcileSummary): void;
}

/**
 * Compares a complete run: copies kept sides into it, reads it in sku/location pages, sends the
 * differences page by page (one page held back so the last can say so), writes the CSV report,
 * then the alerts and the summary. Reads only, so a run interrupted by a restart is compared again
 * from the start.
 */
export async function compareRun(store: SnapshotStore, run: SnapshotRun, settings: CompareSettings, out: CompareOutput): Promise<ReconcileSummary> {
  const names = settings.sides.map((s) => s.name);
  for (const side of settings.sides) {
    if (!side.kept) continue;
    const copied = await store.adoptKept(run.id, side.name, keepScope(side.kept));
    if (copied === null)
      throw new PlanbridgeError(
        'RECONCILE_NO_KEPT_SNAPSHOT',
        `No complete snapshot is kept under "${side.kept}" (a pb-snapshot node keeps one): run ${run.name} cannot be compared`,
        { details: { run: run.name, kept: side.kept } },
      );
  }
  const report = await CsvReport.open(settings.folder, run.name, names);
  const selection = new AlertSelection(settings.alerts);
  const perSide: Record<string, SideCounts> = Object.fromEntries(names.map((n) => [n, { rows: 0, missing: 0, differs: 0 }]));
  let compared = 0;
  let differing = 0;
  let totalValue = 0;
  let withoutValue = 0;
  let seq = 0;
  let held: Difference[] | null = null;
  const pending: Difference[] = [];
  const batchId = `reconcile:${run.scope}:${run.name}`;
  const send = (page: Difference[], last: boolean): void => out.page(page, { id: batchId, seq: ++seq, last, count: page.length });
  try {
    let after: RowKey | null = null;
    for (;;) {
      const rows = await store.compare(run.id, names, after, settings.pageSize);
      if (!rows.length) break;
      after = rows[rows.length - 1];
      const found: Difference[] = [];
      for (const row of rows) {
        compared += 1;
        row.quantities.forEach((q, i) => (q === null ? (perSide[names[i]].missing += 1) : (perSide[names[i]].rows += 1)));
        const d = judge(row, names, settings.tolerances);
        if (!d) continue;
        found.push(d);
        differing += 1;
        for (const side of d.differs) perSide[side].differs += 1;
        if (d.value === null) withoutValue += 1;
        else totalValue += d.value;
        selection.offer(d);
      }
      await report.append(found);
      pending.push(...found);
      while (pending.length >= settings.pageSize) {
        if (held) send(held, false);
        held = pending.splice(0, settings.pageSize);
      }
    }
    const file = await report.commit();
    if (pending.length) {
      if (held) send(held, false);
      send(pending, true);
    } else {
      // A run without differences still sends one empty, last page.
      send(held ?? [], true);
    }
    const alerts = selection.alerts(run.name, settings.scopeLabel, file);
    if (alerts.length) out.alerts(alerts);
    const summary: ReconcileSummary = {
      run: run.name,
      run_id: run.id,
      sides: names,
      compared,
      differing,
      per_side: perSide,
      total_abs_value: Math.round(totalValue * 1e6) / 1e6,
      without_value: withoutValue,
      alerts: alerts.length,
      file,
    };
    out.summary(summary);
    return summary;
  } catch (err) {
    await report.abort();
    throw err;
  }
}
