import type { Node, NodeAPI, NodeDef } from 'node-red';
import { ConfigError, InputError } from '../lib/errors';
import { showCircuitState } from '../lib/config-status';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import type { RestConfigNode } from './rest-config';
import { nodeKit } from '../common/kit';

interface RestRequestDef extends NodeDef {
  server: string;
  method: string;
  path: string;
  idempotencyHeader: string;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** The key a target can deduplicate on: the one idempotency key the message holds, else its ledger id. */
export function idempotencyKeyOf(msg: LedgerMessage): string | undefined {
  if (msg.idempotency?.keys.length === 1) return msg.idempotency.keys[0];
  return msg.ledger?.id;
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);
  function RestRequest(this: Node, def: RestRequestDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as RestConfigNode | null;
    const client = server?.client;
    if (!client) {
      const problem = server?.problem ?? 'No REST target is configured';
      this.status(Status.failed('CONFIG_INVALID'));
      this.error(problem);
      return;
    }
    showCircuitState(this, client.resilience, (status) => statusOf(this).set(status));

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const method = String(fieldOrMsg(this, 'method', def.method, msg.method as string | undefined) ?? 'GET').toUpperCase();
        const path = fieldOrMsg(this, 'path', def.path, msg.path as string | undefined);
        if (!METHODS.has(method)) throw new ConfigError(`Method "${method}" is not one of ${[...METHODS].join(', ')}`);
        if (typeof path !== 'string' || !path) throw new InputError("No path: set the node's Path or msg.path", 'PATH_MISSING');
        const response = await client.request({
          method,
          path,
          body: method === 'GET' || method === 'DELETE' ? undefined : msg.payload,
          idempotencyKey: idempotencyKeyOf(msg),
          idempotencyHeader: def.idempotencyHeader || undefined,
        });
        msg.payload = response.data;
        msg.statusCode = response.status;
        msg.responseHeaders = response.headers;
        return { send: msg, status: `${response.status}` };
      });
    });
  }

  RED.nodes.registerType('rest-request', RestRequest);
}
