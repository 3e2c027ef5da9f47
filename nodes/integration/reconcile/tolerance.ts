/**
 * Tolerances: how far a side may be from the reference before it counts as a difference. Absolute
 * ("0.5", in the item's unit) or percent of the reference quantity ("2%"); per category, with a
 * default for items without one or with a category that has no rule.
 */

export type Tolerance = { kind: 'absolute'; amount: number } | { kind: 'percent'; amount: number };

export interface TolerancePolicy {
  default: Tolerance;
  categories: Record<string, Tolerance>;
}

export const EXACT: Tolerance = { kind: 'absolute', amount: 0 };
// Float sums (lots adding up) must not turn 0.1 + 0.2 into a difference.
const EPSILON = 1e-9;

export function parseTolerance(text: string | undefined): Tolerance | undefined {
  const t = (text ?? '').trim();
  if (!t) return EXACT;
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(t);
  if (!m) return undefined;
  return { kind: m[2] ? 'percent' : 'absolute', amount: Number(m[1]) };
}

/** Lines of `CATEGORY = 2%` or `CATEGORY: 5` (or separated by `;`). */
export function parseCategoryTolerances(text: string | undefined): { categories: Record<string, Tolerance> } | { problem: string } {
  const categories: Record<string, Tolerance> = {};
  for (const line of (text ?? '')
    .split(/[\n;]/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^(.+?)\s*[=:]\s*(.+)$/.exec(line);
    const tolerance = m ? parseTolerance(m[2]) : undefined;
    if (!m || !tolerance) return { problem: `"${line}" is not a category tolerance like "FASTENERS = 2%" or "RAW: 5"` };
    categories[m[1]] = tolerance;
  }
  return { categories };
}

export function toleranceFor(policy: TolerancePolicy, category: string | null): Tolerance {
  return (category !== null && policy.categories[category]) || policy.default;
}

/** Whether `delta` from a reference quantity is within the tolerance. */
export function within(delta: number, reference: number, tolerance: Tolerance): boolean {
  const allowed = tolerance.kind === 'absolute' ? tolerance.amount : (tolerance.amount / 100) * Math.abs(reference);
  return Math.abs(delta) <= allowed + EPSILON;
}
