import express, { type Request, type Response } from 'express';
import type { NodeAPI } from 'node-red';
import { toPlanbridgeError } from '../../lib/errors';
import { declarePublicRoute } from '../../lib/public-routes';
import { runtimeOf } from '../../lib/runtime-context';
import { removeRoute, tokenMatches } from '../../lib/webhook';
import type { WmsTopic } from '../client/types';
import { parsePush } from '../map/inbound';

export const WEBHOOK_PREFIX = '/planbridge/wms/';

export interface WebhookOptions {
  path: string;
  topic: WmsTopic;
  secret: string;
  owner: string;
  /** Persists the entries and answers how many were new; sending happens after the answer. */
  receive(entries: unknown[]): Promise<{ fresh: number; duplicates: number; invalid: string[]; after: () => void }>;
  onError(err: Error): void;
}

/** A path segment the editor may name: letters, digits, dot, dash, underscore. */
export function webhookName(path: string | undefined): string | null {
  const name = (path ?? '').replace(/^\/+|\/+$/g, '');
  return /^[A-Za-z0-9._-]+$/.test(name) ? name : null;
}

/**
 * Mounts POST /planbridge/wms/<path> for the WMS's pushes. The shared secret travels in X-WMS-Secret
 * and is compared in constant time; a wrong one is 401 and nothing goes on. The WMS does not retry,
 * so the answer comes once the entries are in the ledger, and the flow's work after it.
 */
export function mountWebhook(RED: NodeAPI, options: WebhookOptions): () => void {
  const path = `${WEBHOOK_PREFIX}${options.path}`;
  const handler = (req: Request, res: Response): void => {
    const presented = req.headers['x-wms-secret'];
    if (!tokenMatches(typeof presented === 'string' ? presented : undefined, options.secret)) {
      res.status(401).json({ error: 'WMS_SECRET_INVALID' });
      return;
    }
    let entries: unknown[];
    try {
      entries = parsePush(req.body, options.topic);
    } catch (err) {
      const error = toPlanbridgeError(err);
      res.status(400).json({ error: error.code, message: error.message });
      return;
    }
    options.receive(entries).then(
      ({ fresh, duplicates, invalid, after }) => {
        res.status(invalid.length && !fresh && !duplicates ? 422 : 202).json({ accepted: fresh, duplicates, invalid });
        after();
      },
      (err: unknown) => {
        const error = toPlanbridgeError(err);
        res.status(503).json({ error: error.code });
        options.onError(error);
      },
    );
  };
  RED.httpNode.post(path, express.json({ limit: '4mb' }), handler);
  const undeclare = declarePublicRoute(runtimeOf(RED), path, options.owner);
  return () => {
    undeclare();
    removeRoute(RED, path);
  };
}
