import { randomUUID } from 'node:crypto';
import { parseContractRef } from '../../canonical/registry';
import { InputError } from '../../lib/errors';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import type { FileExchange } from '../client/file-exchange';
import type { PlanningRestClient } from '../client/rest-client';
import { DATASETS, type Dataset } from '../map/presets';
import { ExportState } from './state';

/** The dataset a page belongs to: the node's choice, or the contract named in msg.event.dataschema. */
export function datasetOf(named: unknown): Dataset | undefined {
  if (typeof named !== 'string' || !named) return undefined;
  const name = named.includes('@') ? parseContractRef(named).name : named;
  return (DATASETS as readonly string[]).includes(name) ? (name as Dataset) : undefined;
}

export interface ExportTarget {
  rest?: PlanningRestClient;
  files?: FileExchange;
  /** A REST export keeps its batch state here. */
  ledger?: Promise<Ledger>;
}

/**
 * What planning-export does: sends each page of a dataset's batch to the planning platform (REST, with a
 * manifest once the batch is complete; or staged into the run's file delivery), and on msg.deliver asks
 * for the plan (REST) or closes the delivery (files). Counts the batches it completed.
 */
export class Exporter {
  private batches = 0;
  // One state per node, so the pages of a batch are recorded one at a time.
  private readonly state?: Promise<ExportState>;

  constructor(private readonly target: ExportTarget) {
    this.state = target.rest && target.ledger ? target.ledger.then((ledger) => new ExportState(ledger)) : undefined;
    this.state?.catch(() => undefined);
  }

  /** Every dataset of the run is sent: the planner may plan now. */
  async deliver(msg: LedgerMessage): Promise<string> {
    const { rest, files } = this.target;
    if (rest) {
      msg.plan = await rest.runPlan(msg.event?.time);
      return `plan ${(msg.plan as { plan_id: string }).plan_id} requested`;
    }
    const deliveryId = msg.event?.correlationid ?? (msg.batch as { id?: string } | undefined)?.id;
    if (!deliveryId) throw new InputError('msg.deliver needs msg.event.correlationid or msg.batch.id: the delivery to close', 'PLANNING_BATCH_MISSING');
    const delivery = await (files as FileExchange).closeDelivery(deliveryId);
    msg.files = delivery.files;
    msg.export = { batchId: deliveryId, complete: delivery.complete };
    if (delivery.complete) this.batches += 1;
    return `${this.batches} batch(es) delivered`;
  }

  /** One page of a dataset; the message learns what happened (msg.export, and msg.manifest or msg.files once complete). */
  async page(msg: LedgerMessage, named: unknown): Promise<string> {
    const dataset = datasetOf(named);
    if (!dataset) throw new InputError(`Name the dataset (one of ${DATASETS.join(', ')}) on the node or in msg.event.dataschema`, 'PLANNING_DATASET_UNKNOWN');
    if (!Array.isArray(msg.payload)) throw new InputError('msg.payload must be a page (an array) of records', 'PLANNING_PAGE_INVALID');
    const batch = (msg.batch as { id?: string; seq?: number; last?: boolean } | undefined) ?? {};
    const batchId = batch.id ?? randomUUID();
    const seq = batch.seq ?? 1;
    const last = batch.last ?? true;
    const asOf = msg.event?.time ?? new Date().toISOString();
    const records = msg.payload as Record<string, unknown>[];
    let complete = false;
    // The dataset is all there (REST: its manifest accepted; files: its data file written), whether or
    // not a file delivery still waits for other datasets.
    let datasetDone = false;
    if (this.target.rest) {
      const rest = this.target.rest;
      await rest.sendPage(dataset, batchId, seq, records);
      const state = await (this.state as Promise<ExportState>);
      const manifest = await state.recordPage(dataset, batchId, seq, last, records, asOf);
      if (manifest) {
        await rest.sendManifest(manifest);
        await state.markDone(dataset, batchId);
        complete = true;
        datasetDone = true;
        msg.manifest = manifest;
      }
    } else if (this.target.files) {
      // One delivery (one control file) holds every dataset of a run: the run's correlation id names it.
      const delivery = await this.target.files.stagePage({ dataset, batchId: msg.event?.correlationid ?? batchId, seq, last, records, asOf });
      complete = delivery.complete;
      datasetDone = delivery.datasetDone ?? complete;
      if (complete) msg.files = delivery.files;
    }
    if (complete) this.batches += 1;
    msg.export = { dataset, batchId, seq, complete, datasetDone };
    return complete ? `${this.batches} batch(es) delivered` : `${dataset} page ${seq}`;
  }
}
