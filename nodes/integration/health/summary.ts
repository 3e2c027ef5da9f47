import { ConfigError } from '../../lib/errors';
import type { OperationalRow } from '../alerts/operational-open';
import type { RunRow } from './runs';
import type { FlowRow } from './flow-verdicts';
import type { DeadLetter, MessageOutcomes, OutcomeSlice } from '../../ledger/store/types';
import {
  connectionRows,
  qualityRows,
  throttlingRows,
  type Circuit,
  type ConnectionRow,
  type DependencyRow,
  type QualityRows,
  type Readings,
  type ThrottlingRow,
} from './counters';

export const HOUR_MS = 3_600_000;
export const DEFAULT_WINDOW_HOURS = 24;
export const MAX_WINDOW_HOURS = 168;
/** How many open dead letters the page lists, newest first. */
export const NEWEST_DEAD_LETTERS = 50;
export const LATENCY_PERCENTILES = [50, 95];

export type Level = 'green' | 'amber' | 'red' | 'grey';

/**
 * The colours of the page's tiles. Success rate: green at or above `green`, amber at or above
 * `amber`, red below. The others: green up to `green`, amber up to `amber`, red above. A figure
 * with nothing to measure (no message finished) is grey. The latency tile is coloured by p95.
 */
export const THRESHOLDS = {
  successRate: { green: 0.99, amber: 0.95 },
  latencyP95Ms: { green: 60_000, amber: 300_000 },
  backlog: { green: 50, amber: 500 },
  openDeadLetters: { green: 0, amber: 9 },
} as const;

export interface HealthWindow {
  hours: number;
  /** The top of the hour `hours - 1` hours before the current one (epoch ms). */
  from: number;
  /** The end of the current hour: every hour of the window is one bar of the series. */
  to: number;
}

export interface SeriesPoint {
  /** The start of the hour (epoch ms). */
  start: number;
  delivered: number;
  deadLettered: number;
}

export interface DeadLetterRow {
  id: string;
  node: string | null;
  nodeType: string | null;
  /** The failing node's name in the deployed flows, when it has one. */
  nodeName: string | null;
  flow: string | null;
  errorCode: string;
  errorMessage: string;
  attempts: number;
  firstFailedAt: number;
  lastFailedAt: number;
  state: string;
  resolvedBy: string | null;
  note: string | null;
}

export interface HealthSummary {
  action: 'refresh';
  generatedAt: number;
  /** Whether the asking user may replay and resolve (the page shows the buttons); the node checks again on each action. */
  canOperate: boolean;
  window: HealthWindow;
  counts: { delivered: number; deadLettered: number; open: number };
  /** delivered / (delivered + dead-lettered) in the window; null when neither happened. */
  successRate: number | null;
  latency: { p50Ms: number | null; p95Ms: number | null };
  /** Tracked messages not finished, whenever they arrived. */
  backlog: number;
  deadLetters: { open: number; newest: DeadLetterRow[] };
  levels: { successRate: Level; latency: Level; backlog: Level; deadLetters: Level };
  thresholds: typeof THRESHOLDS;
  series: SeriesPoint[];
  connections: ConnectionRow[];
  /** The ledgers and MQTT brokers planbridge depends on, up or down now. */
  dependencies: DependencyRow[];
  throttling: ThrottlingRow[];
  dataQuality: QualityRows;
  /** Retries, throttling and data-quality figures count from here (see the help). */
  countersFrom: number;
  /** Open alerts about planbridge itself (refused credentials, quarantined files, an unwritable ledger), newest first. */
  operational: OperationalRow[];
  /** Open runs, then the latest closed ones (see runs.ts). */
  runs: RunRow[];
  /** Each deployed flow: its catalogue entry (owner, service level, ...) and whether it meets its level now (see flow-verdicts.ts). */
  flows: FlowRow[];
  /**
   * Whether the ledger can record (`up`, else why); `figures` whether it could be read: when not, its
   * figures are left at zero and coloured grey (a read-only ledger is down but still read).
   */
  ledger: LedgerState;
}

export interface LedgerState {
  up: boolean;
  reason: string | null;
  figures: boolean;
}

export interface SummaryInput {
  now: number;
  canOperate: boolean;
  window: HealthWindow;
  outcomes: MessageOutcomes;
  backlog: number;
  openDeadLetters: number;
  newest: DeadLetter[];
  circuits: Circuit[];
  dependencies?: DependencyRow[];
  /** Counter increases since `countersFrom`. */
  counters: Readings;
  countersFrom: number;
  operational: OperationalRow[];
  /** Open runs, then the latest closed ones (see runs.ts). */
  runs: RunRow[];
  ledger: LedgerState;
  nameOf?(nodeId: string): string | undefined;
  flows?: FlowRow[];
}

