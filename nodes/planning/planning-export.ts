import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { showCircuitState } from '../lib/config-status';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { datasetOf, Exporter } from './export/exporter';
import type { Dataset } from './map/presets';
import type { PlanningConfigNode } from './planning-config';

interface ExportDef extends NodeDef {
  server: string;
  ledger: string;
  dataset: Dataset | '';
}

/** Sends canonical pages to the planning platform as complete batches, then asks for the plan (or closes the file delivery). */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PlanningExport(this: Node, def: ExportDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as PlanningConfigNode | null;
    const ledger = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null)?.ledger : undefined;
    try {
      if (!server || (!server.rest && !server.files)) throw new ConfigError(server?.problem ?? 'No planning platform is configured');
      if (server.rest && !ledger) throw new ConfigError('A REST export keeps its batch state in the ledger: choose a ledger');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    if (server.rest) showCircuitState(this, server.rest.resilience, (s) => statusOf(this).set(s));
    const exporter = new Exporter({ rest: server.rest, files: server.files, ledger });

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        if (msg.deliver === true) return { send: msg, status: await exporter.deliver(msg) };
        const named = fieldOrMsg(this, 'dataset', def.dataset || undefined, datasetOf(msg.event?.dataschema));
        return { send: msg, status: await exporter.page(msg, named) };
      });
    });
  }

  RED.nodes.registerType('planning-export', PlanningExport);
}
