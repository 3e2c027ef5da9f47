import type { Node, NodeAPI, NodeDef } from 'node-red';
import { createHash } from 'node:crypto';
import { nodeKit } from '../common/kit';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { showCircuitState } from '../lib/config-status';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import { canonicalJson } from './client/checksum';
import { toFeedback } from './map/feedback';
import type { PlanningConfigNode } from './planning-config';

interface FeedbackDef extends NodeDef {
  server: string;
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PlanningFeedback(this: Node, def: FeedbackDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as PlanningConfigNode | null;
    try {
      if (!server || (!server.rest && !server.files)) throw new ConfigError(server?.problem ?? 'No planning platform is configured');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    if (server.rest) showCircuitState(this, server.rest.resilience, (s) => statusOf(this).set(s));
    let sent = 0;

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const records = (Array.isArray(msg.payload) ? msg.payload : [msg.payload]) as Record<string, unknown>[];
        const executedAt = new Date(msg.ledger?.receivedAt ?? Date.now()).toISOString();
        const items = records.map((r) => toFeedback(r, executedAt));
        if (items.length) {
          if (server.rest) {
            await server.rest.sendFeedback(items);
          } else {
            // The name follows the content, so sending the same feedback again rewrites the same file.
            const stamp = createHash('sha256').update(canonicalJson(items)).digest('hex').slice(0, 16);
            msg.file = await server.files!.writeFeedback(items as unknown as Record<string, unknown>[], stamp);
          }
        }
        sent += items.length;
        msg.feedback = items;
        return { send: msg, status: `${sent} sent` };
      });
    });
  }

  RED.nodes.registerType('planning-feedback', PlanningFeedback);
}
