import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import type { LedgerMessage } from '../ledger/ledger';
import { markExecuted } from './approval/answers';
import { registerApprovalApi } from './approval/api';
import { ledgerOfNode } from './reliability/ledger-node';

/** Marks the recommendations of an execution's results executed; the message goes on. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);
  registerApprovalApi(RED, kit.runtime);

  function PbApprovalExecuted(this: Node, def: NodeDef & { ledger: string }): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => markExecuted(await opening, msg));
    });
  }

  RED.nodes.registerType('pb-approval-executed', PbApprovalExecuted);
}
