import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { showCircuitState } from '../lib/config-status';
import { ConfigError, InputError, toPlanbridgeError } from '../lib/errors';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { MappingContext } from './map/context';
import type { OdooConfigNode } from './odoo-config';
import { writeRecords } from './write/once';
import { isOutboundMapping, writeOutbound } from './write/outbound';
import { writeOptionsFrom, type WriteFields, type WriteOptions } from './write/plan';

type WriteDef = NodeDef & WriteFields & { server: string; ledger: string; model: string; map: string };

/** Writes Odoo values (create, write, unlink, upsert), or turns canonical records into Odoo documents (its Input mapping). */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function OdooWrite(this: Node, def: WriteDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as OdooConfigNode | null;
    const ledgerNode = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null) : null;
    let options: WriteOptions;
    try {
      if (!server?.client) throw new Error(server?.problem ?? 'No Odoo server is configured');
      options = writeOptionsFrom(def);
      if (def.ledger && !ledgerNode?.ledger) throw new ConfigError('The chosen ledger is not available');
      if (def.map && !isOutboundMapping(def.map)) throw new ConfigError(`Unknown input ${def.map}`);
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
        if (def.map && isOutboundMapping(def.map)) {
          const { results, status } = await writeOutbound(def.map, new MappingContext(client, await client.connect(), server.multiCompany), msg.payload);
          msg.payload = results;
          return { send: msg, status };
        }
        const model = fieldOrMsg(this, 'model', def.model, msg.model as string | undefined);
        if (!model) throw new InputError("No model: set the node's Model or msg.model", 'ODOO_MODEL_MISSING');
        const { results, written, skipped } = await writeRecords(client, model, msg, options, ledgerNode?.ledger);
        msg.payload = Array.isArray(msg.payload) ? results : results[0];
        return { send: msg, status: `${written} written, ${skipped} skipped` };
      });
    });
  }

  RED.nodes.registerType('odoo-write', OdooWrite);
}
