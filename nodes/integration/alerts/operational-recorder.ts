import { LEDGER_UNAVAILABLE } from '../../lib/errors';
import type { PlanbridgeRuntime } from '../../lib/runtime-context';
import type { Ledger } from '../../ledger/ledger';
import { allLedgers, ledgerFor } from '../../ledger/registry';

type Work = (ledger: Ledger) => Promise<unknown>;

interface Entry {
  work: Work;
  /** Tells the caller its write is done, or waits for the ledger to come back. */
  settled(): void;
}

/** Writes kept for a ledger that cannot take them now; beyond this the oldest are dropped, with a warning. */
export const MAX_WAITING_WRITES = 1000;

interface Queue {
  works: Entry[];
  draining: boolean;
  /** The last write failed with LEDGER_UNAVAILABLE: wait for the ledger to come back before trying again. */
  blocked: boolean;
}

/**
 * Writes operational alerts into the runtime's ledgers (normally one), in order per ledger. A ledger
 * that cannot write now (LEDGER_UNAVAILABLE) keeps its writes in memory and gets them, in the same
 * order, once it is back (`resume`), so an alert raised during an outage is not lost.
 */
export class OperationalRecorder {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly runtime: PlanbridgeRuntime,
    private readonly warn: (text: string) => void,
  ) {}

  /** `work` on every ledger of the runtime; resolves once each has written it or keeps it for later. */
  everywhere(work: Work): Promise<void> {
    return Promise.all([...allLedgers(this.runtime).keys()].map((configId) => this.on(configId, work))).then(() => undefined);
  }

  /** `work` on one ledger (by its ledger-config id); resolves once written, or kept until the ledger is back. */
  on(configId: string, work: Work): Promise<void> {
    const queue = this.queues.get(configId) ?? { works: [], draining: false, blocked: false };
    this.queues.set(configId, queue);
    return new Promise<void>((settled) => {
      queue.works.push({ work, settled });
      if (queue.works.length > MAX_WAITING_WRITES) {
        queue.works.shift()?.settled();
        this.warn(`planbridge: ledger ${configId} has been unable to write for long; the oldest waiting operational alert was dropped`);
      }
      if (queue.blocked) settled();
      else void this.drain(configId, queue);
    });
  }

  /** The ledger answers again: what waited is written now. */
  resume(configId: string): void {
    const queue = this.queues.get(configId);
    if (!queue) return;
    queue.blocked = false;
    void this.drain(configId, queue);
  }

  /** Resolves once nothing is being written (for tests and shutdown). */
  async idle(): Promise<void> {
    while ([...this.queues.values()].some((q) => q.draining)) await new Promise((resolve) => setImmediate(resolve));
  }

  private async drain(configId: string, queue: Queue): Promise<void> {
    if (queue.draining) return;
    queue.draining = true;
    try {
      while (queue.works.length && !queue.blocked) {
        const opening = ledgerFor(this.runtime, configId);
        if (!opening) {
          // The ledger node was removed: nothing can take these writes any more.
          for (const entry of queue.works.splice(0)) entry.settled();
          break;
        }
        const entry = queue.works[0];
        try {
          await entry.work(await opening);
          queue.works.shift();
          entry.settled();
        } catch (err) {
          if ((err as { code?: string }).code === LEDGER_UNAVAILABLE) {
            queue.blocked = true;
            // They stay queued for resume(); their callers need not wait for it.
            for (const waiting of queue.works) waiting.settled();
          } else {
            queue.works.shift();
            entry.settled();
            this.warn(`planbridge: could not record an operational alert: ${(err as Error).message}`);
          }
        }
      }
    } finally {
      queue.draining = false;
    }
  }
}
