import type { ComparedRow } from '../../ledger/store/snapshot-types';
import { toleranceFor, within, type TolerancePolicy } from './tolerance';

/** One item at one location where the sides disagree beyond tolerance. */
export interface Difference {
  sku: string;
  location: string;
  category: string | null;
  /** Quantity per side; null where the side has no row. */
  quantities: Record<string, number | null>;
  /** Each side's quantity minus the reference's (a missing row counts as 0). */
  deltas: Record<string, number>;
  /** The largest of the deltas by size, with its sign. */
  delta: number;
  unit_cost: number | null;
  /** |delta| × unit cost, when a unit cost is known. */
  value: number | null;
  /** The sides that disagree with the reference (the reference itself when it has no row). */
  differs: string[];
  /** The sides with no row. */
  missing: string[];
}

/**
 * Judges one compared row. The first side is the reference: another side differs when exactly one
 * of the two has no row, or when its quantity is beyond the tolerance of the row's category.
 * Returns null when nothing differs.
 */
export function judge(row: ComparedRow, sides: string[], policy: TolerancePolicy): Difference | null {
  const [reference, ...others] = row.quantities;
  const tolerance = toleranceFor(policy, row.category);
  const differs: string[] = [];
  others.forEach((q, i) => {
    if (q === null && reference === null) return;
    if (q === null || reference === null || !within(q - reference, reference, tolerance)) differs.push(sides[i + 1]);
  });
  if (!differs.length) return null;
  if (reference === null) differs.unshift(sides[0]);
  const quantities: Record<string, number | null> = {};
  const deltas: Record<string, number> = {};
  let delta = 0;
  sides.forEach((side, i) => {
    const q = row.quantities[i];
    quantities[side] = q;
    if (i === 0) return;
    deltas[side] = round((q ?? 0) - (reference ?? 0));
    if (Math.abs(deltas[side]) > Math.abs(delta)) delta = deltas[side];
  });
  return {
    sku: row.sku,
    location: row.location,
    category: row.category,
    quantities,
    deltas,
    delta,
    unit_cost: row.unitCost,
    value: row.unitCost === null ? null : round(Math.abs(delta) * row.unitCost),
    differs,
    missing: sides.filter((_, i) => row.quantities[i] === null),
  };
}

// Sums of decimals stored as doubles: round away the binary noise, not real precision.
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
