import { PlanbridgeError } from '../../lib/errors';
import { valueAt } from '../../lib/path';
import type { Send } from '../../lib/run-input';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import type { SnapshotRun, SourceProgress } from '../../ledger/store/snapshot-types';
import { newRunName, pageOf, runNameOf, sourceOf } from './page';
import { isCost, isText, lookupMap, toSnapshotRows } from './rows';
import { compareRun, type CompareOutput, type ReconcileSummary } from './run-compare';
import type { ReconcileSettings } from './settings';
import { fedSides } from './sides';

function progressText(progress: SourceProgress[], fed: string[]): string {
  return fed
    .map((side) => {
      const p = progress.find((s) => s.source === side);
      return `${side} ${p ? (p.complete ? 'done' : `${p.pages}${p.lastSeq ? `/${p.lastSeq}` : ''}`) : '0'}`;
    })
    .join(', ');
}

function outputTo(emit: Send, run: SnapshotRun): CompareOutput {
  const reconcile = { run: run.name, run_id: run.id };
  return {
    page: (differences, batch) => emit([{ topic: 'reconcile/differences', payload: differences, batch, reconcile }, null]),
    alerts: (alerts) => emit([null, { topic: 'reconcile/alerts', payload: alerts, reconcile }]),
    summary: (summary) => emit([{ topic: 'reconcile/summary', payload: summary, reconcile }, null]),
  };
}

/**
 * What pb-reconcile does: keeps each side's pages of a run in the ledger and, when every fed side is
 * complete, compares them (differences page by page, alerts, a summary). Runs belong to one node (its
 * scope): two reconcile nodes on one ledger never share pages.
 */
export class Reconciler {
  private readonly fed: string[];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly ledger: Promise<Ledger>,
    private readonly settings: ReconcileSettings,
    private readonly scope: string,
    private readonly label: string,
  ) {
    this.fed = fedSides(settings.sides);
  }

  /** A restart during a comparison leaves its run comparing: compare those runs again. Answers a line per run. */
  async resume(emit: Send): Promise<string[]> {
    const ledger = await this.ledger;
    const lines: string[] = [];
    for (const run of await ledger.snapshots.runs(this.scope, ['comparing'])) {
      const summary = await this.compare(ledger, run, emit);
      lines.push(`compared run ${run.name} after a restart: ${summary.differing} of ${summary.compared} differ`);
    }
    return lines;
  }

  /** One page of one side; answers the status text (the run's progress, or the comparison's outcome). */
  async accept(msg: LedgerMessage, emit: Send): Promise<string> {
    const { settings, fed } = this;
    const source = sourceOf(msg, settings.sourceProperty, fed);
    const page = pageOf(msg);
    const rows = toSnapshotRows(msg.payload, {
      quantity: settings.quantity,
      categories: { ...settings.categories, ...lookupMap(valueAt(msg, settings.categoryProperty), isText) },
      unitCosts: lookupMap(valueAt(msg, settings.costProperty), isCost),
    });
    const ledger = await this.ledger;
    const outcome = await ledger.recordSnapshotPage({
      scope: this.scope,
      run: runNameOf(msg, settings.runProperty),
      newName: newRunName(),
      sides: fed,
      source,
      batch: page.batch,
      seq: page.seq,
      last: page.last,
      rows,
    });
    if (!outcome.accepted) return `page ignored: run ${outcome.run.name} is ${outcome.run.state}`;
    if (!outcome.completed) return progressText(outcome.progress, fed);
    const summary = await this.compare(ledger, outcome.run, emit);
    return `${summary.differing} of ${summary.compared} differ`;
  }

  /** Resolves once the comparisons in progress have finished (the ledger may not close under them). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private compare(ledger: Ledger, run: SnapshotRun, emit: Send): Promise<ReconcileSummary> {
    const work = compareRun(ledger.snapshots, run, { ...this.settings, scopeLabel: this.label }, outputTo(emit, run)).then(
      async (summary) => {
        await ledger.setSnapshotRunState(run.id, 'compared');
        await ledger.snapshots.dropRuns(this.scope, this.settings.keepRuns);
        return summary;
      },
      async (err: unknown) => {
        // Without its kept snapshot the run can never be compared; anything else (a full disk) leaves
        // it comparing, to be compared again on the next start.
        if (err instanceof PlanbridgeError && err.code === 'RECONCILE_NO_KEPT_SNAPSHOT') await ledger.setSnapshotRunState(run.id, 'failed');
        throw err;
      },
    );
    this.inFlight.add(work);
    work.then(
      () => this.inFlight.delete(work),
      () => this.inFlight.delete(work),
    );
    return work;
  }
}
