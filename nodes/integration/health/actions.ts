import { InputError, LEDGER_UNAVAILABLE, toPlanbridgeError } from '../../lib/errors';
import { canOperate, dashboardUserOf, type RequestUser } from '../../lib/roles';
import type { Ledger } from '../../ledger/ledger';
import { readyLedger } from '../../ledger/ready';
import { WATCH_DEFAULTS } from '../runs/watch';
import { recordedAlerts, unrecordedAlerts } from '../alerts/operational-open';
import { currentOutages } from '../alerts/operational-watch';
import { DEFAULT_REPLAY_RATE, openForReplay, resolveDeadLetter, startReplay, type ReplayOptions, type ReplayStarted } from '../../ledger/replay';
import { latestRuns } from './runs';
import type { FlowsNode } from '../../lib/flow-catalogue';
import { clockTime, type FlowRow } from './flow-verdicts';
import { flowRows } from './flows';
import { counterHistory, readCircuits, readDependencies, sampleCounters } from './counters';
import {
  buildSummary,
  deadLetterRow,
  healthWindow,
  HOUR_MS,
  LATENCY_PERCENTILES,
  NEWEST_DEAD_LETTERS,
  type DeadLetterRow,
  type HealthSummary,
} from './summary';
import type { PlanbridgeRuntime } from '../../lib/runtime-context';

export type HealthAction = 'refresh' | 'replay' | 'resolve';

export interface ErrorAnswer {
  action: HealthAction;
  error: { code: string; message: string };
}

export type HealthAnswer = HealthSummary | ({ action: 'replay' } & ReplayStarted) | { action: 'resolve'; deadLetter: DeadLetterRow } | ErrorAnswer;

export interface HealthContext {
  runtime: PlanbridgeRuntime;
  /** The ledger as it opens: the page is answered even while it cannot be opened or cannot write. */
  ledger: Promise<Ledger>;
  windowHours: number;
  now: number;
  /** Sends a replayed message into its start node (the admin API's injectInto). */
  inject: ReplayOptions['inject'];
  warn(text: string): void;
  nameOf?(nodeId: string): string | undefined;
  /** The deployed flows (tabs with their catalogue, nodes, config nodes), read at each refresh; no Flows section without. */
  flows?(): FlowsNode[];
  /** How long a key may stay in progress before it counts as stuck (the run watch's setting). */
  stuckAfterMs?: number;
}

const MAX_IDS = 1000;

/** msg.topic picks the action; anything but replay and resolve refreshes. */
export function actionOf(topic: unknown): HealthAction {
  return topic === 'replay' || topic === 'resolve' ? topic : 'refresh';
}

/** The dashboard user the server put on msg._client (the dashboard user plugin); never what a browser says. */
export function signedInUser(msg: { [key: string]: unknown }): RequestUser {
  const user = dashboardUserOf(msg);
  if (!user) throw new InputError('The message carries no dashboard user (msg._client.user): the dashboard must sit behind the login', 'AUTH_REQUIRED');
  return user;
}

export function errorAnswer(action: HealthAction, err: unknown): ErrorAnswer {
  const error = toPlanbridgeError(err);
  return { action, error: { code: error.code, message: error.message } };
}

/** How long a refresh waits for a ledger that is not open yet before it answers without it. */
const LEDGER_WAIT_MS = 1000;

async function ledgerFigures(ctx: HealthContext, window: { from: number; to: number }) {
  const ledger = await readyLedger(ctx.ledger, LEDGER_WAIT_MS);
  const { messages, deadLetters } = ledger;
  const [outcomes, backlog, openDeadLetters, newest, operational, runs] = await Promise.all([
    messages.outcomes({ from: window.from, to: window.to, sliceMs: HOUR_MS, percentiles: LATENCY_PERCENTILES }),
    messages.backlog(),
    deadLetters.count('open'),
    deadLetters.list({ state: 'open', limit: NEWEST_DEAD_LETTERS }),
    recordedAlerts(ledger),
    latestRuns(ledger),
  ]);
  return { outcomes, backlog, openDeadLetters, newest, operational, runs, ledger: { up: true, reason: null, figures: true } };
}

/** What the page shows of the ledger while it cannot answer: nothing but why. */
function withoutLedger(reason: string) {
  return {
    outcomes: { slices: [], open: 0, latencyMs: [] },
    backlog: 0,
    openDeadLetters: 0,
    newest: [],
    operational: [],
    runs: [],
    ledger: { up: false, reason, figures: false },
  };
}

/** Each deployed flow with its owner and whether it meets its service level (see flow-verdicts.ts). */
async function flowSection(ctx: HealthContext, window: { from: number }): Promise<FlowRow[]> {
  if (!ctx.flows) return [];
  const options = { now: ctx.now, since: window.from, stuckAfterMs: ctx.stuckAfterMs ?? WATCH_DEFAULTS.stuckAfterMs, time: clockTime(ctx.now) };
  const flows = ctx.flows();
  try {
    return await flowRows(flows, await readyLedger(ctx.ledger, LEDGER_WAIT_MS), options);
  } catch (err) {
    if ((err as { code?: string }).code !== LEDGER_UNAVAILABLE) throw err;
    return flowRows(flows, undefined, options, `the ledger cannot be read: ${(err as Error).message}`);
  }
}

