import type { Node, NodeAPI, NodeDef } from 'node-red';
import { randomUUID } from 'node:crypto';
import { newEvent, type BatchInfo } from '../canonical/envelope';
import { nodeKit } from '../common/kit';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { showCircuitState } from '../lib/config-status';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import { PagePacer } from '../lib/backpressure';
import type { LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { attachInbound, checkInbound, type Attached } from './inbound/attach';
import { stockPageRecords } from './map/stock';
import type { WmsConfigNode } from './wms-config';

interface StockDef extends NodeDef {
  server: string;
  ledger: string;
  mode: 'snapshot' | 'events';
  pageSize: string;
  path: string;
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function WmsStock(this: Node, def: StockDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as WmsConfigNode | null;
    const ledgerNode = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null) : null;
    const mode = def.mode === 'events' ? 'events' : 'snapshot';
    const pageSize = Number(def.pageSize || 500);
    const path = (def.path ?? '').trim();
    try {
      if (!server?.client) throw new ConfigError(server?.problem ?? 'No WMS is configured');
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
        throw new ConfigError(`The page size must be between 1 and 1000, got "${def.pageSize}"`);
      if (mode === 'events') {
        if (!ledgerNode?.ledger) throw new ConfigError('Events mode keeps its cursor and the events it passed on in the ledger: choose a ledger');
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

    if (mode === 'events') {
      const inbound: Attached = attachInbound(RED, kit.runtime, this, {
        topic: 'stock_events',
        client,
        ledger: (ledgerNode as LedgerConfigNode).ledger,
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

    const pacer = new PagePacer(RED);
    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => {
        const batchId = randomUUID();
        const event = newEvent({
          source: 'planbridge/wms/stock',
          type: 'dev.planbridge.wms.stock_snapshot.page',
          contract: 'stock_snapshot@1',
          correlationid: msg.event?.correlationid,
        });
        let cursor: string | null = null;
        let seq = 0;
        let total = 0;
        for (;;) {
          const page = await client.stockPage(cursor, pageSize);
          const records = stockPageRecords(page);
          const last = !page.next_cursor;
          seq += 1;
          total += records.length;
          const batch: BatchInfo = { id: batchId, seq, last, count: records.length };
          // At most a few pages are in the flow at once: a slow consumer makes the read wait.
          pacer.emit(emit, { ...msg, payload: records, batch, event: { ...event, subject: records[0]?.snapshot_id }, topic: 'wms/stock' });
          await pacer.ready();
          if (last) break;
          cursor = page.next_cursor;
        }
        await pacer.drain();
        return { status: `${total} stock rows, ${seq} page${seq === 1 ? '' : 's'}` };
      });
    });
  }

  RED.nodes.registerType('wms-stock', WmsStock);
}
