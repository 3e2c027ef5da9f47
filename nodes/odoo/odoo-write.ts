import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { ConfigError, InputError, toPlanbridgeError } from '../lib/errors';
import { showCircuitState } from '../lib/config-status';
import { messagePath } from '../lib/path';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { Claim } from '../ledger/idempotency';
import type { Ledger, LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import type { OdooConfigNode } from './odoo-config';
import type { ReplenishmentRecommendation, StockPolicy } from '../canonical/contracts';
import { MappingContext } from './map/context';
import { applyStockPolicies } from './write/outbound/orderpoints';
import { createPurchaseOrders } from './write/outbound/purchase-orders';
import { createTransfers } from './write/outbound/transfers';
import { executeWrite } from './write/execute';
import { rowsOf, type UpsertBy, type WriteOperation, type WriteOptions, type WriteResult } from './write/plan';

type Outbound = (context: MappingContext, records: unknown[]) => Promise<{ results: unknown[]; status: string }>;

const count = (results: Array<{ action: string }>, action: string): number => results.filter((r) => r.action === action).length;

/** The canonical inputs odoo-write maps to Odoo documents, each with its status text. */
const OUTBOUND: Record<string, Outbound> = {
  purchase_orders: async (context, records) => {
    const results = await createPurchaseOrders(context, records as ReplenishmentRecommendation[]);
    return { results, status: `${count(results, 'created')} lines ordered, ${count(results, 'existing')} already in Odoo` };
  },
  transfers: async (context, records) => {
    const results = await createTransfers(context, records as ReplenishmentRecommendation[]);
    return { results, status: `${count(results, 'created')} moves created, ${count(results, 'existing')} already in Odoo` };
  },
  orderpoints: async (context, records) => {
    const results = await applyStockPolicies(context, records as StockPolicy[]);
    return { results, status: `${count(results, 'created')} rules created, ${count(results, 'updated')} updated, ${count(results, 'unchanged')} unchanged` };
  },
};

interface WriteDef extends NodeDef {
  server: string;
  /**
   * '' writes Odoo values; 'purchase_orders' turns approved replenishment_recommendation@1 records of type
   * purchase into RFQs, 'transfers' those of type transfer into internal transfers, 'orderpoints'
   * stock_policy@1 records into reordering rules.
   */
  map: '' | 'purchase_orders' | 'transfers' | 'orderpoints';
  ledger: string;
  model: string;
  operation: WriteOperation;
  upsertBy: UpsertBy;
  matchField: string;
  keyPath: string;
  xmlidModule: string;
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function OdooWrite(this: Node, def: WriteDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as OdooConfigNode | null;
    const ledgerNode = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null) : null;
    const options: WriteOptions = {
      operation: ['create', 'write', 'unlink', 'upsert'].includes(def.operation) ? def.operation : 'create',
      upsertBy: def.upsertBy === 'xmlid' ? 'xmlid' : 'field',
      matchField: (def.matchField ?? '').trim(),
      keyPath: messagePath(def.keyPath).replace(/^payload\./, ''),
      xmlidModule: (def.xmlidModule ?? '').trim() || 'planbridge',
    };
    try {
      if (!server?.client) throw new Error(server?.problem ?? 'No Odoo server is configured');
      if (options.operation === 'upsert' && options.upsertBy === 'field' && !options.matchField)
        throw new ConfigError('Upsert by field needs the field to match on');
      if (options.operation === 'upsert' && options.upsertBy === 'xmlid' && !options.keyPath)
        throw new ConfigError('Upsert by external id needs the key of each record');
      if (def.ledger && !ledgerNode?.ledger) throw new ConfigError('The chosen ledger is not available');
      if (def.map && !Object.hasOwn(OUTBOUND, def.map)) throw new ConfigError(`Unknown input ${def.map}`);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const client = server.client;
    const opening: Promise<Ledger> | undefined = ledgerNode?.ledger;
    showCircuitState(this, client.resilience, (status) => statusOf(this).set(status));

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        if (def.map) {
          const records = Array.isArray(msg.payload) ? msg.payload : [msg.payload];
          const { results, status } = await OUTBOUND[def.map](new MappingContext(client, await client.connect(), server.multiCompany), records);
          msg.payload = results;
          return { send: msg, status };
        }
        const model = fieldOrMsg(this, 'model', def.model, msg.model as string | undefined);
        if (!model) throw new InputError("No model: set the node's Model or msg.model", 'ODOO_MODEL_MISSING');
        const rows = rowsOf(msg.payload, options);
        const ledger = opening && options.keyPath && options.operation !== 'unlink' ? await opening : undefined;
        const scoped = (key: string): string => `odoo:${model}:${key}`;
        const skipped: WriteResult[] = [];
        let todo = rows;
        let claim: Claim | undefined;
        if (ledger) {
          // Each record's key is claimed before Odoo is called, so a redelivered or replayed page skips what was
          // done; the message holds the keys, so a failure releases them.
          claim = await ledger.idempotency.claim(
            rows.map((r) => scoped(r.key as string)),
            msg,
          );
          todo = [];
          for (const row of rows) {
            const settled = claim.skip.get(scoped(row.key as string));
            if (settled) {
              const outcome = (settled.outcome ?? {}) as { id?: number };
              skipped.push({ index: row.index, key: row.key, id: outcome.id ?? null, action: settled.state === 'completed' ? 'duplicate' : 'in_progress' });
            } else {
              todo.push(row);
            }
          }
        }
        const written = todo.length ? await executeWrite(client, model, todo, options) : [];
        if (claim && written.length) await claim.complete(written.map((w) => ({ key: scoped(w.key as string), outcome: { id: w.id } })));
        const results = [...written, ...skipped].sort((a, b) => a.index - b.index);
        msg.payload = Array.isArray(msg.payload) ? results : results[0];
        return { send: msg, status: `${written.length} written, ${skipped.length} skipped` };
      });
    });
  }

  RED.nodes.registerType('odoo-write', OdooWrite);
}
