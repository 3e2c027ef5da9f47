import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { PagePacer } from '../lib/backpressure';
import { showCircuitState } from '../lib/config-status';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { checkInbound, wireInbound } from './inbound/attach';
import { readStockSnapshot, wmsPageSize } from './stock/snapshot';
import type { WmsConfigNode } from './wms-config';

interface StockDef extends NodeDef {
  server: string;
  ledger: string;
  mode: 'snapshot' | 'events';
  pageSize: string;
  path: string;
}

/** The WMS's stock: a snapshot in pages, or its stock events (push and poll), each passed on once. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function WmsStock(this: Node, def: StockDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as WmsConfigNode | null;
    const ledger = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null)?.ledger : undefined;
    const path = (def.path ?? '').trim();
    let pageSize: number;
    try {
      if (!server?.client) throw new ConfigError(server?.problem ?? 'No WMS is configured');
      pageSize = wmsPageSize(def.pageSize);
      if (def.mode === 'events') {
        if (!ledger) throw new ConfigError('Events mode keeps its cursor and the events it passed on in the ledger: choose a ledger');
        checkInbound(path, server.subscriberSecret);
      }
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const client = server.client;
    showCircuitState(this, client.resilience, (status) => statusOf(this).set(status));
    if (def.mode === 'events' && ledger) {
      wireInbound(RED, kit, this, { topic: 'stock_events', client, ledger, path, secret: server.subscriberSecret, pageSize });
      return;
    }
    const pacer = new PagePacer(RED);
    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => ({ status: await readStockSnapshot(client, pageSize, pacer, msg, emit) }));
    });
  }

  RED.nodes.registerType('wms-stock', WmsStock);
}
