import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { PagePacer } from '../lib/backpressure';
import { showCircuitState } from '../lib/config-status';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import type { OdooMapName } from './map/registry';
import type { OdooConfigNode } from './odoo-config';
import { searchOptionsFrom, type SearchFields, type SearchOptions } from './search/options';
import { OdooReader, readerProblem } from './search/reader';

interface SearchDef extends NodeDef, SearchFields {
  server: string;
  ledger: string;
  map: OdooMapName | '';
}

/** Reads Odoo records, or canonical records through a mapping, as pages of one batch: one page, all, or since the last run. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function OdooSearch(this: Node, def: SearchDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as OdooConfigNode | null;
    const ledger = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null)?.ledger : undefined;
    let options: SearchOptions;
    try {
      if (!server?.client) throw new Error(server?.problem ?? 'No Odoo server is configured');
      options = searchOptionsFrom(def);
      const problem = readerProblem(options, def.map, Boolean(ledger));
      if (problem) throw new ConfigError(problem);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const client = server.client;
    showCircuitState(this, client.resilience, (status) => statusOf(this).set(status));
    const settings = { options, map: def.map || undefined, multiCompany: Boolean(server.multiCompany), ledger, cursorOwner: this.id };
    const reader = new OdooReader(client, settings, new PagePacer(RED), (msg) => fieldOrMsg(this, 'model', options.model, msg.model as string | undefined));

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => ({ status: await reader.read(msg, emit) }));
    });
  }

  RED.nodes.registerType('odoo-search', OdooSearch);
}
