import type { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Faults } from '../planning/rest/faults';
import { HttpError, limitParam, readFormOrJson, readJson, sendError, sendJson } from '../planning/rest/http';
import { Router, type RequestContext } from '../planning/rest/router';
import type { WmsAuth } from './auth';
import { validateOrder } from './orders';
import type { Pusher } from './push';
import type { WmsStore } from './store';

export interface ServerDeps {
  store: WmsStore;
  auth: WmsAuth;
  faults: Faults;
  pusher: Pusher;
  events: EventEmitter;
  /** Confirm each new order after this many ms (null: only on control.confirmAll()). */
  confirmAfterMs: number | null;
  confirm: (orderId: string) => void;
  abort: AbortSignal;
}

const MAX_BODY = 4 * 1024 * 1024;

function stockCursor(snapshotId: string, offset: number): string {
  return Buffer.from(`${snapshotId}:${offset}`).toString('base64url');
}

function readStockCursor(cursor: string): { snapshotId: string; offset: number } {
  const [snapshotId, offset] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const n = Number(offset);
  if (!snapshotId || !Number.isInteger(n) || n < 0) throw new HttpError(400, 'invalid_cursor', 'the cursor is not one this server gave');
  return { snapshotId, offset: n };
}

/** A log read by sequence number: the cursor is the last seq the reader has. */
function logPage<T extends { seq: number }>(log: readonly T[], query: URLSearchParams): { items: T[]; next_cursor: string; has_more: boolean } {
  const since = query.get('since') ?? query.get('cursor') ?? '0';
  if (!/^\d+$/.test(since)) throw new HttpError(400, 'invalid_cursor', 'since must be a cursor this server gave');
  const limit = limitParam(query.get('limit'), 500, 1000);
  const after = Number(since);
  const items = log.filter((e) => e.seq > after).slice(0, limit);
  const next = items.length ? items[items.length - 1].seq : after;
  return { items, next_cursor: String(next), has_more: log.some((e) => e.seq > next) };
}

function routes(deps: ServerDeps): Router {
  const { store } = deps;
  const router = new Router();
  router.add({
    method: 'POST',
    path: '/oauth/token',
    kind: 'oauth',
    handler: async ({ req, res }) => sendJson(res, 200, deps.auth.issue(await readFormOrJson(req, 64 * 1024), req.headers.authorization)),
  });
  router.add({
    method: 'GET',
    path: '/api/v1/stock',
    kind: 'api',
    handler: ({ res, query }) => {
      const limit = limitParam(query.get('limit'), 500, 1000);
      const cursor = query.get('cursor');
      let id: string;
      let offset = 0;
      let snapshot: { as_of: string; rows: ReturnType<WmsStore['rows']> } | undefined;
      if (cursor) {
        ({ snapshotId: id, offset } = readStockCursor(cursor));
        snapshot = store.snapshot(id);
        if (!snapshot) throw new HttpError(400, 'invalid_cursor', 'the snapshot of this cursor is gone');
      } else {
        const opened = store.openSnapshot();
        id = opened.id;
        snapshot = opened;
      }
      const items = snapshot.rows.slice(offset, offset + limit).map((r) => ({ ...r, available: Math.round((r.on_hand - r.allocated) * 1e6) / 1e6 }));
      const end = offset + items.length;
      const hasMore = end < snapshot.rows.length;
      sendJson(res, 200, { snapshot_id: id, as_of: snapshot.as_of, items, next_cursor: hasMore ? stockCursor(id, end) : null, has_more: hasMore });
    },
  });
  router.add({ method: 'GET', path: '/api/v1/stock-events', kind: 'api', handler: ({ res, query }) => sendJson(res, 200, logPage(store.events, query)) });
  router.add({
    method: 'GET',
    path: '/api/v1/confirmations',
    kind: 'api',
    handler: ({ res, query }) => sendJson(res, 200, logPage(store.confirmations, query)),
  });
  router.add({
    method: 'POST',
    path: '/api/v1/orders',
    kind: 'api',
    handler: async ({ req, res }: RequestContext) => {
      const input = validateOrder(await readJson(req, MAX_BODY));
      const { order, created } = store.createOrder(input);
      sendJson(res, created ? 201 : 200, order);
      if (created && deps.confirmAfterMs !== null) {
        delay(deps.confirmAfterMs, undefined, { signal: deps.abort }).then(
          () => deps.confirm(order.order_id),
          () => undefined,
        );
      }
    },
  });
  router.add({
    method: 'GET',
    path: '/api/v1/orders/{order_id}',
    kind: 'api',
    handler: ({ res, params }) => {
      const order = store.orders.get(params.order_id);
      if (!order) throw new HttpError(404, 'not_found', `no order ${params.order_id}`);
      sendJson(res, 200, order);
    },
  });
  return router;
}

/** Route, then faults (a gateway throttles before it authenticates), then auth, then the handler. */
export function createWmsServer(deps: ServerDeps): Server {
  const router = routes(deps);
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const match = router.match(method, url.pathname);
    if (match === null) throw new HttpError(404, 'not_found', `no route ${method} ${url.pathname}`);
    if (match === 'methodMismatch') throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}`);
    const { route, params } = match;
    const routeName = `${method} ${route.path}`;
    const action = deps.faults.next(routeName);
    if (action.kind === 'hang') return;
    if (action.kind === 'fail') {
      deps.events.emit('call', { route: routeName, status: action.status });
      const headers: Record<string, string> = action.retryAfterSeconds === null ? {} : { 'retry-after': String(action.retryAfterSeconds) };
      return sendJson(
        res,
        action.status,
        { error: action.status === 429 ? 'rate_limited' : 'unavailable', message: `injected fault ${action.status}` },
        headers,
      );
    }
    if (deps.faults.latency() > 0) await delay(deps.faults.latency(), undefined, { signal: deps.abort });
    if (route.kind === 'api') deps.auth.check(req);
    await route.handler({ req, res, params, query: url.searchParams });
    deps.events.emit('call', { route: routeName, status: res.statusCode });
  }
  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      const error = err instanceof HttpError ? err : new HttpError(500, 'internal_error', err instanceof Error ? err.message : String(err));
      sendError(res, error);
      deps.events.emit('call', { route: `${req.method} ${req.url?.split('?')[0]}`, status: error.status });
    });
  });
}
