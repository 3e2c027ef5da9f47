import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { showCircuitState } from '../lib/config-status';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { Ledger, LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { attachInbound, checkInbound } from './inbound/attach';
import { orderRequests } from './map/orders';
import { sendOrders } from './transfer/send';
import type { WmsConfigNode } from './wms-config';

interface TransferDef extends NodeDef {
  server: string;
  ledger: string;
  mode: 'send' | 'confirmations';
  pageSize: string;
  path: string;
}

const count = (results: Array<{ action: string }>, action: string): number => results.filter((r) => r.action === action).length;

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function WmsTransfer(this: Node, def: TransferDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as WmsConfigNode | null;
    const ledgerNode = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null) : null;
    const mode = def.mode === 'confirmations' ? 'confirmations' : 'send';
    const pageSize = Number(def.pageSize || 500);
    const path = (def.path ?? '').trim();
    try {
      if (!server?.client) throw new ConfigError(server?.problem ?? 'No WMS is configured');
      if (!ledgerNode?.ledger)
        throw new ConfigError(
          mode === 'send'
            ? 'Orders are sent once by their key in the ledger: choose a ledger'
            : 'Confirmations keep their cursor in the ledger: choose a ledger',
        );
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
        throw new ConfigError(`The page size must be between 1 and 1000, got "${def.pageSize}"`);
      if (mode === 'confirmations') checkInbound(path, server.subscriberSecret);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const client = server.client;
    const opening: Promise<Ledger> = ledgerNode.ledger;
    showCircuitState(this, client.resilience, (status) => statusOf(this).set(status));

    if (mode === 'confirmations') {
      const inbound = attachInbound(RED, kit.runtime, this, {
        topic: 'confirmations',
        client,
        ledger: opening,
        path,
        secret: server.subscriberSecret,
        pageSize,
      });
      if (path) this.status(Status.ok(`POST /planbridge/wms/${path}`));
      this.on('input', (msg: LedgerMessage, send, done) => {
        kit.runInput(this, msg, send, done, (emit) => inbound.poll(msg, emit));
      });
      this.on('close', (_removed: boolean, done: () => void) => {
        inbound.close();
        done();
      });
      return;
    }

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const orders = orderRequests(msg.payload);
        const ledger = await opening;
        const results = await sendOrders(client, ledger, orders, msg);
        msg.payload = Array.isArray(msg.payload) ? results : results[0];
        return { send: msg, status: `${count(results, 'created')} created, ${count(results, 'existing') + count(results, 'duplicate')} sent before` };
      });
    });
  }

  RED.nodes.registerType('wms-transfer', WmsTransfer);
}
