import { CursorError, pageOf, type LogKind } from '../../store/pager';
import { HttpError, limitParam, sendJson } from '../http';
import type { Route } from '../router';
import type { RouteDeps } from './deps';

/** Inbound to the ERP: the append-only logs, paged by opaque cursor in creation order. */
export function outboundRoutes({ service }: RouteDeps): Route[] {
  const logs: Record<Exclude<LogKind, 'feedback'>, () => readonly unknown[]> = {
    recommendations: () => service.plans.recommendations,
    forecasts: () => service.plans.forecasts,
    'stock-policies': () => service.plans.policies,
  };
  return Object.entries(logs).map(([kind, log]) => ({
    method: 'GET',
    path: `/api/v1/${kind}`,
    kind: 'api' as const,
    handler: ({ res, query }) => sendJson(res, 200, pageFromQuery(log(), kind as LogKind, service.epoch, query)),
  }));
}

export function pageFromQuery(log: readonly unknown[], kind: LogKind, epoch: number, query: URLSearchParams): unknown {
  const limit = limitParam(query.get('limit'), 100, 1000);
  try {
    return pageOf(log, kind, epoch, query.get('cursor') || null, limit);
  } catch (err) {
    if (err instanceof CursorError) throw new HttpError(err.code === 'cursor_expired' ? 410 : 400, err.code, err.message);
    throw err;
  }
}
