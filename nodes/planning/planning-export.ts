import type { Node, NodeAPI, NodeDef } from 'node-red';
import { randomUUID } from 'node:crypto';
import { parseContractRef } from '../canonical/registry';
import { nodeKit } from '../common/kit';
import { InputError, toPlanbridgeError } from '../lib/errors';
import { showCircuitState } from '../lib/config-status';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { ExportState } from './export/state';
import { DATASETS, type Dataset } from './map/presets';
import type { PlanningConfigNode } from './planning-config';

interface ExportDef extends NodeDef {
  server: string;
  ledger: string;
  dataset: Dataset | '';
}

/** The dataset a page belongs to: the node's choice, or the contract named in msg.event.dataschema. */
function datasetOf(named: unknown): Dataset | undefined {
  if (typeof named !== 'string' || !named) return undefined;
  const name = named.includes('@') ? parseContractRef(named).name : named;
  return (DATASETS as readonly string[]).includes(name) ? (name as Dataset) : undefined;
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PlanningExport(this: Node, def: ExportDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as PlanningConfigNode | null;
    const ledgerNode = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null) : null;
    try {
      if (!server || (!server.rest && !server.files)) throw new Error(server?.problem ?? 'No planning platform is configured');
      if (server.rest && !ledgerNode?.ledger) throw new Error('A REST export keeps its batch state in the ledger: choose a ledger');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    if (server.rest) showCircuitState(this, server.rest.resilience, (s) => statusOf(this).set(s));
    let batches = 0;
    // One state per node, so the pages of a batch are recorded one at a time.
    const exportState = server.rest ? (ledgerNode as LedgerConfigNode).ledger.then((ledger) => new ExportState(ledger)) : undefined;
    exportState?.catch(() => undefined);

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        if (msg.deliver === true) {
          // Every dataset of the run is sent: the planner may plan now.
          if (server.rest) {
            msg.plan = await server.rest.runPlan(msg.event?.time);
            return { send: msg, status: `plan ${(msg.plan as { plan_id: string }).plan_id} requested` };
          }
          const deliveryId = msg.event?.correlationid ?? (msg.batch as { id?: string } | undefined)?.id;
          if (!deliveryId) throw new InputError('msg.deliver needs msg.event.correlationid or msg.batch.id: the delivery to close', 'PLANNING_BATCH_MISSING');
          const delivery = await server.files!.closeDelivery(deliveryId);
          msg.files = delivery.files;
          msg.export = { batchId: deliveryId, complete: delivery.complete };
          if (delivery.complete) batches += 1;
          return { send: msg, status: `${batches} batch(es) delivered` };
        }
        const named = fieldOrMsg(this, 'dataset', def.dataset || undefined, datasetOf(msg.event?.dataschema));
        const dataset = datasetOf(named);
        if (!dataset)
          throw new InputError(`Name the dataset (one of ${DATASETS.join(', ')}) on the node or in msg.event.dataschema`, 'PLANNING_DATASET_UNKNOWN');
        if (!Array.isArray(msg.payload)) throw new InputError('msg.payload must be a page (an array) of records', 'PLANNING_PAGE_INVALID');
        const batch = (msg.batch as { id?: string; seq?: number; last?: boolean } | undefined) ?? {};
        const batchId = batch.id ?? randomUUID();
        const seq = batch.seq ?? 1;
        const last = batch.last ?? true;
        const asOf = msg.event?.time ?? new Date().toISOString();
        const records = msg.payload as Record<string, unknown>[];
        let complete = false;
        if (server.rest) {
          await server.rest.sendPage(dataset, batchId, seq, records);
          const state = await (exportState as Promise<ExportState>);
          const manifest = await state.recordPage(dataset, batchId, seq, last, records, asOf);
          if (manifest) {
            await server.rest.sendManifest(manifest);
            await state.markDone(dataset, batchId);
            complete = true;
            msg.manifest = manifest;
          }
        } else if (server.files) {
          // One delivery (one control file) holds every dataset of a run: the run's correlation id names it.
          const delivery = await server.files.stagePage({ dataset, batchId: msg.event?.correlationid ?? batchId, seq, last, records, asOf });
          complete = delivery.complete;
          if (complete) msg.files = delivery.files;
        }
        if (complete) batches += 1;
        msg.export = { dataset, batchId, seq, complete };
        return { send: msg, status: complete ? `${batches} batch(es) delivered` : `${dataset} page ${seq}` };
      });
    });
  }

  RED.nodes.registerType('planning-export', PlanningExport);
}
