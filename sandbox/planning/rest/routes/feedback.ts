import type { Feedback } from '../../store/feedback';
import { feedbackErrors } from '../../store/validate-feedback';
import { HttpError, readJson, sendJson } from '../http';
import type { Route } from '../router';
import type { RouteDeps } from './deps';
import { pageFromQuery } from './outbound';

/** Feedback from the ERP on recommendations: accepted, edited, rejected, expired, executed. */
export function feedbackRoutes({ service, maxBodyBytes }: RouteDeps): Route[] {
  /** Problems that stop one feedback item: invalid body, unknown recommendation, conflicting content. */
  const problem = (body: unknown): { status: number; code: string; message: string; details?: string[] } | null => {
    const errors = feedbackErrors(body);
    if (errors.length > 0) return { status: 422, code: 'validation_failed', message: 'invalid feedback', details: errors };
    const f = body as Feedback;
    if (!service.plans.recommendation(f.recommendation_id, f.plan_version)) {
      return { status: 404, code: 'unknown_recommendation', message: `no recommendation ${f.recommendation_id} in plan version ${f.plan_version}` };
    }
    if (service.feedback.check(f) === 'conflict') {
      return {
        status: 409,
        code: 'feedback_conflict',
        message: `feedback ${f.status} at ${f.at} for ${f.recommendation_id} v${f.plan_version} was already received with different content`,
      };
    }
    return null;
  };

  return [
    {
      method: 'POST',
      path: '/api/v1/recommendations/{id}/feedback',
      kind: 'api',
      handler: async ({ req, res, params }) => {
        const body = await readJson(req, maxBodyBytes);
        const merged = body !== null && typeof body === 'object' && !Array.isArray(body) ? { recommendation_id: params.id, ...body } : body;
        if ((merged as Feedback | null)?.recommendation_id !== params.id)
          throw new HttpError(422, 'validation_failed', 'recommendation_id in the body differs from the path');
        const p = problem(merged);
        if (p) throw new HttpError(p.status, p.code, p.message, p.details);
        const outcome = service.feedback.add(merged as Feedback, service.nowIso());
        sendJson(res, outcome === 'stored' ? 201 : 200, { ...(merged as Feedback), outcome, duplicate: outcome === 'duplicate' });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/recommendations/{id}/feedback',
      kind: 'api',
      handler: ({ res, params, query }) => {
        if (!service.plans.hasRecommendation(params.id)) throw new HttpError(404, 'unknown_recommendation', `no recommendation ${params.id}`);
        const version = query.get('plan_version');
        if (version !== null && !/^\d+$/.test(version)) throw new HttpError(400, 'invalid_plan_version', 'plan_version must be an integer');
        sendJson(res, 200, {
          recommendation_id: params.id,
          items: service.feedback.forRecommendation(params.id, version === null ? undefined : Number(version)),
        });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/feedback',
      kind: 'api',
      handler: async ({ req, res }) => {
        const body = await readJson(req, maxBodyBytes);
        const items = Array.isArray(body) ? body : (body as { items?: unknown } | null)?.items;
        if (!Array.isArray(items)) throw new HttpError(422, 'validation_failed', 'body is an array of feedback (or {items: [...]})');
        // All or nothing: a batch with one bad item stores none, so a retry after fixing it is clean.
        const problems = items.map((item, index) => ({ index, problem: problem(item) })).filter((x) => x.problem);
        const batchKeys = new Set<string>();
        for (const [index, item] of items.entries()) {
          const key = JSON.stringify([(item as Feedback).recommendation_id, (item as Feedback).plan_version, (item as Feedback).status, (item as Feedback).at]);
          if (batchKeys.has(key) && !problems.some((p) => p.index === index))
            problems.push({ index, problem: { status: 422, code: 'duplicate_in_batch', message: 'the same feedback twice in one batch' } });
          batchKeys.add(key);
        }
        if (problems.length > 0) {
          throw new HttpError(
            422,
            'validation_failed',
            `${problems.length} feedback item(s) refused; nothing stored`,
            problems.map(({ index, problem: p }) => ({ index, error: p!.code, message: p!.message, details: p!.details })),
          );
        }
        const results = items.map((item: Feedback) => ({
          recommendation_id: item.recommendation_id,
          plan_version: item.plan_version,
          status: item.status,
          outcome: service.feedback.add(item, service.nowIso()),
        }));
        sendJson(res, 200, { results });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/feedback',
      kind: 'api',
      handler: ({ res, query }) => sendJson(res, 200, pageFromQuery(service.feedback.log, 'feedback', service.epoch, query)),
    },
  ];
}
