import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { messagePath } from '../lib/path';
import type { LedgerMessage } from '../ledger/ledger';
import { ledgerOfNode } from './reliability/ledger-node';
import { closeRun } from './runs/close';

interface RunCloseDef extends NodeDef {
  ledger: string;
  outcomePath: string;
}

/** Closes a run once everything it owes is done; passes the message on the first time only. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbRunClose(this: Node, def: RunCloseDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const outcomePath = messagePath(def.outcomePath);

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const { closed, status } = await closeRun(await opening, msg, outcomePath);
        return { send: closed ? msg : null, status };
      });
    });
  }

  RED.nodes.registerType('pb-run-close', PbRunClose);
}
