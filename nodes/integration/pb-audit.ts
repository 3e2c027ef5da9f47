import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import type { LedgerMessage } from '../ledger/ledger';
import { MESSAGE_STATUSES, type MessageStatus } from '../ledger/store/types';
import { flowOf, ledgerOfNode } from './reliability/ledger-node';

interface AuditDef extends NodeDef {
  ledger: string;
  recordAs?: MessageStatus;
  /** The old name of recordAs (flows not migrated yet); an object when the editor saved its status text there. */
  status?: unknown;
  note: string;
}

// An audit copy larger than this is cut; the full message is still in the ledger when tracked.
const MAX_COPY_CHARS = 64 * 1024;

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbAudit(this: Node, def: AuditDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const wanted = def.recordAs ?? def.status;
    const status: MessageStatus = MESSAGE_STATUSES.includes(wanted as MessageStatus) ? (wanted as MessageStatus) : 'transformed';
    const flowId = flowOf(this);
    let recorded = 0;

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const ledger = await opening;
        let message: unknown;
        try {
          message = ledger.view(ledger.serialize(msg));
        } catch (err) {
          message = { unstorable: (err as Error).message };
        }
        let copy = JSON.stringify({ note: def.note || undefined, message });
        if (copy.length > MAX_COPY_CHARS) copy = `${copy.slice(0, MAX_COPY_CHARS)}…`;
        // Untracked messages are audited under their Node-RED message id.
        const messageId = msg.ledger?.id ?? `msg:${String(msg._msgid)}`;
        await ledger.record(messageId, status, this.id, flowId, copy);
        recorded += 1;
        return { send: msg, status: `${recorded} recorded` };
      });
    });
  }

  RED.nodes.registerType('pb-audit', PbAudit);
}
