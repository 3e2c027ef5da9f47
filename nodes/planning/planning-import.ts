import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { randomUUID } from 'node:crypto';
import { newEvent, type BatchInfo } from '../canonical/envelope';
import { nodeKit } from '../common/kit';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { showCircuitState } from '../lib/config-status';
import type { Send } from '../lib/run-input';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import { PagePacer } from '../lib/backpressure';
import { Turns } from '../lib/turns';
import type { Ledger, LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { startRedelivery } from '../ledger/redelivery';
import { INBOUND_CONTRACTS, type InboundKind } from './client/rest-client';
import type { PlanningConfigNode } from './planning-config';
import { importFiles, importRest, type ImportedPage } from './import/run';

interface ImportDef extends NodeDef {
  server: string;
  ledger: string;
  kind: InboundKind;
  pageSize: string;
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PlanningImport(this: Node, def: ImportDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as PlanningConfigNode | null;
    const ledgerNode = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null) : null;
    const kind: InboundKind = def.kind in INBOUND_CONTRACTS ? def.kind : 'recommendations';
    const pageSize = Math.min(1000, Math.max(1, Number(def.pageSize) || 500));
    try {
      if (!server || (!server.rest && !server.files)) throw new ConfigError(server?.problem ?? 'No planning platform is configured');
      if (!ledgerNode?.ledger) throw new ConfigError('The import keeps its cursor and what it received in the ledger: choose a ledger');
      if (server.files && kind !== 'recommendations') throw new ConfigError('The file profile carries recommendations only (one po_/tr_ file per order)');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const opening: Promise<Ledger> = ledgerNode.ledger;
    const flowId = (this as Node & { z?: string }).z ?? null;
    if (server.rest) showCircuitState(this, server.rest.resilience, (s) => statusOf(this).set(s));
    // What was received but not finished downstream when the runtime stopped comes again.
    const stopRedelivery = startRedelivery(this, opening, 2);
    opening.catch(() => this.status(Status.failed('LEDGER_UNAVAILABLE')));
    const runs = new Turns();
    const pacer = new PagePacer(RED);

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, (emit: Send) =>
        runs.run(async () => {
          const ledger = await opening;
          const batchId = randomUUID();
          const event = newEvent({
            source: 'planbridge/planning',
            type: `dev.planbridge.planning.${kind}.page`,
            contract: INBOUND_CONTRACTS[kind],
            correlationid: msg.event?.correlationid,
          });
          let seq = 0;
          // Each page is in the ledger before it goes on: a crash after this point redelivers it.
          const deliver = async (page: ImportedPage): Promise<void> => {
            seq += 1;
            const batch: BatchInfo = { id: batchId, seq, last: page.last, count: page.records.length };
            const out: LedgerMessage = { payload: page.records, batch, event: { ...event }, topic: `planning/${kind}` };
            if (page.files) out.files = page.files;
            await ledger.track(out, this.id, flowId, null);
            pacer.emit((paced) => emit([paced, null]), out);
            await pacer.ready();
          };
          const report = (problem: NodeMessage): void => emit([null, problem]);
          const context = { ledger, nodeId: this.id, pageSize, deliver, report };
          const outcome = server.rest ? await importRest(server.rest, kind, context) : await importFiles(server.files!, context);
          await pacer.drain();
          return { status: outcome.status };
        }),
      );
    });

    this.on('close', (_removed: boolean, done: () => void) => {
      stopRedelivery();
      done();
    });
  }

  RED.nodes.registerType('planning-import', PlanningImport);
}
