import express, { type Request, type Response } from 'express';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { newEvent } from '../canonical/envelope';
import { nodeKit } from '../common/kit';
import { toPlanbridgeError } from '../lib/errors';
import { declarePublicRoute } from '../lib/public-routes';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { Ledger, LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { startRedelivery } from '../ledger/redelivery';
import { acceptMessage } from '../ledger/accept';
import { addressAllowed, presentedToken, removeRoute, tokenMatches } from '../lib/webhook';

interface WebhookDef extends NodeDef {
  path: string;
  ledger: string;
  allowFrom: string;
}

interface WebhookCredentials {
  token?: string;
}

const PREFIX = '/hooks/odoo/';

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function OdooWebhook(this: Node<WebhookCredentials>, def: WebhookDef): void {
    RED.nodes.createNode(this, def);
    const token = this.credentials?.token ?? '';
    const name = (def.path ?? '').replace(/^\/+|\/+$/g, '');
    const ledgerNode = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null) : null;
    if (!/^[A-Za-z0-9._-]+$/.test(name) || token.length < 16 || (def.ledger && !ledgerNode?.ledger)) {
      this.status(Status.failed('CONFIG_INVALID'));
      this.error(
        !/^[A-Za-z0-9._-]+$/.test(name)
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

    const handler = (req: Request, res: Response): void => {
      if (!addressAllowed(allowList, req.socket.remoteAddress) || !tokenMatches(presentedToken(req.query, req.headers), token)) {
        res.status(401).json({ status: 'error', code: 'WEBHOOK_TOKEN_INVALID' });
        return;
      }
      const body = req.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        res.status(400).json({ status: 'error', code: 'WEBHOOK_BODY_INVALID' });
        return;
      }
      const model = typeof body._model === 'string' ? body._model : 'unknown';
      const msg: LedgerMessage = {
        _msgid: RED.util.generateId(),
        payload: body,
        topic: `odoo/${model}`,
        event: newEvent({ source: `odoo/${model}`, type: 'dev.planbridge.odoo.webhook', subject: body._id !== undefined ? String(body._id) : undefined }),
      };
      // Odoo waits one second and never retries: answer once the event is stored, work after.
      const stored = opening
        ? opening.then((ledger) =>
            acceptMessage(
              ledger,
              msg,
              { id: this.id, type: this.type, z: (this as Node & { z?: string }).z },
              { parseJson: false, keyPath: '', requireKey: false },
            ),
          )
        : Promise.resolve();
      stored.then(
        () => {
          res.json({ status: 'ok' });
          received += 1;
          statusOf(this).set(Status.ok(`${received} received`));
          this.send(msg);
        },
        (err: unknown) => {
          const error = toPlanbridgeError(err);
          res.status(500).json({ status: 'error', code: error.code });
          statusOf(this).set(Status.failed(error.code));
          this.error(error, msg);
        },
      );
    };

    // Odoo sends one record per request as JSON; 1 MiB is plenty.
    RED.httpNode.post(path, express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }), handler);
    const undeclare = declarePublicRoute(kit.runtime, path, `odoo-webhook ${this.id}`);
    this.status(Status.ok(`POST ${path}`));

    this.on('close', (_removed: boolean, done: () => void) => {
      undeclare();
      removeRoute(RED, path);
      stopRedelivery();
      done();
    });
  }

  RED.nodes.registerType<Node<WebhookCredentials>, WebhookDef, object, WebhookCredentials>('odoo-webhook', OdooWebhook, {
    credentials: { token: { type: 'password' } },
  });
}
