import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { messagePath } from '../lib/path';
import type { LedgerMessage } from '../ledger/ledger';
import { ledgerOfNode } from './reliability/ledger-node';
import { recordPart } from './runs/part';

interface RunPartDef extends NodeDef {
  ledger: string;
  part: string;
  detailPath: string;
}

/** Records a part of a run done; its second output fires once, when the last part owed is done. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbRunPart(this: Node, def: RunPartDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const options = { part: def.part.trim(), detailPath: messagePath(def.detailPath) };

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const { complete, status } = await recordPart(await opening, msg, options);
        return { send: [msg, complete], status };
      });
    });
  }

  RED.nodes.registerType('pb-run-part', PbRunPart);
}
