import { InputError, toPlanbridgeError } from '../../lib/errors';
import { canOperate, dashboardUserOf, type RequestUser } from '../../lib/roles';
import type { Ledger } from '../../ledger/ledger';
import { DEFAULT_REPLAY_RATE, openForReplay, resolveDeadLetter, startReplay, type ReplayOptions, type ReplayStarted } from '../../ledger/replay';
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
  ledger: Ledger;
  windowHours: number;
  now: number;
  /** Sends a replayed message into its start node (the admin API's injectInto). */
  inject: ReplayOptions['inject'];
  warn(text: string): void;
  nameOf?(nodeId: string): string | undefined;
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

export async function collectSummary(ctx: HealthContext, user: RequestUser): Promise<HealthSummary> {
  const window = healthWindow(ctx.now, ctx.windowHours);
  const { messages, deadLetters } = ctx.ledger;
  const [outcomes, backlog, openDeadLetters, newest, readings, circuits, dependencies] = await Promise.all([
    messages.outcomes({ from: window.from, to: window.to, sliceMs: HOUR_MS, percentiles: LATENCY_PERCENTILES }),
    messages.backlog(),
    deadLetters.count('open'),
    deadLetters.list({ state: 'open', limit: NEWEST_DEAD_LETTERS }),
    sampleCounters(ctx.runtime, ctx.now),
    readCircuits(ctx.runtime),
    readDependencies(ctx.runtime),
  ]);
  const counters = counterHistory(ctx.runtime).since(window.from, readings);
  return buildSummary({
    now: ctx.now,
    canOperate: canOperate(user),
    window,
    outcomes,
    backlog,
    openDeadLetters,
    newest,
    circuits,
    dependencies,
    counters: counters.readings,
    countersFrom: counters.from,
    nameOf: ctx.nameOf,
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
  const started = await startReplay(ctx.ledger, openForReplay({ ids }), {
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
  const letter = await resolveDeadLetter(ctx.ledger, id, user.username, note, ctx.now);
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
