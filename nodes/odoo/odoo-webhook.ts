import type { Node, NodeAPI, NodeDef } from 'node-red';
import { newEvent } from '../canonical/envelope';
import { nodeKit } from '../common/kit';
import { InputError, toPlanbridgeError } from '../lib/errors';
import { endpointName, mountInbound } from '../lib/inbound';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { Ledger, LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { startRedelivery } from '../ledger/redelivery';
import { acceptMessage } from '../ledger/accept';

interface WebhookDef extends NodeDef {
  path: string;
  ledger: string;
  allowFrom: string;
}

interface WebhookCredentials {
  token?: string;
}

const PREFIX = '/hooks/odoo/';
const ACCEPT = { parseJson: false, keyPath: '', requireKey: false };

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function OdooWebhook(this: Node<WebhookCredentials>, def: WebhookDef): void {
    RED.nodes.createNode(this, def);
    const token = this.credentials?.token ?? '';
    const name = endpointName(def.path);
    const ledgerNode = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null) : null;
    if (!name || token.length < 16 || (def.ledger && !ledgerNode?.ledger)) {
      this.status(Status.failed('CONFIG_INVALID'));
      this.error(
        !name
          ? `The webhook path "${def.path}" may only use letters, digits, dot, dash and underscore`
          : token.length < 16
            ? 'The webhook needs a secret token of at least 16 characters'
            : 'The chosen ledger is not available',
      );
      return;
    }
    const path = `${PREFIX}${name}`;
    const allowList = (def.allowFrom ?? '').split(/[\s,]+/).filter(Boolean);
    const opening: Promise<Ledger> | undefined = ledgerNode?.ledger;
    const stopRedelivery = opening ? startRedelivery(this, opening, 1) : () => undefined;
    let received = 0;

    const unmount = mountInbound(RED, kit.runtime, {
      path,
      node: this,
      secret: token,
      secretIn: 'token',
      allowFrom: allowList,
      body: 'json',
      handle: async ({ body }) => {
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new InputError('Odoo sends one record as a JSON object', 'WEBHOOK_BODY_INVALID');
        const record = body as Record<string, unknown>;
        const model = typeof record._model === 'string' ? record._model : 'unknown';
        const msg: LedgerMessage = {
          _msgid: RED.util.generateId(),
          payload: record,
          topic: `odoo/${model}`,
          event: newEvent({ source: `odoo/${model}`, type: 'dev.planbridge.odoo.webhook', subject: record._id !== undefined ? String(record._id) : undefined }),
        };
        // Odoo waits one second and never retries: answer once the event is stored, work after.
        try {
          if (opening) await acceptMessage(await opening, msg, { id: this.id, type: this.type, z: (this as Node & { z?: string }).z }, ACCEPT);
        } catch (err) {
          const error = toPlanbridgeError(err);
          statusOf(this).set(Status.failed(error.code));
          this.error(error, msg);
          throw error;
        }
        received += 1;
        statusOf(this).set(Status.ok(`${received} received`));
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

  RED.nodes.registerType<Node<WebhookCredentials>, WebhookDef, object, WebhookCredentials>('odoo-webhook', OdooWebhook, {
    credentials: { token: { type: 'password' } },
  });
}