/**
 * The page's figures. A ledger that is down or cannot write does not stop the answer: the page then
 * shows the outage (an alert held in memory until the ledger can record it), the connections and the
 * counters, and the ledger's own figures greyed out.
 */
export async function collectSummary(ctx: HealthContext, user: RequestUser): Promise<HealthSummary> {
  const window = healthWindow(ctx.now, ctx.windowHours);
  const [fromLedger, readings, circuits, dependencies, flows] = await Promise.all([
    ledgerFigures(ctx, window).catch((err: unknown) => {
      if ((err as { code?: string }).code !== LEDGER_UNAVAILABLE) throw err;
      return withoutLedger((err as Error).message);
    }),
    sampleCounters(ctx.runtime, ctx.now),
    readCircuits(ctx.runtime),
    readDependencies(ctx.runtime),
    flowSection(ctx, window),
  ]);
  const counters = counterHistory(ctx.runtime).since(window.from, readings);
  const outages = currentOutages(ctx.runtime);
  // A ledger that still answers reads but cannot write is down all the same.
  const ledger = fromLedger.ledger.up && outages.length ? { ...fromLedger.ledger, up: false, reason: outages[0].reason } : fromLedger.ledger;
  return buildSummary({
    now: ctx.now,
    canOperate: canOperate(user),
    window,
    ...fromLedger,
    ledger,
    operational: [...unrecordedAlerts(outages, ctx.now), ...fromLedger.operational],
    circuits,
    dependencies,
    counters: counters.readings,
    countersFrom: counters.from,
    nameOf: ctx.nameOf,
    flows,
  });
}

function requested(payload: unknown): Record<string, unknown> {
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
}

async function replay(ctx: HealthContext, payload: unknown, user: RequestUser): Promise<HealthAnswer> {
  const ids = requested(payload).ids;
  if (!Array.isArray(ids) || !ids.length || ids.length > MAX_IDS || !ids.every((id) => typeof id === 'string' && id)) {
    throw new InputError(`Name the dead letters to replay: payload.ids, 1 to ${MAX_IDS} ids`);
  }
  const started = await startReplay(await readyLedger(ctx.ledger), openForReplay({ ids }), {
    ratePerSecond: DEFAULT_REPLAY_RATE,
    by: user.username,
    inject: ctx.inject,
    warn: ctx.warn,
  });
  if (!started.replaying) throw new InputError(`None of the dead letters ${ids.join(', ')} is open`, 'DEAD_LETTER_NOT_OPEN');
  return { action: 'replay', ...started };
}

async function resolve(ctx: HealthContext, payload: unknown, user: RequestUser): Promise<HealthAnswer> {
  const { id, note } = requested(payload);
  if (typeof id !== 'string' || !id) throw new InputError('Name the dead letter to resolve: payload.id');
  // The page asks for a note; the ledger keeps why a dead letter was closed without a replay.
  if (typeof note !== 'string' || !note.trim()) throw new InputError('Say why the dead letter is resolved: payload.note', 'NOTE_REQUIRED');
  const letter = await resolveDeadLetter(await readyLedger(ctx.ledger), id, user.username, note, ctx.now);
  if (!letter) throw new InputError(`Dead letter ${id} is not open`, 'DEAD_LETTER_NOT_OPEN');
  return { action: 'resolve', deadLetter: deadLetterRow(letter, ctx.nameOf) };
}

/**
 * What the page gets for one request. Every signed-in user may refresh; replay and resolve need an
 * analyst or administrator. A refusal or a request that cannot be done is an answer
 * ({action, error: {code, message}}), so the page can show it; anything else is thrown.
 */
export async function answer(action: HealthAction, payload: unknown, user: RequestUser, ctx: HealthContext): Promise<HealthAnswer> {
  if (action === 'refresh') return collectSummary(ctx, user);
  if (!canOperate(user)) {
    return { action, error: { code: 'FORBIDDEN', message: `${user.username} may not ${action} dead letters: only analysts and administrators may` } };
  }
  try {
    return await (action === 'replay' ? replay(ctx, payload, user) : resolve(ctx, payload, user));
  } catch (err) {
    if (err instanceof InputError) return errorAnswer(action, err);
    throw err;
  }
}

/** The node's status text after an answer. */
export function statusText(result: HealthAnswer): string {
  if ('error' in result) return `${result.action} refused: ${result.error.code}`;
  if (result.action === 'replay') return `replaying ${result.replaying}`;
  if (result.action === 'resolve') return `resolved ${result.deadLetter.id.slice(0, 8)}`;
  return `${result.backlog} open, ${result.deadLetters.open} dead letters`;
}
