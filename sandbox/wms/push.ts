import type { EventEmitter } from 'node:events';

export type Topic = 'stock_events' | 'confirmations';

export interface PushTarget {
  url: string | null;
  secret: string;
}

/**
 * Pushes items to a topic's subscriber URL with the shared secret, one request per item, in order.
 * A failed push is reported ('push-error') and not retried: the subscriber's poll reconciles, as the
 * contract says. Emits 'event' with { topic, item, status } for every push answered.
 */
export class Pusher {
  private queue: Promise<void> = Promise.resolve();
  private readonly targets: Record<Topic, PushTarget>;

  constructor(
    private readonly events: EventEmitter,
    targets: Partial<Record<Topic, string | null>>,
    secret: string,
    private readonly signal: AbortSignal,
  ) {
    this.targets = { stock_events: { url: targets.stock_events ?? null, secret }, confirmations: { url: targets.confirmations ?? null, secret } };
  }

  subscribe(topic: Topic, url: string | null): void {
    this.targets[topic].url = url;
  }

  push(topic: Topic, items: unknown[]): void {
    const target = this.targets[topic];
    if (!target.url || !items.length) return;
    const url = target.url;
    for (const item of items) {
      this.queue = this.queue.then(async () => {
        if (this.signal.aborted) return;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-wms-secret': target.secret },
            body: JSON.stringify({ topic, items: [item] }),
            signal: this.signal,
          });
          await response.arrayBuffer();
          this.events.emit('event', { topic, item, status: response.status });
        } catch (err) {
          if (!this.signal.aborted) this.events.emit('push-error', { topic, item, error: (err as Error).message });
        }
      });
    }
  }

  /** Resolves when every push queued so far has been answered or has failed. */
  idle(): Promise<void> {
    return this.queue;
  }
}
