import { isDatasetName, type DatasetName, type PlanInput } from '../../contracts/types';
import { validateRecords } from '../../contracts/validate';
import type { Manifest } from '../../store/batches';
import { HttpError, readJson, sendJson } from '../http';
import type { Route } from '../router';
import { ID_PATTERN, type RouteDeps } from './deps';

const SUPPORTED_INTERFACE = /^1(\.\d+)*$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|\+00:00)$/;

/** Outbound datasets (ERP to planner): paged batches completed by a manifest. */
export function datasetRoutes(deps: RouteDeps): Route[] {
  const { service } = deps;
  return [
    {
      method: 'GET',
      path: '/api/v1/datasets',
      kind: 'api',
      handler: ({ res }) => sendJson(res, 200, { items: service.datasets.status() }),
    },
    {
      method: 'GET',
      path: '/api/v1/datasets/{dataset}/batches/{batchId}',
      kind: 'api',
      handler: ({ res, params }) => {
        const dataset = datasetParam(params.dataset);
        const batch = service.batches.describe(dataset, idParam(params.batchId, 'batchId'));
        if (!batch) throw new HttpError(404, 'unknown_batch', `no batch ${params.batchId} for ${dataset}`);
        sendJson(res, 200, { batch_id: params.batchId, dataset, status: batch.status, pages_received: batch.pages });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/datasets/{dataset}/batches/{batchId}/pages/{seq}',
      kind: 'api',
      handler: async ({ req, res, params }) => {
        const dataset = datasetParam(params.dataset);
        const batchId = idParam(params.batchId, 'batchId');
        const seq = Number(params.seq);
        if (!/^\d+$/.test(params.seq) || seq < 1) throw new HttpError(400, 'invalid_seq', 'seq must be an integer from 1');
        const body = await readJson(req, deps.maxBodyBytes);
        if (!Array.isArray(body)) throw new HttpError(422, 'validation_failed', 'a page is a JSON array of records');
        const errors = validateRecords(dataset, body);
        if (errors.length > 0)
          throw new HttpError(
            422,
            'validation_failed',
            `${errors.length === 50 ? '50 or more' : errors.length} invalid field(s) in ${dataset}@1 records`,
            errors,
          );
        const outcome = service.batches.addPage(dataset, batchId, seq, body);
        if (outcome.kind === 'conflict')
          throw new HttpError(409, 'page_conflict', `page ${seq} of batch ${batchId} was already received with different content`);
        if (outcome.kind === 'completed') throw new HttpError(409, 'batch_completed', `batch ${batchId} is already completed`);
        sendJson(res, 200, { batch_id: batchId, dataset, seq, received: outcome.received, duplicate: outcome.kind === 'duplicate' });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/datasets/{dataset}/batches/{batchId}/manifest',
      kind: 'api',
      handler: async ({ req, res, params }) => {
        const dataset = datasetParam(params.dataset);
        const batchId = idParam(params.batchId, 'batchId');
        const manifest = parseManifest(await readJson(req, deps.maxBodyBytes), dataset, batchId);
        const outcome = service.batches.complete(dataset, batchId, manifest);
        if (outcome.kind === 'conflict') throw new HttpError(409, 'batch_completed', `batch ${batchId} was completed with a different manifest`);
        if (outcome.kind === 'mismatch') throw new HttpError(422, 'manifest_mismatch', 'the manifest does not match the pages received', outcome.mismatches);
        if (outcome.kind === 'completed') {
          service.datasets.replace(dataset, outcome.records as PlanInput[DatasetName], {
            batch_id: batchId,
            checksum: manifest.checksum.toLowerCase(),
            as_of: manifest.as_of,
            interface_version: manifest.interface_version,
            completed_at: service.nowIso(),
            via: 'rest',
          });
        }
        sendJson(res, 200, { ...manifest, status: 'completed', duplicate: outcome.kind === 'duplicate' });
      },
    },
  ];
}

export function datasetParam(value: string): DatasetName {
  if (!isDatasetName(value)) throw new HttpError(404, 'unknown_dataset', `unknown dataset ${value}`);
  return value;
}

export function idParam(value: string, name: string): string {
  if (!ID_PATTERN.test(value))
    throw new HttpError(400, `invalid_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, `${name} must match ${ID_PATTERN.source}`);
  return value;
}

function parseManifest(body: unknown, dataset: DatasetName, batchId: string): Manifest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(422, 'validation_failed', 'the manifest is a JSON object');
  const m = body as Record<string, unknown>;
  const errors: string[] = [];
  if (m.batch_id !== batchId) errors.push(`batch_id must be ${batchId}`);
  if (m.dataset !== dataset) errors.push(`dataset must be ${dataset}`);
  if (!Number.isInteger(m.pages) || (m.pages as number) < 0) errors.push('pages: integer >= 0');
  if (!Number.isInteger(m.row_count) || (m.row_count as number) < 0) errors.push('row_count: integer >= 0');
  if (typeof m.checksum !== 'string' || !/^[0-9a-fA-F]{64}$/.test(m.checksum)) errors.push('checksum: sha256 as 64 hex digits');
  if (typeof m.as_of !== 'string' || !DATE_TIME.test(m.as_of)) errors.push('as_of: UTC date-time');
  if (typeof m.interface_version !== 'string' || !SUPPORTED_INTERFACE.test(m.interface_version)) errors.push('interface_version: "1" (or 1.x) is supported');
  const known = new Set(['batch_id', 'dataset', 'pages', 'row_count', 'checksum', 'as_of', 'interface_version']);
  for (const key of Object.keys(m)) if (!known.has(key)) errors.push(`${key}: unknown field`);
  if (errors.length > 0) throw new HttpError(422, 'validation_failed', 'invalid manifest', errors);
  return m as unknown as Manifest;
}
