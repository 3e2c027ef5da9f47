import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { ConfigError, InputError, toPlanbridgeError } from '../lib/errors';
import { showCircuitState } from '../lib/config-status';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import type { OdooConfigNode } from './odoo-config';

interface CallDef extends NodeDef {
  server: string;
  model: string;
  method: string;
  kwargs: string;
  idempotent: boolean;
}

function parseKwargs(text: string | undefined): Record<string, unknown> {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return {};
  const value = JSON.parse(trimmed) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError('Keyword arguments must be a JSON object, e.g. {"raise_exception": false}');
  return value as Record<string, unknown>;
}

function idsOf(value: unknown): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => Number.isInteger(v) && (v as number) > 0))
    throw new InputError('msg.payload.ids must be Odoo record ids (positive integers)', 'ODOO_IDS_INVALID');
  return list as number[];
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function OdooCall(this: Node, def: CallDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as OdooConfigNode | null;
    let fixedKwargs: Record<string, unknown>;
    try {
      if (!server?.client) throw new Error(server?.problem ?? 'No Odoo server is configured');
      fixedKwargs = parseKwargs(def.kwargs);
      if (def.method?.startsWith('_')) throw new ConfigError('Odoo refuses calls to private methods (starting with _)');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const client = server.client;
    showCircuitState(this, client.resilience, (status) => statusOf(this).set(status));

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const request = (msg.payload && typeof msg.payload === 'object' && !Array.isArray(msg.payload) ? msg.payload : {}) as {
          ids?: unknown;
          kwargs?: unknown;
        };
        const model = fieldOrMsg(this, 'model', def.model, msg.model as string | undefined);
        const method = fieldOrMsg(this, 'method', def.method, msg.method as string | undefined);
        if (!model || !method) throw new InputError('Set the model and method (node fields, or msg.model and msg.method)', 'ODOO_METHOD_MISSING');
        const kwargs = { ...(request.kwargs && typeof request.kwargs === 'object' ? (request.kwargs as Record<string, unknown>) : {}), ...fixedKwargs };
        msg.payload = await client.call({ model, method, ids: idsOf(request.ids), params: kwargs, idempotent: def.idempotent === true });
        return { send: msg, status: `${model}.${method}` };
      });
    });
  }

  RED.nodes.registerType('odoo-call', OdooCall);
}
