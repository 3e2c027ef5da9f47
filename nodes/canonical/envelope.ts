import { randomUUID } from 'node:crypto';
import { CONTRACT_URN_PREFIX } from './registry';

/**
 * Message metadata under CloudEvents 1.0 attribute names (msg.event); the data itself travels in
 * msg.payload. https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
 */
export interface EventEnvelope {
  specversion: '1.0';
  id: string;
  /** URI-reference of the producer, e.g. planbridge/odoo/res.partner */
  source: string;
  /** Reverse-DNS event type, e.g. dev.planbridge.stock_snapshot.page */
  type: string;
  subject?: string;
  /** UTC ISO-8601 */
  time: string;
  /** The contract of msg.payload, e.g. urn:planbridge:stock_snapshot@1 */
  dataschema?: string;
  /** Ties together every message that stems from one business event or batch. */
  correlationid?: string;
}

export interface NewEvent {
  source: string;
  type: string;
  subject?: string;
  /** A contract reference such as stock_snapshot@1, or its URN. */
  contract?: string;
  correlationid?: string;
  time?: Date;
}

export function newEvent(spec: NewEvent): EventEnvelope {
  const event: EventEnvelope = {
    specversion: '1.0',
    id: randomUUID(),
    source: spec.source,
    type: spec.type,
    time: (spec.time ?? new Date()).toISOString(),
  };
  if (spec.subject !== undefined) event.subject = spec.subject;
  if (spec.contract !== undefined) event.dataschema = dataschemaOf(spec.contract);
  event.correlationid = spec.correlationid ?? event.id;
  return event;
}

/** The dataschema URI of a contract reference; a URN is returned as it is. */
export function dataschemaOf(ref: string): string {
  return ref.startsWith(CONTRACT_URN_PREFIX) ? ref : `${CONTRACT_URN_PREFIX}${ref}`;
}

/**
 * One page of a batch (msg.batch). Batch work moves pages of records, not one message per record:
 * a Node-RED message costs far more than validating a record.
 */
export interface BatchInfo {
  /** Same for every page of one batch run. */
  id: string;
  /** Page number, from 1. */
  seq: number;
  /** True on the final page; a batch with no records still sends one empty, last page. */
  last: boolean;
  /** Records in this page. */
  count: number;
}

/** Cuts records into pages with their msg.batch info; an empty input gives one empty, last page. */
export function* paginate<T>(records: readonly T[], pageSize: number, batchId: string = randomUUID()): Generator<{ payload: T[]; batch: BatchInfo }> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive integer, got ${pageSize}`);
  const pages = Math.max(1, Math.ceil(records.length / pageSize));
  for (let i = 0; i < pages; i++) {
    const payload = records.slice(i * pageSize, (i + 1) * pageSize);
    yield { payload, batch: { id: batchId, seq: i + 1, last: i === pages - 1, count: payload.length } };
  }
}

/** A copy of the batch info for a page derived from another (e.g. the valid part of a page). */
export function derivedBatch(batch: BatchInfo | undefined, count: number): BatchInfo | undefined {
  return batch ? { ...batch, count } : undefined;
}