/** The node's Window field: whole hours, 1 to a week; blank means a day. */
export function windowHoursFrom(value: string | number | undefined): number {
  if (value === undefined || value === '') return DEFAULT_WINDOW_HOURS;
  const hours = Number(value);
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_WINDOW_HOURS)
    throw new ConfigError(`Window must be a whole number of hours from 1 to ${MAX_WINDOW_HOURS}, got "${value}"`);
  return hours;
}

export function healthWindow(now: number, hours: number): HealthWindow {
  const hourStart = Math.floor(now / HOUR_MS) * HOUR_MS;
  return { hours, from: hourStart - (hours - 1) * HOUR_MS, to: hourStart + HOUR_MS };
}

/** One point per hour of the window, hours in which nothing finished included. */
export function hourlySeries(window: HealthWindow, slices: OutcomeSlice[]): SeriesPoint[] {
  const byStart = new Map(slices.map((s) => [s.start, s]));
  return Array.from({ length: window.hours }, (_, i) => {
    const start = window.from + i * HOUR_MS;
    const slice = byStart.get(start);
    return { start, delivered: slice?.delivered ?? 0, deadLettered: slice?.deadLettered ?? 0 };
  });
}

export function successRate(delivered: number, deadLettered: number): number | null {
  const finished = delivered + deadLettered;
  return finished ? delivered / finished : null;
}

function atLeast(value: number | null, t: { green: number; amber: number }): Level {
  if (value === null) return 'grey';
  return value >= t.green ? 'green' : value >= t.amber ? 'amber' : 'red';
}

function atMost(value: number | null, t: { green: number; amber: number }): Level {
  if (value === null) return 'grey';
  return value <= t.green ? 'green' : value <= t.amber ? 'amber' : 'red';
}

export function deadLetterRow(letter: DeadLetter, nameOf?: (nodeId: string) => string | undefined): DeadLetterRow {
  return {
    id: letter.id,
    node: letter.nodeId,
    nodeType: letter.nodeType,
    nodeName: (letter.nodeId && nameOf?.(letter.nodeId)) || null,
    flow: letter.flowId,
    errorCode: letter.errorCode,
    errorMessage: letter.errorMessage,
    attempts: letter.attempts,
    firstFailedAt: letter.firstFailedAt,
    lastFailedAt: letter.lastFailedAt,
    state: letter.state,
    resolvedBy: letter.resolvedBy,
    note: letter.note,
  };
}

/** Everything the health page shows, from what the ledger and the metrics hold. */
export function buildSummary(input: SummaryInput): HealthSummary {
  const series = hourlySeries(input.window, input.outcomes.slices);
  const delivered = series.reduce((sum, p) => sum + p.delivered, 0);
  const deadLettered = series.reduce((sum, p) => sum + p.deadLettered, 0);
  const rate = successRate(delivered, deadLettered);
  const [p50Ms = null, p95Ms = null] = input.outcomes.latencyMs;
  return {
    action: 'refresh',
    generatedAt: input.now,
    canOperate: input.canOperate,
    window: input.window,
    counts: { delivered, deadLettered, open: input.outcomes.open },
    successRate: rate,
    latency: { p50Ms, p95Ms },
    backlog: input.backlog,
    deadLetters: { open: input.openDeadLetters, newest: input.newest.map((l) => deadLetterRow(l, input.nameOf)) },
    levels: {
      successRate: atLeast(rate, THRESHOLDS.successRate),
      latency: atMost(p95Ms, THRESHOLDS.latencyP95Ms),
      backlog: input.ledger.figures ? atMost(input.backlog, THRESHOLDS.backlog) : 'grey',
      deadLetters: input.ledger.figures ? atMost(input.openDeadLetters, THRESHOLDS.openDeadLetters) : 'grey',
    },
    thresholds: THRESHOLDS,
    series,
    connections: connectionRows(input.circuits, input.counters.retries ?? []),
    dependencies: input.dependencies ?? [],
    throttling: throttlingRows(input.counters.retries ?? [], input.counters.callFailures ?? []),
    dataQuality: qualityRows(input.counters.validationProblems ?? []),
    countersFrom: input.countersFrom,
    operational: input.operational,
    runs: input.runs,
    flows: input.flows ?? [],
    ledger: input.ledger,
  };
}
