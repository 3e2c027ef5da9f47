import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { messagePath, valueAt } from '../lib/path';
import { Status } from '../lib/status';
import type { LedgerMessage } from '../ledger/ledger';
import { newRunName, pageOf } from './reconcile/page';
import { isCost, isText, lookupMap, toSnapshotRows } from './reconcile/rows';
import { quantityField } from './reconcile/settings';
import { keepScope } from './reconcile/sides';
import { ledgerOfNode } from './reliability/ledger-node';

interface SnapshotDef extends NodeDef {
  ledger: string;
  keepAs: string;
  quantity: string;
  categoryProperty: string;
  costProperty: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Keeps the stock pages flowing through it (to the planning platform, say) as a named snapshot in
 * the ledger, and passes each page on unchanged. A new snapshot replaces the kept one only once all
 * its pages are in, so pb-reconcile's `kept:<name>` side always reads a whole snapshot.
 */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbSnapshot(this: Node, def: SnapshotDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const name = (def.keepAs ?? '').trim();
    let quantity: ReturnType<typeof quantityField>;
    try {
      if (!NAME.test(name)) throw new Error(`"Keep as" must be a name of letters, digits, _ . - (got "${name}")`);
      quantity = quantityField(def.quantity);
    } catch (err) {
      this.status(Status.failed('CONFIG_INVALID'));
      this.error((err as Error).message);
      return;
    }
    const categoryProperty = messagePath(def.categoryProperty) || 'categories';
    const costProperty = messagePath(def.costProperty) || 'unitCosts';

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const page = pageOf(msg);
        const rows = toSnapshotRows(msg.payload, {
          quantity,
          categories: lookupMap(valueAt(msg, categoryProperty), isText),
          unitCosts: lookupMap(valueAt(msg, costProperty), isCost),
        });
        const ledger = await opening;
        const outcome = await ledger.recordSnapshotPage({
          scope: keepScope(name),
          run: null,
          newName: newRunName(),
          sides: [name],
          source: name,
          batch: page.batch,
          seq: page.seq,
          last: page.last,
          rows,
          keep: true,
        });
        if (outcome.completed) {
          const kept = outcome.progress.find((p) => p.source === name);
          msg.snapshot = { name, run: outcome.run.name, rows: kept?.rows ?? 0, kept: true };
          return { send: msg, status: `kept ${kept?.rows ?? 0} rows as ${name}` };
        }
        const progress = outcome.progress.find((p) => p.source === name);
        return { send: msg, status: outcome.accepted ? `${progress?.pages ?? 0} page(s) of the next ${name}` : 'page already kept' };
      });
    });
  }

  RED.nodes.registerType('pb-snapshot', PbSnapshot);
}
