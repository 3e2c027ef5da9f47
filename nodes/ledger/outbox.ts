import type { OutboxEncoding, OutboxEntry, OutboxStore } from './store/outbox-types';

/** A message for a broker as a publisher hands it to the outbox. */
export interface OutboxMessage {
  topic: string;
  payload: string;
  encoding: OutboxEncoding;
  qos: 0 | 1 | 2;
  retain: boolean;
}

export type { OutboxEntry } from './store/outbox-types';

/**
 * The outbox as this instance sees it: what it appends is its own (owner and producer = its instance
 * id), kept under its lease, which the ledger's heartbeat renews with its message leases; what it
 * publishes is its own rows and those it took over from an instance that died.
 */
export class LedgerOutbox {
  constructor(
    private readonly store: OutboxStore,
    private readonly instanceId: string,
    private readonly now: () => number,
    private readonly leaseMs: number,
  ) {}

  /** Keeps messages for a broker, in the given order; answers once they are durable. */
  append(broker: string, messages: OutboxMessage[]): Promise<number[]> {
    const at = this.now();
    return this.store.append(
      messages.map((m) => ({ ...m, broker, producer: this.instanceId, owner: this.instanceId, leaseUntil: at + this.leaseMs, createdAt: at })),
    );
  }

  /** This instance's oldest waiting messages for a broker, in order. */
  next(broker: string, limit: number): Promise<OutboxEntry[]> {
    return this.store.next(broker, this.instanceId, limit);
  }

  /** Forgets messages the broker acknowledged. */
  remove(ids: number[]): Promise<number> {
    return ids.length ? this.store.remove(ids) : Promise.resolve(0);
  }

  /** Takes over the messages of instances whose lease ran out; answers how many. */
  takeOver(broker: string): Promise<number> {
    const now = this.now();
    return this.store.takeOver(broker, this.instanceId, now, now + this.leaseMs);
  }

  /** Messages waiting for a broker that this instance is to publish (its own, and those it took over). */
  waiting(broker: string): Promise<number> {
    return this.store.count(broker, this.instanceId);
  }

  /** Messages waiting for a broker, of every instance. */
  waitingAll(broker: string): Promise<number> {
    return this.store.count(broker);
  }
}
