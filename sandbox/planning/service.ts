import { EventEmitter } from 'node:events';
import { isDatasetName, type DatasetName } from './contracts/types';
import type { PlanResult } from './engine/plan';
import { generateSampleDataset, type SampleOptions } from './sample-data';
import { BatchStore } from './store/batches';
import { DatasetStore } from './store/datasets';
import { FeedbackStore } from './store/feedback';
import { PlanStore, type EngineOptions, type PlanSummary } from './store/plans';

export interface ServiceOptions {
  engine?: EngineOptions;
  /** Clock in epoch milliseconds; tests pass a fixed one. */
  now?: () => number;
  /** Load the sample dataset (sample-data.ts) with this seed as current data at start and on reset. */
  seed?: number;
  sample?: Omit<SampleOptions, 'seed'>;
}

export interface PlanEvent {
  summary: PlanSummary;
  result: PlanResult;
}

/**
 * The planner's state shared by the REST and file profiles: current datasets, open batches, plans and their
 * logs, feedback, and the sandbox clock. Emits 'plan' (PlanEvent) whenever a new plan version is created.
 */
export class PlanningService extends EventEmitter {
  readonly datasets = new DatasetStore();
  readonly batches = new BatchStore();
  readonly plans: PlanStore;
  readonly feedback = new FeedbackStore();
  /** Changes on reset so cursors issued before it are refused. */
  epoch = 1;
  private offsetMs = 0;

  constructor(private readonly options: ServiceOptions = {}) {
    super();
    this.plans = new PlanStore(options.engine);
    this.loadSeed();
  }

  now(): number {
    return (this.options.now ?? Date.now)() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  advanceClock(ms: number): void {
    this.offsetMs += ms;
  }

  /** Plans on the current datasets; asOf defaults to the sandbox clock. */
  runPlan(asOf?: string): { summary: PlanSummary; created: boolean } {
    const { summary, created, result } = this.plans.run(this.datasets.current(), asOf ?? this.nowIso(), this.datasets.fingerprint(), this.nowIso());
    if (created && result) this.emit('plan', { summary, result } satisfies PlanEvent);
    return { summary, created };
  }

  hasItems(): boolean {
    return this.datasets.current().item.length > 0;
  }

  reset(): void {
    this.datasets.clear();
    this.batches.clear();
    this.plans.clear();
    this.feedback.clear();
    this.epoch++;
    this.offsetMs = 0;
    this.loadSeed();
  }

  private loadSeed(): void {
    if (this.options.seed === undefined) return;
    const sample = generateSampleDataset({ ...this.options.sample, seed: this.options.seed });
    for (const name of Object.keys(sample)) {
      if (!isDatasetName(name)) continue;
      const dataset: DatasetName = name;
      this.datasets.replace(dataset, sample[dataset], {
        batch_id: `seed-${this.options.seed}`,
        as_of: sample.asOf,
        interface_version: '1',
        completed_at: this.nowIso(),
        via: 'seed',
      });
    }
  }
}
