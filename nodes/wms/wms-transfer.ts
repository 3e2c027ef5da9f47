import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { showCircuitState } from '../lib/config-status';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { checkInbound, wireInbound } from './inbound/attach';
import { wmsPageSize } from './stock/snapshot';
import { sendTransfer } from './transfer/send';
import type { WmsConfigNode } from './wms-config';

interface TransferDef extends NodeDef {
  server: string;
  ledger: string;
  mode: 'send' | 'confirmations';
  pageSize: string;
  path: string;
}

/** Sends transfer orders to the WMS once each, or takes its confirmations (push and poll). */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function WmsTransfer(this: Node, def: TransferDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as WmsConfigNode | null;
    const ledger = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null)?.ledger : undefined;
    const mode = def.mode === 'confirmations' ? 'confirmations' : 'send';
    const path = (def.path ?? '').trim();
    let pageSize: number;
    try {
      if (!server?.client) throw new ConfigError(server?.problem ?? 'No WMS is configured');
      if (!ledger)
        throw new ConfigError(
          mode === 'send'
            ? 'Orders are sent once by their key in the ledger: choose a ledger'
            : 'Confirmations keep their cursor in the ledger: choose a ledger',
        );
      pageSize = wmsPageSize(def.pageSize);
      if (mode === 'confirmations') checkInbound(path, server.subscriberSecret);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const client = server.client;
    showCircuitState(this, client.resilience, (status) => statusOf(this).set(status));
    if (mode === 'confirmations') {
      wireInbound(RED, kit, this, { topic: 'confirmations', client, ledger, path, secret: server.subscriberSecret, pageSize });
      return;
    }
    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => ({ send: msg, status: await sendTransfer(client, ledger, msg) }));
    });
  }

  RED.nodes.registerType('wms-transfer', WmsTransfer);
}
