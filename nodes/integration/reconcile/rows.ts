import { InputError } from '../../lib/errors';
import type { SnapshotRow } from '../../ledger/store/snapshot-types';

export const QUANTITY_FIELDS = ['on_hand', 'available', 'reserved', 'in_transit'] as const;
export type QuantityField = (typeof QUANTITY_FIELDS)[number];

export interface RowContext {
  quantity: QuantityField;
  /** sku → category, for records without one. */
  categories: Record<string, string>;
  /** sku → unit cost, for records without one. */
  unitCosts: Record<string, number>;
}

type Rec = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * stock_snapshot@1 records as the rows the ledger keeps. Any bad record refuses the whole page,
 * with the first few problems, so a page is never half-counted.
 */
export function toSnapshotRows(records: unknown, context: RowContext): SnapshotRow[] {
  if (!Array.isArray(records)) throw new InputError('msg.payload must be an array of stock_snapshot@1 records', 'RECONCILE_BAD_PAGE');
  const rows: SnapshotRow[] = [];
  const problems: Array<{ index: number; problem: string }> = [];
  records.forEach((value, index) => {
    const r = (value && typeof value === 'object' ? value : {}) as Rec;
    const sku = text(r.sku);
    const location = text(r.location);
    const quantity = finite(r[context.quantity]);
    if (!sku || !location || quantity === undefined) {
      problems.push({ index, problem: !sku ? 'no sku' : !location ? 'no location' : `no number in ${context.quantity}` });
      return;
    }
    const cost = finite(r.unit_cost) ?? finite(context.unitCosts[sku]);
    rows.push({ sku, location, quantity, unitCost: cost ?? null, category: text(r.category) ?? text(context.categories[sku]) ?? null });
  });
  if (problems.length) {
    const first = problems
      .slice(0, 5)
      .map((p) => `record ${p.index}: ${p.problem}`)
      .join('; ');
    throw new InputError(`${problems.length} record(s) of the page cannot be reconciled: ${first}`, 'RECONCILE_BAD_RECORD', {
      problems: problems.slice(0, 20),
    });
  }
  return rows;
}

/** A map of sku → value from a message property or a node field; anything else is no map. */
export function lookupMap<T>(value: unknown, accept: (v: unknown) => v is T): Record<string, T> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, T> = {};
  for (const [key, v] of Object.entries(value as Rec)) if (accept(v)) out[key] = v;
  return out;
}

export const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';
export const isCost = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
