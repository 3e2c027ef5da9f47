import { mkdir } from 'node:fs/promises';
import type { PlanEvent, PlanningService } from '../service';
import { removeStale, writeOrderFiles } from './outbox';

export interface OrdersReport {
  plan_id: string;
  plan_version: number;
  files: string[];
  /** Files of an older version of the same plan that the ERP had not taken yet. */
  removed: string[];
}

/**
 * Writes order files for every new plan version, one plan at a time. A re-plan supersedes the older
 * version's files that are still waiting in the outbox; ids repeat across versions (the contract keys
 * executions by id + plan_version), so each file also carries plan_version.
 */
export class OrderWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly written = new Map<string, Set<string>>();
  private readonly listener = (event: PlanEvent): void => {
    this.chain = this.chain
      .catch(() => undefined)
      .then(() => this.write(event))
      .catch((err: unknown) => this.service.emit('orders-error', err));
  };

  constructor(
    private readonly service: PlanningService,
    private readonly outbox: string,
  ) {
    service.on('plan', this.listener);
  }

  async start(): Promise<void> {
    await mkdir(this.outbox, { recursive: true });
  }

  /** Resolves once every plan seen so far has its files written. */
  async idle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.service.off('plan', this.listener);
    await this.idle();
  }

  private async write({ summary, result }: PlanEvent): Promise<void> {
    const files = await writeOrderFiles(this.outbox, result.recommendations);
    const previous = this.written.get(summary.plan_id) ?? new Set<string>();
    const removed = await removeStale(
      this.outbox,
      [...previous].filter((f) => !files.includes(f)),
    );
    this.written.set(summary.plan_id, new Set(files));
    const report: OrdersReport = { plan_id: summary.plan_id, plan_version: summary.plan_version, files, removed };
    this.service.emit('orders', report);
  }
}
