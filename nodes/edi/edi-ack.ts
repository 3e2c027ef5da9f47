import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { nodeKit } from '../common/kit';
import { InputError, toPlanbridgeError } from '../lib/errors';
import { Status } from '../lib/status';
import { controlAssigner, usablePartner, type EdiPartnerNode } from './partner-node';
import { buildAck, needsAcknowledgment, receiptsAnySize } from './run/ack';
import { interchangeFileName, interchangeNumber } from './run/control';
import { inputText } from './run/parse';

interface EdiAckDef extends NodeDef {
  partner: string;
}

type EdiMessage = NodeMessage & { edi?: { input?: unknown } & Record<string, unknown> };

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function EdiAck(this: Node, def: EdiAckDef): void {
    RED.nodes.createNode(this, def);
    let partner: ReturnType<typeof usablePartner>;
    try {
      partner = usablePartner(RED.nodes.getNode(def.partner) as EdiPartnerNode | null);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const profile = partner.profile;
    const assign = controlAssigner(partner);

    this.on('input', (msg: EdiMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        // edi-parse keeps the received text in msg.edi.input on both outputs; raw EDI in msg.payload works too.
        const text = inputText(typeof msg.edi?.input === 'string' && msg.edi.input ? msg.edi.input : msg.payload);
        const readable = typeof text === 'string' ? await receiptsAnySize(text, [profile]) : [];
        if (!readable.length) throw new InputError('Nothing to acknowledge: no interchange could be read from the input', 'EDI_PARSE_FAILED');
        const received = readable.filter((r) => needsAcknowledgment(r.interchange));
        if (!received.length) return { status: 'acknowledgments are not acknowledged' };
        // Not the received text nor the parse (edi-parse's input, interchanges): one acknowledgment
        // per interchange, each a copy, would otherwise hold the whole file once per interchange.
        const { input: _input, interchanges: _interchanges, problems: _problems, ...fileBrief } = msg.edi ?? {};
        const out: NodeMessage[] = [];
        for (const receipt of received) {
          const control = await interchangeNumber(assign, profile, receipt.businessKey);
          const ack = buildAck(receipt, control, profile);
          if (!ack.text)
            throw new InputError(`The acknowledgment for ${receipt.interchange.controlReference} could not be built`, 'EDI_BUILD_INVALID', {
              problems: ack.problems,
            });
          const accepted = receipt.statuses.every((s) => s === 'accepted');
          out.push({
            ...msg,
            payload: ack.text,
            edi: {
              ...fileBrief,
              partner: profile.id,
              standard: receipt.interchange.standard,
              kind: 'functional_ack',
              controlNumber: control.text,
              fileName: interchangeFileName(profile, control),
              acknowledges: receipt.interchange.controlReference,
              accepted,
              statuses: receipt.statuses,
              reused: control.reused,
            },
          });
        }
        const rejected = out.filter((m) => !(m as EdiMessage & { edi: { accepted: boolean } }).edi.accepted).length;
        // One acknowledgment per interchange of the file, all on the one output, all with the file's
        // message id (Node-RED copies the later ones), so edi-in waits for every one of them.
        return { send: [out], status: rejected ? `${rejected} rejected` : 'accepted' };
      });
    });
  }

  RED.nodes.registerType('edi-ack', EdiAck);
}
