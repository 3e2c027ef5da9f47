import os from 'node:os';
import path from 'node:path';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { PlanbridgeError } from '../lib/errors';
import { valueAt } from '../lib/path';
import type { Send } from '../lib/run-input';
import { Status } from '../lib/status';
import type { Ledger, LedgerMessage } from '../ledger/ledger';
import type { SnapshotRun, SourceProgress } from '../ledger/store/snapshot-types';
import { newRunName, pageOf, runNameOf, sourceOf } from './reconcile/page';
import { isCost, isText, lookupMap, toSnapshotRows } from './reconcile/rows';
import { compareRun, type CompareOutput, type ReconcileSummary } from './reconcile/run-compare';
import { reconcileSettings, type ReconcileFields } from './reconcile/settings';
import { fedSides } from './reconcile/sides';
import { ledgerOfNode } from './reliability/ledger-node';

interface ReconcileDef extends NodeDef, ReconcileFields {
  ledger: string;
}

function progressText(progress: SourceProgress[], fed: string[]): string {
  return fed
    .map((side) => {
      const p = progress.find((s) => s.source === side);
      return `${side} ${p ? (p.complete ? 'done' : `${p.pages}${p.lastSeq ? `/${p.lastSeq}` : ''}`) : '0'}`;
    })
    .join(', ');
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbReconcile(this: Node, def: ReconcileDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const userDir = (RED.settings as unknown as { userDir?: string }).userDir ?? path.join(os.tmpdir(), 'planbridge');
    const parsed = reconcileSettings(def, userDir);
    if ('problem' in parsed) {
      this.status(Status.failed('CONFIG_INVALID'));
      this.error(parsed.problem);
      return;
    }
    const settings = parsed.settings;
    const fed = fedSides(settings.sides);
    // Runs belong to this node: two reconcile nodes on one ledger never share pages.
    const scope = `reconcile:${this.id}`;
    const compareSettings = { ...settings, scopeLabel: def.name || this.id };
    const inFlight = new Set<Promise<unknown>>();

    const outputTo = (emit: Send, run: SnapshotRun): CompareOutput => {
      const reconcile = { run: run.name, run_id: run.id };
      return {
        page: (differences, batch) => emit([{ topic: 'reconcile/differences', payload: differences, batch, reconcile }, null]),
        alerts: (alerts) => emit([null, { topic: 'reconcile/alerts', payload: alerts, reconcile }]),
        summary: (summary) => emit([{ topic: 'reconcile/summary', payload: summary, reconcile }, null]),
      };
    };

    const compare = (ledger: Ledger, run: SnapshotRun, emit: Send): Promise<ReconcileSummary> => {
      const work = compareRun(ledger.snapshots, run, compareSettings, outputTo(emit, run)).then(
        async (summary) => {
          await ledger.setSnapshotRunState(run.id, 'compared');
          await ledger.snapshots.dropRuns(scope, settings.keepRuns);
          return summary;
        },
        async (err: unknown) => {
          // Without its kept snapshot the run can never be compared; anything else (a full disk)
          // leaves it comparing, to be compared again on the next start.
          if (err instanceof PlanbridgeError && err.code === 'RECONCILE_NO_KEPT_SNAPSHOT') await ledger.setSnapshotRunState(run.id, 'failed');
          throw err;
        },
      );
      inFlight.add(work);
      work.then(
        () => inFlight.delete(work),
        () => inFlight.delete(work),
      );
      return work;
    };

    // A restart during a comparison leaves its run comparing: compare it again now.
    opening
      .then(async (ledger) => {
        for (const run of await ledger.snapshots.runs(scope, ['comparing'])) {
          const summary = await compare(ledger, run, (m) => this.send(m));
          this.log(`compared run ${run.name} after a restart: ${summary.differing} of ${summary.compared} differ`);
        }
      })
      .catch((err: Error) => this.warn(`could not finish an interrupted comparison: ${err.message}`));

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => {
        const source = sourceOf(msg, settings.sourceProperty, fed);
        const page = pageOf(msg);
        const rows = toSnapshotRows(msg.payload, {
          quantity: settings.quantity,
          categories: { ...settings.categories, ...lookupMap(valueAt(msg, settings.categoryProperty), isText) },
          unitCosts: lookupMap(valueAt(msg, settings.costProperty), isCost),
        });
        const ledger = await opening;
        const outcome = await ledger.recordSnapshotPage({
          scope,
          run: runNameOf(msg, settings.runProperty),
          newName: newRunName(),
          sides: fed,
          source,
          batch: page.batch,
          seq: page.seq,
          last: page.last,
          rows,
        });
        if (!outcome.accepted) return { status: `page ignored: run ${outcome.run.name} is ${outcome.run.state}` };
        if (!outcome.completed) return { status: progressText(outcome.progress, fed) };
        const summary = await compare(ledger, outcome.run, emit);
        return { status: `${summary.differing} of ${summary.compared} differ` };
      });
    });

    this.on('close', (_removed: boolean, done: () => void) => {
      // A comparison in progress finishes before the ledger may close under it.
      void Promise.allSettled([...inFlight]).then(() => done());
    });
  }

  RED.nodes.registerType('pb-reconcile', PbReconcile);
}
