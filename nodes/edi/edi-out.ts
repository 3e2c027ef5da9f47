import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { nodeKit } from '../common/kit';
import { ConfigError, InputError, RemoteError, toPlanbridgeError } from '../lib/errors';
import { Status } from '../lib/status';
import { usablePartner, type EdiPartnerNode } from './partner-node';

interface EdiOutDef extends NodeDef {
  partner: string;
  /** folder: the partner's outbound folder; http: POST to the partner's URL. */
  transport: 'folder' | 'http';
}

type EdiMessage = NodeMessage & { edi?: { fileName?: unknown; controlNumber?: unknown } & Record<string, unknown> };

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function EdiOut(this: Node, def: EdiOutDef): void {
    RED.nodes.createNode(this, def);
    const transport = def.transport === 'http' ? 'http' : 'folder';
    let partner: ReturnType<typeof usablePartner>;
    try {
      partner = usablePartner(RED.nodes.getNode(def.partner) as EdiPartnerNode | null);
      if (transport === 'folder' && !partner.outbound) throw new ConfigError(`EDI partner ${partner.profile.id} has no outbound folder`, 'EDI_PARTNER_INVALID');
      if (transport === 'http' && !partner.sender) throw new ConfigError(`EDI partner ${partner.profile.id} has no HTTP URL`, 'EDI_PARTNER_INVALID');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const { profile } = partner;

    this.on('input', (msg: EdiMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const text = typeof msg.payload === 'string' ? msg.payload : Buffer.isBuffer(msg.payload) ? msg.payload.toString('utf8') : undefined;
        if (!text) throw new InputError('msg.payload must be the interchange text (from edi-build or edi-ack)', 'EDI_TRANSPORT_FAILED');
        // Without a name from edi-build, the content names the file: the same interchange lands on the same file.
        const given = typeof msg.edi?.fileName === 'string' ? path.basename(msg.edi.fileName) : '';
        const fileName = given || `${profile.id.replace(/[^A-Za-z0-9._-]/g, '_')}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}.edi`;
        if (transport === 'http') {
          const controlNumber = typeof msg.edi?.controlNumber === 'string' ? msg.edi.controlNumber : '';
          const sent = await partner.sender!.send({ text, fileName, controlNumber, standard: profile.standard });
          msg.edi = { ...msg.edi, fileName, delivered: { transport, status: sent.status, attempts: sent.attempts } };
          return { send: msg, status: fileName };
        }
        const target = path.join(partner.outbound, fileName);
        try {
          await partner.files.writeAtomic(target, text);
        } catch (err) {
          const cause = toPlanbridgeError(err);
          throw new RemoteError('EDI_TRANSPORT_FAILED', `${fileName} could not be written to ${partner.outbound}: ${cause.message}`, {
            system: 'EDI',
            retryable: true,
            details: { fileName },
          });
        }
        msg.edi = { ...msg.edi, fileName, delivered: { transport, path: target } };
        return { send: msg, status: fileName };
      });
    });
  }

  RED.nodes.registerType('edi-out', EdiOut);
}
