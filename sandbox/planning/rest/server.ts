import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { PlanningService } from '../service';
import type { Auth } from './auth';
import type { Faults } from './faults';
import { HttpError, sendError, sendJson } from './http';
import { Router } from './router';
import { datasetRoutes } from './routes/datasets';
import type { RouteDeps } from './routes/deps';
import { feedbackRoutes } from './routes/feedback';
import { oauthRoutes } from './routes/oauth';
import { outboundRoutes } from './routes/outbound';
import { planRoutes } from './routes/plans';
import { sandboxRoutes } from './routes/sandbox';

export function buildRouter(deps: RouteDeps): Router {
  const router = new Router();
  for (const route of [
    ...oauthRoutes(deps),
    ...datasetRoutes(deps),
    ...planRoutes(deps),
    ...outboundRoutes(deps),
    ...feedbackRoutes(deps),
    ...sandboxRoutes(deps),
  ]) {
    router.add(route);
  }
  return router;
}

/**
 * The HTTP front: route, then faults (a real gateway throttles before it authenticates), then auth, then
 * the handler. `abort` ends pending latency waits when the sandbox stops.
 */
export function createPlanningServer(
  service: PlanningService,
  auth: Auth,
  faults: Faults,
  maxBodyBytes: number,
  abort: AbortSignal,
): { server: Server; router: Router } {
  const router = buildRouter({ service, auth, faults, maxBodyBytes });
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendError(res, err instanceof HttpError ? err : new HttpError(500, 'internal_error', err instanceof Error ? err.message : String(err)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const match = router.match(method, url.pathname);
    if (match === null) throw new HttpError(404, 'not_found', `no route ${method} ${url.pathname}`);
    if (match === 'methodMismatch') throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}`);
    const { route, params } = match;
    if (route.kind !== 'sandbox') {
      const action = faults.next(`${method} ${route.path}`);
      // Lets a test wait for "the server has the request" (e.g. before a hang) without sleeping.
      service.emit('call', { route: `${method} ${route.path}`, fault: action.kind });
      if (action.kind === 'hang') return; // no answer; stop() destroys the socket
      if (action.kind === 'fail') {
        const headers: Record<string, string> = action.retryAfterSeconds === null ? {} : { 'retry-after': String(action.retryAfterSeconds) };
        const code = action.status === 429 ? 'rate_limited' : 'unavailable';
        return sendJson(res, action.status, { error: code, message: `injected fault ${action.status}` }, headers);
      }
      if (faults.latency() > 0) await delay(faults.latency(), undefined, { signal: abort });
    }
    if (route.kind === 'api') auth.check(req);
    await route.handler({ req, res, params, query: url.searchParams });
  }

  return { server, router };
}
