import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { nodeKit } from '../common/kit';
import { InputError, toPlanbridgeError } from '../lib/errors';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { controlAssigner, usablePartner, type EdiPartnerNode } from './partner-node';
import { buildMessages, kindFrom } from './run/build';

interface EdiBuildDef extends NodeDef {
  partner: string;
  /** supplier_order, po_acknowledgment, asn, invoice, stock_report, functional_ack (or 850, ORDERS, ...); blank: msg.topic. */
  document: string;
}

/** Canonical documents to the partner's X12 or EDIFACT, with control numbers kept in the ledger. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function EdiBuild(this: Node, def: EdiBuildDef): void {
    RED.nodes.createNode(this, def);
    let partner: ReturnType<typeof usablePartner>;
    try {
      partner = usablePartner(RED.nodes.getNode(def.partner) as EdiPartnerNode | null);
      if (def.document && !kindFrom(def.document)) throw new InputError(`Unknown document "${def.document}"`, 'EDI_BUILD_INVALID');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const assign = controlAssigner(partner);

    this.on('input', (msg: NodeMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => {
        const chosen = fieldOrMsg(this, 'document', def.document, typeof msg.topic === 'string' ? msg.topic : undefined);
        return { status: await buildMessages(partner.profile, assign, chosen, msg, (out) => emit(out)) };
      });
    });
  }

  RED.nodes.registerType('edi-build', EdiBuild);
}
