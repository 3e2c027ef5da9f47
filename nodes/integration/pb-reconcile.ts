import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { userDirOf } from '../lib/connection';
import { Status } from '../lib/status';
import type { LedgerMessage } from '../ledger/ledger';
import { Reconciler } from './reconcile/reconciler';
import { reconcileSettings, type ReconcileFields } from './reconcile/settings';
import { ledgerOfNode } from './reliability/ledger-node';

interface ReconcileDef extends NodeDef, ReconcileFields {
  ledger: string;
}

/** Three-way stock reconciliation: each side's snapshot pages kept in the ledger, compared once all have arrived. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbReconcile(this: Node, def: ReconcileDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const parsed = reconcileSettings(def, userDirOf(RED));
    if ('problem' in parsed) {
      this.status(Status.failed('CONFIG_INVALID'));
      this.error(parsed.problem);
      return;
    }
    const reconciler = new Reconciler(opening, parsed.settings, `reconcile:${this.id}`, def.name || this.id);
    reconciler
      .resume((m) => this.send(m))
      .then(
        (lines) => lines.forEach((line) => this.log(line)),
        (err: Error) => this.warn(`could not finish an interrupted comparison: ${err.message}`),
      );

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => ({ status: await reconciler.accept(msg, emit) }));
    });
    this.on('close', (_removed: boolean, done: () => void) => {
      void reconciler.settle().then(() => done());
    });
  }

  RED.nodes.registerType('pb-reconcile', PbReconcile);
}
