import { FEEDBACK_STATUSES } from './feedback';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|\+00:00)$/;
const FIELDS = new Set(['recommendation_id', 'plan_version', 'status', 'approved_qty', 'reason_code', 'odoo_refs', 'decided_by', 'at']);

/** Problems with one feedback body, empty when it is valid. edited needs approved_qty (the changed quantity). */
export function feedbackErrors(body: unknown): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['feedback must be an object'];
  const f = body as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of Object.keys(f)) if (!FIELDS.has(key)) errors.push(`${key}: unknown field`);
  if (typeof f.recommendation_id !== 'string' || f.recommendation_id === '') errors.push('recommendation_id: required string');
  if (!Number.isInteger(f.plan_version) || (f.plan_version as number) < 1) errors.push('plan_version: required integer >= 1');
  if (!(FEEDBACK_STATUSES as readonly unknown[]).includes(f.status)) errors.push(`status: one of ${FEEDBACK_STATUSES.join(', ')}`);
  if (f.approved_qty !== undefined && f.approved_qty !== null && !(typeof f.approved_qty === 'number' && f.approved_qty >= 0))
    errors.push('approved_qty: number >= 0 or null');
  if (f.status === 'edited' && typeof f.approved_qty !== 'number') errors.push('approved_qty: required for status edited');
  for (const key of ['reason_code', 'decided_by']) {
    if (f[key] !== undefined && f[key] !== null && typeof f[key] !== 'string') errors.push(`${key}: string or null`);
  }
  if (typeof f.at !== 'string' || !DATE_TIME.test(f.at) || Number.isNaN(Date.parse(f.at))) errors.push('at: required UTC date-time');
  if (f.odoo_refs !== undefined) errors.push(...refErrors(f.odoo_refs));
  return errors;
}

function refErrors(refs: unknown): string[] {
  if (!Array.isArray(refs)) return ['odoo_refs: array of {model, id, name}'];
  const errors: string[] = [];
  refs.forEach((ref, i) => {
    const r = ref as Record<string, unknown> | null;
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return void errors.push(`odoo_refs[${i}]: object`);
    if (typeof r.model !== 'string') errors.push(`odoo_refs[${i}].model: string`);
    if (!Number.isInteger(r.id)) errors.push(`odoo_refs[${i}].id: integer`);
    if (r.name !== undefined && r.name !== null && typeof r.name !== 'string') errors.push(`odoo_refs[${i}].name: string or null`);
    for (const key of Object.keys(r)) if (!['model', 'id', 'name'].includes(key)) errors.push(`odoo_refs[${i}].${key}: unknown field`);
  });
  return errors;
}
