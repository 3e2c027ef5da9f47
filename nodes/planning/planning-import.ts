import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { PagePacer } from '../lib/backpressure';
import { showCircuitState } from '../lib/config-status';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { startRedelivery } from '../ledger/redelivery';
import { INBOUND_CONTRACTS, type InboundKind } from './client/rest-client';
import { Importer } from './import/run';
import type { PlanningConfigNode } from './planning-config';

interface ImportDef extends NodeDef {
  server: string;
  ledger: string;
  kind: InboundKind;
  pageSize: string;
}

/** Reads what the planner produced since the last run (recommendations, forecasts, stock policies; or order files), page by page. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PlanningImport(this: Node, def: ImportDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as PlanningConfigNode | null;
    const ledger = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null)?.ledger : undefined;
    const kind: InboundKind = def.kind in INBOUND_CONTRACTS ? def.kind : 'recommendations';
    try {
      if (!server || (!server.rest && !server.files)) throw new ConfigError(server?.problem ?? 'No planning platform is configured');
      if (!ledger) throw new ConfigError('The import keeps its cursor and what it received in the ledger: choose a ledger');
      if (server.files && kind !== 'recommendations') throw new ConfigError('The file profile carries recommendations only (one po_/tr_ file per order)');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    if (server.rest) showCircuitState(this, server.rest.resilience, (s) => statusOf(this).set(s));
    // What was received but not finished downstream when the runtime stopped comes again.
    const stopRedelivery = startRedelivery(this, ledger, 2);
    ledger.catch(() => this.status(Status.failed('LEDGER_UNAVAILABLE')));
    const pageSize = Math.min(1000, Math.max(1, Number(def.pageSize) || 500));
    const flowId = (this as Node & { z?: string }).z ?? null;
    const importer = new Importer({ rest: server.rest, files: server.files, ledger, kind, pageSize, nodeId: this.id, flowId }, new PagePacer(RED));

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => ({ status: await importer.run(msg, emit) }));
    });
    this.on('close', (_removed: boolean, done: () => void) => {
      stopRedelivery();
      done();
    });
  }

  RED.nodes.registerType('planning-import', PlanningImport);
}
