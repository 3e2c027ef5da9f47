import type { Request, Response } from 'express';
import type { Node, NodeAPI } from 'node-red';
import type { PlanbridgeRuntime } from '../lib/runtime-context';
import type { Ledger, LedgerMessage } from './ledger';
import { readyLedger } from './ready';
import { LEDGER_UNAVAILABLE } from '../lib/errors';
import { allLedgers, ledgerFor } from './registry';
import { DEFAULT_REPLAY_RATE, openForReplay, resolveDeadLetter, startReplay } from './replay';
import type { DeadLetter, DeadLetterFilter, DeadLetterState } from './store/types';
import type { AlertSeverity, AlertStatus } from './store/alert-types';
import type { RunState } from './store/run-types';

const ALERT_STATUSES: AlertStatus[] = ['open', 'acknowledged', 'resolved'];
const RUN_STATES: RunState[] = ['open', 'closed'];

const STATES: DeadLetterState[] = ['open', 'replaying', 'replayed', 'resolved'];

function userOf(req: Request): string {
  const user = (req as unknown as { user?: { username?: string } }).user;
  return user?.username ?? 'unknown';
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** The ledger named by ?ledger= (a ledger-config id), or the only one there is. */
export async function pickLedger(runtime: PlanbridgeRuntime, req: Request): Promise<Ledger | undefined> {
  const named = typeof req.query.ledger === 'string' ? req.query.ledger : undefined;
  const all = [...allLedgers(runtime).values()];
  const picked = named ? ledgerFor(runtime, named) : all.length === 1 ? all[0] : undefined;
  // A ledger not open yet (its database is down) answers 503 at once instead of holding the request.
  return picked && readyLedger(picked, 2000);
}

/** A dead letter as the API shows it: the message with masked fields as ***, never sealed values. */
export function presentDeadLetter(ledger: Ledger, letter: DeadLetter): Record<string, unknown> {
  const { body, ...rest } = letter;
  return { ...rest, message: ledger.view(body) };
}

export function filterFrom(query: Record<string, unknown>): DeadLetterFilter {
  const state = typeof query.state === 'string' && STATES.includes(query.state as DeadLetterState) ? (query.state as DeadLetterState) : undefined;
  return {
    state,
    errorCode: typeof query.code === 'string' ? query.code : undefined,
    nodeId: typeof query.node === 'string' ? query.node : undefined,
    flowId: typeof query.flow === 'string' ? query.flow : undefined,
    limit: query.limit !== undefined ? Number(query.limit) : undefined,
  };
}

/** Sends a replayed message into its start node; false when that node is not deployed any more. */
export function injectInto(RED: NodeAPI) {
  return (letter: DeadLetter, msg: LedgerMessage): boolean => {
    const start = letter.startNode ? (RED.nodes.getNode(letter.startNode) as Node | null) : null;
    if (!start) return false;
    start.receive(msg);
    return true;
  };
}

/**
 * Admin endpoints for dead letters, behind the editor's login: list and inspect (planbridge.read),
 * replay and resolve (planbridge.write). The dashboard uses the same endpoints.
 */
export function registerDeadLetterApi(RED: NodeAPI, runtime: PlanbridgeRuntime): void {
  const read = RED.auth.needsPermission('planbridge.read');
  const write = RED.auth.needsPermission('planbridge.write');
  const withLedger = (handler: (ledger: Ledger, req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) => {
    pickLedger(runtime, req)
      .then((ledger) => {
        if (!ledger) return fail(res, 404, 'LEDGER_NOT_FOUND', 'Name a ledger with ?ledger=<ledger-config id>');
        return handler(ledger, req, res);
      })
      .catch((err: Error & { code?: string }) =>
        err.code === LEDGER_UNAVAILABLE ? fail(res, 503, LEDGER_UNAVAILABLE, err.message) : fail(res, 500, 'LEDGER_ERROR', err.message),
      );
  };

  RED.httpAdmin.get(
    '/planbridge/dead-letters',
    read,
    withLedger(async (ledger, req, res) => {
      const letters = await ledger.deadLetters.list(filterFrom(req.query));
      res.json({ deadLetters: letters.map((l) => presentDeadLetter(ledger, l)) });
    }),
  );

  RED.httpAdmin.get(
    '/planbridge/dead-letters/:id',
    read,
    withLedger(async (ledger, req, res) => {
      const letter = await ledger.deadLetters.get(req.params.id);
      if (!letter) return fail(res, 404, 'DEAD_LETTER_NOT_FOUND', `No dead letter ${req.params.id}`);
      const transitions = letter.messageId ? await ledger.messages.transitions(letter.messageId) : [];
      res.json({ ...presentDeadLetter(ledger, letter), transitions });
    }),
  );

  RED.httpAdmin.post(
    '/planbridge/dead-letters/:id/resolve',
    write,
    withLedger(async (ledger, req, res) => {
      const letter = await resolveDeadLetter(ledger, req.params.id, userOf(req), req.body?.note, ledger.now());
      if (!letter) return fail(res, 409, 'DEAD_LETTER_NOT_OPEN', `Dead letter ${req.params.id} is not open`);
      res.json(presentDeadLetter(ledger, letter));
    }),
  );

  // What is still owed (a deployment check, or a test, waits for all of it to be 0): unfinished tracked
  // messages, idempotency keys held in progress, dead letters open or being replayed.
  RED.httpAdmin.get(
    '/planbridge/ledger/state',
    read,
    withLedger(async (ledger, _req, res) => {
      const [backlog, keysInProgress, open, replaying] = await Promise.all([
        ledger.messages.backlog(),
        ledger.messages.keysInProgress(),
        ledger.deadLetters.count('open'),
        ledger.deadLetters.count('replaying'),
      ]);
      res.json({ backlog, keysInProgress, deadLetters: { open, replaying }, settled: backlog === 0 && keysInProgress === 0 && replaying === 0 });
    }),
  );

  // Alerts for scripts and monitoring (the Exceptions page reads them through its node): ?status=open,acknowledged&severity=&type=&key=&limit=
  RED.httpAdmin.get(
    '/planbridge/alerts',
    read,
    withLedger(async (ledger, req, res) => {
      const q = req.query as Record<string, string | undefined>;
      const statuses = (q.status ?? 'open,acknowledged').split(',').filter(Boolean);
      if (!statuses.every((x) => ALERT_STATUSES.includes(x as AlertStatus)))
        return fail(res, 400, 'ALERT_FILTER_INVALID', `status must be among ${ALERT_STATUSES.join(', ')}`);
      const limit = q.limit === undefined ? 500 : Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 5000) return fail(res, 400, 'ALERT_FILTER_INVALID', 'limit must be between 1 and 5000');
      const alerts = await ledger.alerts.list({
        status: statuses as AlertStatus[],
        severity: q.severity as AlertSeverity | undefined,
        type: q.type || undefined,
        key: q.key || undefined,
        limit,
      });
      res.json({ alerts });
    }),
  );

  // Runs, newest first: ?state=open|closed&node=<pb-run-open id>&limit= (the start message is left out).
  RED.httpAdmin.get(
    '/planbridge/runs',
    read,
    withLedger(async (ledger, req, res) => {
      const q = req.query as Record<string, string | undefined>;
      if (q.state !== undefined && !RUN_STATES.includes(q.state as RunState))
        return fail(res, 400, 'RUN_FILTER_INVALID', `state must be one of ${RUN_STATES.join(', ')}`);
      const limit = q.limit === undefined ? 100 : Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(res, 400, 'RUN_FILTER_INVALID', 'limit must be between 1 and 1000');
      const runs = await ledger.runs.list({ state: q.state as RunState | undefined, startNode: q.node || undefined, limit });
      res.json({ runs: runs.map(({ body: _body, ...run }) => run) });
    }),
  );

  // Body: { ids: [...] } or { filter: {code, node, flow} } or { all: true }, and ratePerSecond.
  RED.httpAdmin.post(
    '/planbridge/dead-letters/replay',
    write,
    withLedger(async (ledger, req, res) => {
      const body = (req.body ?? {}) as { ids?: unknown; filter?: Record<string, unknown>; all?: unknown; ratePerSecond?: unknown };
      const rate = Number(body.ratePerSecond ?? DEFAULT_REPLAY_RATE);
      if (!Number.isFinite(rate) || rate <= 0 || rate > 1000) return fail(res, 400, 'RATE_INVALID', 'ratePerSecond must be between 0 and 1000');
      let filter: DeadLetterFilter;
      if (Array.isArray(body.ids)) filter = openForReplay({ ids: body.ids.map(String) });
      else if (body.filter && typeof body.filter === 'object') filter = openForReplay(filterFrom(body.filter));
      else if (body.all === true) filter = openForReplay();
      else return fail(res, 400, 'REPLAY_SELECTION_MISSING', 'Give ids, a filter, or all: true');
      // The replay runs paced in the background; the answer says what it will do.
      const started = await startReplay(ledger, filter, { ratePerSecond: rate, by: userOf(req), inject: injectInto(RED), warn: (text) => RED.log.warn(text) });
      res.status(202).json(started);
    }),
  );
}
