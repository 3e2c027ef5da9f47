import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { nodeKit } from '../common/kit';
import { InputError, toPlanbridgeError } from '../lib/errors';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { controlAssigner, usablePartner } from './partner-node';
import type { EdiPartnerNode } from './partner-node';
import { areOpenOrderLines, businessKeyOf, buildInterchange, kindFrom, mapFor, ordersForPartner } from './run/build';
import { interchangeFileName, interchangeNumber } from './run/control';

interface EdiBuildDef extends NodeDef {
  partner: string;
  /** supplier_order, po_acknowledgment, asn, invoice, stock_report, functional_ack (or 850, ORDERS, ...); blank: msg.topic. */
  document: string;
}

type EdiMessage = NodeMessage & { edi?: { businessKey?: unknown } & Record<string, unknown> };

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
    const profile = partner.profile;
    const assign = controlAssigner(partner);

    this.on('input', (msg: EdiMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (send) => {
        const chosen = fieldOrMsg(this, 'document', def.document, typeof msg.topic === 'string' ? msg.topic : undefined);
        const kind = kindFrom(chosen ?? 'supplier_order');
        if (!kind || !mapFor(profile, kind))
          throw new InputError(`No ${profile.standard.toUpperCase()} document for "${String(chosen)}"`, 'EDI_BUILD_INVALID', { problems: [] });
        const values = Array.isArray(msg.payload) ? msg.payload : [msg.payload];
        if (!values.length || values.some((v) => typeof v !== 'object' || v === null)) {
          throw new InputError('msg.payload must be a canonical document (an object) or an array of them', 'EDI_BUILD_INVALID', { problems: [] });
        }
        const build = async (documents: unknown[], given: unknown): Promise<{ msg: EdiMessage; text: string }> => {
          const businessKey = typeof given === 'string' && given ? given : businessKeyOf(kind, documents);
          const control = await interchangeNumber(assign, profile, businessKey);
          const text = buildInterchange(profile, kind, documents, control);
          const fileName = interchangeFileName(profile, control);
          const out: EdiMessage = {
            ...msg,
            payload: text,
            edi: {
              ...msg.edi,
              partner: profile.id,
              standard: profile.standard,
              kind,
              controlNumber: control.text,
              fileName,
              businessKey,
              reused: control.reused,
            },
          };
          return { msg: out, text: control.reused ? `${control.text} (again)` : control.text };
        };
        if (kind === 'supplier_order' && areOpenOrderLines(values)) {
          // Open PO lines from Odoo: one interchange per purchase order of this partner, each numbered for its PO.
          const { orders, skipped } = ordersForPartner(values, profile.id);
          let last = `no order for ${profile.id}`;
          for (const order of orders) {
            const built = await build([order], undefined);
            send(built.msg);
            last = built.text;
          }
          return { status: `${orders.length} order(s)${skipped ? `, ${skipped} line(s) not for ${profile.id}` : ''}: ${last}` };
        }
        const built = await build(values, msg.edi?.businessKey);
        return { send: built.msg, status: built.text };
      });
    });
  }

  RED.nodes.registerType('edi-build', EdiBuild);
}
