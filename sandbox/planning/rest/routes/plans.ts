import { HttpError, readJson, sendJson } from '../http';
import type { Route } from '../router';
import type { RouteDeps } from './deps';

const AS_OF = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|\+00:00))?$/;

export function planRoutes({ service, maxBodyBytes }: RouteDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/plans',
      kind: 'api',
      handler: async ({ req, res }) => {
        const body = await readJson(req, maxBodyBytes, {});
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(422, 'validation_failed', 'body is an object {as_of?}');
        const { as_of: asOf, ...rest } = body as Record<string, unknown>;
        if (Object.keys(rest).length > 0) throw new HttpError(422, 'validation_failed', `unknown field(s): ${Object.keys(rest).join(', ')}`);
        if (asOf !== undefined && (typeof asOf !== 'string' || !AS_OF.test(asOf)))
          throw new HttpError(422, 'validation_failed', 'as_of: a date or UTC date-time');
        if (!service.hasItems()) throw new HttpError(409, 'no_data', 'no completed item dataset yet; deliver item (and the other datasets) first');
        const { summary, created } = service.runPlan(asOf);
        sendJson(res, created ? 201 : 200, { ...summary, created });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/plans/latest',
      kind: 'api',
      handler: ({ res }) => {
        const latest = service.plans.latest();
        if (!latest) throw new HttpError(404, 'no_plan', 'no plan has been run yet');
        sendJson(res, 200, latest);
      },
    },
  ];
}
