import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import type { LedgerMessage } from '../ledger/ledger';
import { answerInbox } from './approval/answers';
import { registerApprovalApi } from './approval/api';
import { ledgerOfNode } from './reliability/ledger-node';

/** The dashboard's approvals inbox: lists (topic refresh) and decides (topic decide) as the signed-in user. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);
  registerApprovalApi(RED, kit.runtime);

  function PbApprovalInbox(this: Node, def: NodeDef & { ledger: string }): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => answerInbox(await opening, msg));
    });
  }

  RED.nodes.registerType('pb-approval-inbox', PbApprovalInbox);
}
