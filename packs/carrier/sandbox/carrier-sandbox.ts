import { startSandbox, type Sandbox } from 'planbridge/testing';

export interface CarrierSandbox extends Sandbox {
  /** The carrier's shipments, oldest change first; change one with `update`. */
  shipments: Array<Record<string, unknown>>;
  update(id: string, changes: Record<string, unknown>): void;
}

/**
 * A stand-in for a carrier's tracking API, for the tests and a demo: GET /v1/shipments pages the
 * shipments in the order they changed (cursor = position in that log) and needs the API key.
 * Written from the API's description, never from the pack's client.
 */
export async function startCarrierSandbox(shipments: Array<Record<string, unknown>>, apiKey: string): Promise<CarrierSandbox> {
  const log = [...shipments];
  const sandbox = await startSandbox({
    'GET /v1/shipments': (request) => {
      if (request.headers['x-api-key'] !== apiKey) return { status: 401, body: { error: 'unauthorized' } };
      const start = Number(request.query.get('cursor') ?? 0);
      const limit = Number(request.query.get('limit') ?? 100);
      const page = log.slice(start, start + limit);
      return { body: { shipments: page, next_cursor: page.length ? String(start + page.length) : request.query.get('cursor') } };
    },
  });
  return Object.assign(sandbox, {
    shipments: log,
    update(id: string, changes: Record<string, unknown>) {
      const current = log.find((s) => s.id === id);
      log.push({ ...current, ...changes, updated_at: new Date().toISOString() });
    },
  });
}
