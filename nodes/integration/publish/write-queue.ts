import type { OutboxMessage } from '../../ledger/outbox';

export interface AppendJob {
  messages: OutboxMessage[];
  /** Not counted against the outbox limit (the runtime's own alerts). */
  unbounded: boolean;
  resolve(): void;
  reject(err: unknown): void;
}

type Job = { append: AppendJob } | { alone: () => Promise<void>; resolve(): void; reject(err: unknown): void };

/**
 * The outbox writes of one process, one at a time, so rows get ids in the order messages arrived.
 * Appends that arrive while a write is in progress are written together in the next one (one
 * transaction for a burst of 200 alerts, not 200); work that must not overlap an append (counting
 * what waits) runs alone between them.
 */
export class WriteQueue {
  private readonly jobs: Job[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly write: (group: AppendJob[]) => Promise<void>) {}

  append(messages: OutboxMessage[], unbounded: boolean): Promise<void> {
    return new Promise((resolve, reject) => this.push({ append: { messages, unbounded, resolve, reject } }));
  }

  alone(work: () => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => this.push({ alone: work, resolve, reject }));
  }

  /** Answers once every job queued so far has run. */
  async drained(): Promise<void> {
    while (this.running) await this.running;
  }

  private push(job: Job): void {
    this.jobs.push(job);
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
  }

  private async run(): Promise<void> {
    while (this.jobs.length) {
      const first = this.jobs[0];
      if ('alone' in first) {
        this.jobs.shift();
        await first.alone().then(first.resolve, first.reject);
        continue;
      }
      const group: AppendJob[] = [];
      while (this.jobs.length && 'append' in this.jobs[0]) group.push((this.jobs.shift() as { append: AppendJob }).append);
      await this.write(group).catch((err: unknown) => group.forEach((job) => job.reject(err)));
    }
  }
}
