import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { toPlanbridgeError } from '../lib/errors';
import { messagePath } from '../lib/path';
import { Status } from '../lib/status';
import type { LedgerMessage } from '../ledger/ledger';
import { flowOf, ledgerOfNode } from './reliability/ledger-node';
import { openRun, serviceLevelMs } from './runs/open';
import { startResuming } from './runs/resume';
import { parseParts } from './runs/run-message';

interface RunOpenDef extends NodeDef {
  ledger: string;
  kind: string;
  parts: string;
  idPath: string;
  slaMinutes: string;
}

/** Opens a run before its first page is read; one output per part it owes, and one for its closing step. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbRunOpen(this: Node, def: RunOpenDef): void {
    RED.nodes.createNode(this, def);
    let settings: { parts: string[]; dueInMs: number | null };
    try {
      settings = { parts: parseParts(def.parts), dueInMs: serviceLevelMs(def.slaMinutes) };
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const options = { ...settings, kind: def.kind || def.name || 'run', idPath: messagePath(def.idPath), node: this.id, flowId: flowOf(this) };
    const stopResuming = startResuming(this, opening, (run) => this.status(Status.ok(`run ${run.id} resumed (attempt ${run.attempt})`)));

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const { out, status } = await openRun(await opening, msg, options);
        return { send: out, status };
      });
    });

    this.on('close', (_removed: boolean, done: () => void) => {
      stopResuming();
      done();
    });
  }

  RED.nodes.registerType('pb-run-open', PbRunOpen);
}
