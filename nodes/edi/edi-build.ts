import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { registerCommon } from '../common/register';
import { InputError, toPlanbridgeError } from '../lib/errors';
import { fieldOrMsg } from '../lib/resolve';
import { runInput } from '../lib/run-input';
import { Status } from '../lib/status';
import { controlAssigner, usablePartner } from './edi-partner';
import type { EdiPartnerNode } from './edi-partner';
import { businessKeyOf, buildInterchange, kindFrom, mapFor } from './run/build';
import { interchangeFileName, interchangeNumber } from './run/control';

interface EdiBuildDef extends NodeDef {
  partner: string;
  /** supplier_order, po_acknowledgment, asn, invoice, stock_report, functional_ack (or 850, ORDERS, ...); blank: msg.topic. */
  document: string;
}

type EdiMessage = NodeMessage & { edi?: { businessKey?: unknown } & Record<string, unknown> };

export default function register(RED: NodeAPI): void {
  registerCommon(RED);

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
      runInput(this, msg, send, done, async () => {
        const chosen = fieldOrMsg(this, 'document', def.document, typeof msg.topic === 'string' ? msg.topic : undefined);
        const kind = kindFrom(chosen ?? 'supplier_order');
        if (!kind || !mapFor(profile, kind)) throw new InputError(`No ${profile.standard.toUpperCase()} document for "${String(chosen)}"`, 'EDI_BUILD_INVALID', { problems: [] });
        const values = Array.isArray(msg.payload) ? msg.payload : [msg.payload];
        if (!values.length || values.some((v) => typeof v !== 'object' || v === null)) {
          throw new InputError('msg.payload must be a canonical document (an object) or an array of them', 'EDI_BUILD_INVALID', { problems: [] });
        }
        const given = msg.edi?.businessKey;
        const businessKey = typeof given === 'string' && given ? given : businessKeyOf(kind, values);
        const control = await interchangeNumber(assign, profile, businessKey);
        msg.payload = buildInterchange(profile, kind, values, control);
        const fileName = interchangeFileName(profile, control);
        msg.edi = { ...msg.edi, partner: profile.id, standard: profile.standard, kind, controlNumber: control.text, fileName, businessKey, reused: control.reused };
        return { send: msg, status: control.reused ? `${control.text} (again)` : control.text };
      });
    });
  }

  RED.nodes.registerType('edi-build', EdiBuild);
}
