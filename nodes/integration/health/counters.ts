import { metrics } from '../../lib/metrics';
import { runtimePart, type PlanbridgeRuntime } from '../../lib/runtime-context';
import type { CircuitName } from '../../lib/resilience';

export interface Reading {
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus counters the health page shows, as values per label set. */
export interface Readings {
  retries: Reading[];
  callFailures: Reading[];
  validationProblems: Reading[];
}

export interface Circuit {
  target: string;
  state: CircuitName;
}

export interface ConnectionRow {
  target: string;
  circuit: CircuitName;
  retries: number;
}

/** What planbridge itself depends on (a ledger, an MQTT broker), as planbridge_dependency_up holds it. */
export interface DependencyRow {
  dependency: string;
  up: boolean;
}

export interface ThrottlingRow {
  target: string;
  /** Retries after a 429 answer (codes ending in RATE_LIMITED). */
  retries: number;
  /** Calls that still got a 429 on their last attempt. */
  failures: number;
}

export interface QualityRows {
  total: number;
  /** Most frequent rule first; each with its count per contract. */
  rules: Array<{ rule: string; count: number; contracts: Array<{ contract: string; count: number }> }>;
}

/** planbridge_circuit_state holds the index of the state here. */
const CIRCUIT_STATES: CircuitName[] = ['closed', 'half-open', 'open'];
const RATE_LIMITED = /(^|_)RATE_LIMITED$/;
/** A sample every few minutes is enough for windows of hours. */
export const SAMPLE_EVERY_MS = 5 * 60_000;
/** The longest window (a week) and one sample more. */
const KEEP_MS = 7 * 24 * 3_600_000 + SAMPLE_EVERY_MS;

type Sample = { at: number; values: Map<string, number> };

function keyOf(counter: string, labels: Record<string, string>): string {
  return `${counter}\u0000${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`;
}

/**
 * Prometheus counters only grow from the start of the process. To show what happened in a window,
 * readings are sampled now and then, and a window's figure is today's reading minus the newest
 * sample taken at or before the window's start.
 */
export class CounterHistory {
  private readonly samples: Sample[] = [];

  /** `startedAt`: when the counters were zero. */
  constructor(private readonly startedAt: number) {}

  /** Keeps the readings when the last sample is at least SAMPLE_EVERY_MS old; forgets what no window reaches. */
  record(at: number, readings: Readings): void {
    const last = this.samples[this.samples.length - 1];
    if (last && at - last.at < SAMPLE_EVERY_MS) return;
    const values = new Map<string, number>();
    for (const [counter, list] of Object.entries(readings) as Array<[string, Reading[]]>) {
      for (const r of list) values.set(keyOf(counter, r.labels), r.value);
    }
    this.samples.push({ at, values });
    // The newest sample older than the longest window stays: it is that window's baseline.
    while (this.samples.length > 1 && this.samples[1].at <= at - KEEP_MS) this.samples.shift();
  }

