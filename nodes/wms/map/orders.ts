import { InputError } from '../../lib/errors';
import type { WmsOrderRequest } from '../client/types';

/**
 * What wms-transfer takes in msg.payload (one, or an array): a transfer between two locations or an
 * inbound receipt. `external_id` is the business key (e.g. recommendation id + plan version): it is
 * the idempotency key in the ledger and the order's external_id in the WMS.
 */
export interface WmsOrderInput {
  external_id: string;
  kind: 'transfer' | 'receipt';
  /** Required for a transfer. */
  from_location?: string;
  to_location: string;
  /** YYYY-MM-DD */
  expected_date?: string;
  supplier_ref?: string;
  lines: Array<{ sku: string; quantity: number; uom?: string }>;
}

const text = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Checks one input order; all its problems in one error with a stable code. */
export function toOrderRequest(input: unknown, index = 0): WmsOrderRequest {
  const o = (input ?? {}) as Partial<WmsOrderInput>;
  const problems: string[] = [];
  if (!text(o.external_id) || o.external_id.length > 128) problems.push('external_id: required, up to 128 characters');
  if (o.kind !== 'transfer' && o.kind !== 'receipt') problems.push('kind: transfer or receipt');
  if (!text(o.to_location)) problems.push('to_location: required');
  if (o.kind === 'transfer' && !text(o.from_location)) problems.push('from_location: required for a transfer');
  if (o.kind === 'transfer' && text(o.from_location) && o.from_location === o.to_location) problems.push('from_location: must differ from to_location');
  if (o.expected_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(o.expected_date))) problems.push('expected_date: YYYY-MM-DD');
  const lines = Array.isArray(o.lines) ? o.lines : [];
  if (!lines.length) problems.push('lines: at least one');
  lines.forEach((l, i) => {
    if (!text(l?.sku)) problems.push(`lines[${i}].sku: required`);
    if (typeof l?.quantity !== 'number' || !Number.isFinite(l.quantity) || l.quantity <= 0) problems.push(`lines[${i}].quantity: a number above 0`);
  });
  if (problems.length) {
    throw new InputError(`Order ${index}${text(o.external_id) ? ` (${o.external_id})` : ''} is not valid: ${problems.join('; ')}`, 'WMS_ORDER_INVALID', {
      index,
      problems,
    });
  }
  const request: WmsOrderRequest = {
    external_id: o.external_id as string,
    type: o.kind as WmsOrderInput['kind'],
    destination_location: o.to_location as string,
    lines: lines.map((l, i) => ({ line_no: i + 1, sku: l.sku, quantity: l.quantity, uom: l.uom || 'EA' })),
  };
  if (o.kind === 'transfer') request.source_location = o.from_location;
  if (o.expected_date) request.expected_date = o.expected_date;
  if (o.supplier_ref) request.supplier_ref = o.supplier_ref;
  return request;
}

/** Every order of a payload, checked before any is sent, so a bad one stops the page instead of half of it. */
export function orderRequests(payload: unknown): WmsOrderRequest[] {
  const inputs = Array.isArray(payload) ? payload : [payload];
  const requests = inputs.map((o, i) => toOrderRequest(o, i));
  const seen = new Set<string>();
  for (const r of requests) {
    if (seen.has(r.external_id))
      throw new InputError(`external_id ${r.external_id} appears twice in one message`, 'WMS_ORDER_INVALID', { external_id: r.external_id });
    seen.add(r.external_id);
  }
  return requests;
}
