/** How a payload is kept: text as it is, bytes (a Buffer) as base64. */
export type OutboxEncoding = 'utf8' | 'base64';

/** A message for a broker, kept until the broker acknowledged it. */
export interface NewOutboxEntry {
  /** The broker it is for (the mqtt-broker config node id): each broker's publisher drains its own rows. */
  broker: string;
  topic: string;
  payload: string;
  encoding: OutboxEncoding;
  qos: 0 | 1 | 2;
  retain: boolean;
  /** The instance that appended it; it publishes it, until its lease runs out and another takes over. */
  producer: string;
  owner: string;
  leaseUntil: number;
  createdAt: number;
}

export interface OutboxEntry extends NewOutboxEntry {
  /** Grows in the order entries were appended: entries of one producer are published in this order. */
  id: number;
}

/**
 * The outbox of broker messages (MQTT events and alerts). Rows are removed once published, so
 * what is here is what waits. An owner's rows are renewed with its message leases
 * (LedgerStore.renewLeases); rows whose lease ran out (their instance died) are taken over whole.
 */
export interface OutboxStore {
  /** Appends entries in the given order, in one transaction; answers their ids. */
  append(entries: NewOutboxEntry[]): Promise<number[]>;
  /** The owner's oldest entries for a broker, in id order. */
  next(broker: string, owner: string, limit: number): Promise<OutboxEntry[]>;
  /** Removes published entries; answers how many were removed. */
  remove(ids: number[]): Promise<number>;
  /**
   * Takes over a broker's entries whose lease ran out: they get the new owner and lease. All of them
   * in one go (instances take turns), so a dead producer's entries stay with one publisher, in order.
   */
  takeOver(broker: string, owner: string, now: number, leaseUntil: number): Promise<number>;
  /** Entries waiting for a broker: an owner's, or everyone's when no owner is given. */
  count(broker: string, owner?: string): Promise<number>;
}
