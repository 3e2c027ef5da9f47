import { HttpError } from '../planning/rest/http';
import type { Order } from './store';

type OrderInput = Omit<Order, 'order_id' | 'status' | 'created_at'>;

const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Checks an order body against the contract; every problem is listed in one 422. */
export function validateOrder(body: unknown): OrderInput {
  const problems: string[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'invalid_body', 'the order must be a JSON object');
  const b = body as Record<string, unknown>;
  if (!text(b.external_id) || b.external_id.length > 128) problems.push('external_id: required, 1 to 128 characters');
  if (b.type !== 'transfer' && b.type !== 'receipt') problems.push('type: must be transfer or receipt');
  if (!text(b.destination_location)) problems.push('destination_location: required');
  if (b.type === 'transfer' && !text(b.source_location)) problems.push('source_location: required for a transfer');
  if (b.type === 'transfer' && text(b.source_location) && b.source_location === b.destination_location)
    problems.push('source_location: must differ from destination_location');
  const lines = Array.isArray(b.lines) ? b.lines : [];
  if (!lines.length) problems.push('lines: at least one line');
  lines.forEach((line: unknown, i) => {
    const l = (line ?? {}) as Record<string, unknown>;
    if (!text(l.sku)) problems.push(`lines[${i}].sku: required`);
    if (typeof l.quantity !== 'number' || !(l.quantity > 0)) problems.push(`lines[${i}].quantity: a number above 0`);
  });
  if (problems.length) throw new HttpError(422, 'order_invalid', 'the order does not meet the contract', problems);
  return {
    external_id: b.external_id as string,
    type: b.type as Order['type'],
    source_location: b.type === 'transfer' ? (b.source_location as string) : null,
    destination_location: b.destination_location as string,
    expected_date: text(b.expected_date) ? b.expected_date : null,
    supplier_ref: text(b.supplier_ref) ? b.supplier_ref : null,
    lines: lines.map((line: unknown, i) => {
      const l = line as Record<string, unknown>;
      return {
        line_no: typeof l.line_no === 'number' ? l.line_no : i + 1,
        sku: l.sku as string,
        quantity: l.quantity as number,
        uom: text(l.uom) ? l.uom : 'EA',
      };
    }),
  };
}
