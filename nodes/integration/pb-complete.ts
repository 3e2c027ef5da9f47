import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { messagePath, valueAt } from '../lib/path';
import type { LedgerMessage } from '../ledger/ledger';
import { ledgerFor } from '../ledger/registry';
import { flowOf } from './reliability/ledger-node';

interface CompleteDef extends NodeDef {
  outcomePath: string;
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbComplete(this: Node, def: CompleteDef): void {
    RED.nodes.createNode(this, def);
    const outcomePath = messagePath(def.outcomePath);
    const flowId = flowOf(this);
    let completed = 0;

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const opening = ledgerFor(kit.runtime, msg.ledger?.config ?? msg.idempotency?.config);
        if (!opening) return { send: msg, status: 'not tracked' };
        const ledger = await opening;
        await ledger.complete(msg, this.id, flowId, outcomePath ? valueAt(msg, outcomePath) : undefined);
        completed += 1;
        return { send: msg, status: `${completed} delivered` };
      });
    });
  }

  RED.nodes.registerType('pb-complete', PbComplete);
}
