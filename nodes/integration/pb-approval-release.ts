import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import type { LedgerMessage } from '../ledger/ledger';
import { release } from './approval/answers';
import { registerApprovalApi } from './approval/api';
import { ledgerOfNode } from './reliability/ledger-node';

/** Every approved recommendation not executed yet, on any trigger (a schedule picks up decisions made on any instance or before a restart). */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);
  registerApprovalApi(RED, kit.runtime);

  function PbApprovalRelease(this: Node, def: NodeDef & { ledger: string }): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => release(await opening, msg));
    });
  }

  RED.nodes.registerType('pb-approval-release', PbApprovalRelease);
}
