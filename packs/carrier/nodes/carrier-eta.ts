import type { Node, NodeAPI, NodeDef } from 'node-red';
import { ConfigError, newEvent, nodeKit, PagePacer, Status, toPlanbridgeError } from 'planbridge/kit';
import type { LedgerConfigNode, LedgerMessage } from 'planbridge/ledger';
import type { CarrierConfigNode } from './carrier-config';
import './contract';
import { readEtas } from './eta/read-etas';

interface EtaDef extends NodeDef {
  server: string;
  ledger: string;
  pageSize: string;
}

/** The carrier's shipment ETAs changed since the last run, as pages of shipment_eta@1, for the Odoo receipts of their orders. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function CarrierEta(this: Node, def: EtaDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as CarrierConfigNode | null;
    const ledger = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null)?.ledger : undefined;
    try {
      if (!server?.client) throw new ConfigError(server?.problem ?? 'No carrier account is configured');
      if (!ledger) throw new ConfigError('The read keeps its cursor in the ledger: choose a ledger');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const client = server.client;
    const pacer = new PagePacer(RED);
    const pageSize = Math.min(1000, Math.max(1, Number(def.pageSize) || 200));

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => {
        const event = newEvent({
          source: `planbridge/carrier/${client.carrier}`,
          type: 'dev.planbridge.carrier.shipment_eta.page',
          contract: 'shipment_eta@1',
          correlationid: msg.event?.correlationid,
        });
        const { etas, unmatched } = await readEtas(client, await ledger, `carrier:${this.id}`, pageSize, (page) => {
          pacer.emit(emit, { ...msg, ...page, event: { ...event }, topic: 'carrier/shipment_eta' });
          return pacer.ready();
        });
        await pacer.drain();
        if (unmatched.length) this.warn(`${unmatched.length} shipment(s) name no purchase order: ${unmatched.slice(0, 10).join(', ')}`);
        return { status: `${etas} ETAs${unmatched.length ? `, ${unmatched.length} without an order` : ''}` };
      });
    });
  }

  RED.nodes.registerType('carrier-eta', CarrierEta);
}
