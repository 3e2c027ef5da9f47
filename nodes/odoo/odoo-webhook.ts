import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { mountInbound } from '../lib/inbound';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import { acceptMessage } from '../ledger/accept';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { readyLedger } from '../ledger/ready';
import { startRedelivery } from '../ledger/redelivery';
import { webhookMessage, webhookPath } from './webhook/event';

interface WebhookDef extends NodeDef {
  path: string;
  ledger: string;
  allowFrom: string;
}

const ACCEPT = { parseJson: false, keyPath: '', requireKey: false };

/** Receives Odoo's webhooks (automation rules) on POST /hooks/odoo/<path>, with a token and an allow-list. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function OdooWebhook(this: Node<{ token?: string }>, def: WebhookDef): void {
    RED.nodes.createNode(this, def);
    const token = this.credentials?.token ?? '';
    const ledger = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null)?.ledger : undefined;
    let path: string;
    try {
      path = webhookPath(def.path, token);
      if (def.ledger && !ledger) throw new ConfigError('The chosen ledger is not available');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const stopRedelivery = ledger ? startRedelivery(this, ledger, 1) : () => undefined;
    const source = { id: this.id, type: this.type, z: (this as Node & { z?: string }).z };
    let received = 0;
    const unmount = mountInbound(RED, kit.runtime, {
      path,
      node: this,
      secret: token,
      secretIn: 'token',
      allowFrom: (def.allowFrom ?? '').split(/[\s,]+/).filter(Boolean),
      body: 'json',
      handle: async ({ body }) => {
        const msg = webhookMessage(body, RED.util.generateId());
        // Odoo waits one second and never retries: answer once the event is stored, work after.
        if (ledger)
          await acceptMessage(await readyLedger(ledger), msg, source, ACCEPT).catch((err: unknown) => {
            const error = toPlanbridgeError(err);
            statusOf(this).set(Status.failed(error.code));
            this.error(error, msg);
            throw error;
          });
        statusOf(this).set(Status.ok(`${(received += 1)} received`));
        setImmediate(() => this.send(msg));
        return { status: 200, body: { status: 'ok' } };
      },
    });
    this.status(Status.ok(`POST ${path}`));
    this.on('close', (_removed: boolean, done: () => void) => {
      unmount();
      stopRedelivery();
      done();
    });
  }

  RED.nodes.registerType<Node<{ token?: string }>, WebhookDef, object, { token?: string }>('odoo-webhook', OdooWebhook, {
    credentials: { token: { type: 'password' } },
  });
}