  /**
   * How much each counter rose since `from` (label sets that did not rise are left out), and the time
   * the figures really count from: the sample taken at or before `from`, or else the counters' start.
   */
  since(from: number, readings: Readings): { from: number; readings: Readings } {
    let base: Sample = { at: this.startedAt, values: new Map() };
    for (const sample of this.samples) if (sample.at <= from && sample.at >= base.at) base = sample;
    const rise = (counter: string, list: Reading[]): Reading[] =>
      list
        .map((r) => {
          const before = base.values.get(keyOf(counter, r.labels)) ?? 0;
          // A counter below its sample was reset: all of it is new.
          return { labels: r.labels, value: r.value >= before ? r.value - before : r.value };
        })
        .filter((r) => r.value > 0);
    return {
      from: base.at,
      readings: {
        retries: rise('retries', readings.retries),
        callFailures: rise('callFailures', readings.callFailures),
        validationProblems: rise('validationProblems', readings.validationProblems),
      },
    };
  }
}

const HISTORY = runtimePart('health counter history', () => ({ history: undefined as CounterHistory | undefined }));

/** One history per runtime, so a redeploy of the health node keeps it. */
export function counterHistory(runtime: PlanbridgeRuntime): CounterHistory {
  const holder = runtime.get(HISTORY);
  holder.history ??= new CounterHistory(metrics(runtime).startedAt);
  return holder.history;
}

function toReadings(values: Array<{ labels: Partial<Record<string, string | number>>; value: number }>): Reading[] {
  return values.map((v) => ({ labels: Object.fromEntries(Object.entries(v.labels).map(([k, l]) => [k, String(l)])), value: v.value }));
}

export async function readCounters(runtime: PlanbridgeRuntime): Promise<Readings> {
  const m = metrics(runtime);
  const [retries, callFailures, validationProblems] = await Promise.all([m.retries.get(), m.callFailures.get(), m.validationProblems.get()]);
  return { retries: toReadings(retries.values), callFailures: toReadings(callFailures.values), validationProblems: toReadings(validationProblems.values) };
}

/** Each watched connection's circuit, as the planbridge_circuit_state gauge holds it. */
export async function readCircuits(runtime: PlanbridgeRuntime): Promise<Circuit[]> {
  const gauge = await metrics(runtime).circuitState.get();
  return gauge.values.map((v) => ({ target: String(v.labels.target ?? ''), state: CIRCUIT_STATES[v.value] ?? 'open' }));
}

/** Each supervised dependency, up or down now (a ledger or broker not reached yet counts as down). */
export async function readDependencies(runtime: PlanbridgeRuntime): Promise<DependencyRow[]> {
  const gauge = await metrics(runtime).dependencyUp.get();
  return gauge.values
    .map((v) => ({ dependency: String(v.labels.dependency ?? ''), up: v.value === 1 }))
    .sort((a, b) => a.dependency.localeCompare(b.dependency));
}

/** Reads the counters and keeps a sample for the windowed figures. */
export async function sampleCounters(runtime: PlanbridgeRuntime, at: number): Promise<Readings> {
  const readings = await readCounters(runtime);
  counterHistory(runtime).record(at, readings);
  return readings;
}

function sumBy(readings: Reading[], label: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const r of readings) {
    const key = r.labels[label] ?? '';
    sums.set(key, (sums.get(key) ?? 0) + r.value);
  }
  return sums;
}

export function connectionRows(circuits: Circuit[], retries: Reading[]): ConnectionRow[] {
  const retried = sumBy(retries, 'target');
  const states = new Map(circuits.map((c) => [c.target, c.state]));
  const targets = [...new Set([...states.keys(), ...retried.keys()])].sort();
  return targets.map((target) => ({ target, circuit: states.get(target) ?? 'closed', retries: retried.get(target) ?? 0 }));
}

export function throttlingRows(retries: Reading[], failures: Reading[]): ThrottlingRow[] {
  const limited = (r: Reading): boolean => RATE_LIMITED.test(r.labels.code ?? '');
  const retried = sumBy(retries.filter(limited), 'target');
  const failed = sumBy(failures.filter(limited), 'target');
  const targets = [...new Set([...retried.keys(), ...failed.keys()])];
  return targets
    .map((target) => ({ target, retries: retried.get(target) ?? 0, failures: failed.get(target) ?? 0 }))
    .sort((a, b) => b.retries + b.failures - (a.retries + a.failures) || a.target.localeCompare(b.target));
}

export function qualityRows(problems: Reading[]): QualityRows {
  const rules = new Map<string, Map<string, number>>();
  for (const p of problems) {
    const byContract = rules.get(p.labels.rule ?? '') ?? new Map<string, number>();
    const contract = p.labels.contract ?? '';
    byContract.set(contract, (byContract.get(contract) ?? 0) + p.value);
    rules.set(p.labels.rule ?? '', byContract);
  }
  const rows = [...rules.entries()].map(([rule, byContract]) => {
    const contracts = [...byContract.entries()]
      .map(([contract, count]) => ({ contract, count }))
      .sort((a, b) => b.count - a.count || a.contract.localeCompare(b.contract));
    return { rule, count: contracts.reduce((sum, c) => sum + c.count, 0), contracts };
  });
  rows.sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
  return { total: rows.reduce((sum, r) => sum + r.count, 0), rules: rows };
}
