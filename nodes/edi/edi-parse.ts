import path from 'node:path';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { nodeKit } from '../common/kit';
import { toPlanbridgeError } from '../lib/errors';
import { Status } from '../lib/status';
import { deployedProfiles } from './partner-registry';
import { usablePartner, type EdiPartnerNode } from './partner-node';
import { documentMessages } from './run/parse';
import { parseInputAnySize } from './run/parse-streamed';

interface EdiParseDef extends NodeDef {
  /** Optional: read with this partner's profile only; blank reads with every deployed partner's. */
  partner: string;
  /** One message per document on output 1, instead of one message with them all. */
  split?: boolean;
}

type EdiMessage = NodeMessage & { filename?: unknown; edi?: Record<string, unknown> };

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function EdiParse(this: Node, def: EdiParseDef): void {
    RED.nodes.createNode(this, def);
    let partner: (EdiPartnerNode & { profile: NonNullable<EdiPartnerNode['profile']> }) | undefined;
    if (def.partner) {
      try {
        partner = usablePartner(RED.nodes.getNode(def.partner) as EdiPartnerNode | null);
      } catch (err) {
        const error = toPlanbridgeError(err);
        this.status(Status.failed(error.code));
        this.error(error.message);
        return;
      }
    }

    this.on('input', (msg: EdiMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const parsed = await parseInputAnySize(msg.payload, partner ? [partner.profile] : deployedProfiles(kit.runtime));
        const fileName = typeof msg.filename === 'string' && msg.filename ? path.basename(msg.filename) : undefined;
        msg.edi = {
          ...msg.edi,
          standard: parsed.standard,
          valid: parsed.valid,
          interchanges: parsed.interchanges,
          fileName,
          input: parsed.text,
          problems: parsed.problems,
        };
        if (parsed.valid && def.split) {
          // One message per document carrying only that document and the file's brief (no input text,
          // no interchanges): Node-RED copies every message but the first, so anything shared by all of
          // them would be copied once per document. Each keeps the file's message id, so edi-in
          // archives the file once every document is handled.
          const messages = documentMessages(msg, parsed, fileName);
          return { send: [messages, null], status: `${messages.length} document(s)` };
        }
        if (parsed.valid) {
          msg.payload = parsed.documents;
          return { send: [msg, null], status: `${parsed.documents.length} document(s)` };
        }
        msg.payload = parsed.problems;
        return { send: [null, msg], status: `${parsed.problems.filter((p) => p.severity === 'error').length} problem(s)` };
      });
    });
  }

  RED.nodes.registerType('edi-parse', EdiParse);
}
