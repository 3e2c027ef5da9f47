import type { Difference } from './compare';

/**
 * Drift alerts, shaped as pb-alert input for its custom rule ({key, type, severity, message, ...}).
 * Only differences above a threshold qualify; of those, the largest few are alerted one by one and
 * the rest are counted in a single summary alert, so a bad night does not send 300,000 alerts.
 */

export interface AlertPolicy {
  /** A difference worth at least this much qualifies (when its unit cost is known). */
  minValue: number | null;
  /** A difference of at least this quantity qualifies. */
  minQuantity: number | null;
  /** At most this many alerts per item; the rest go into one summary alert. */
  cap: number;
}

export interface DriftAlert {
  key: string;
  type: 'stock_drift';
  severity: 'warning' | 'critical';
  message: string;
  sku?: string;
  location?: string;
  details: Record<string, unknown>;
}

/** With no threshold set every difference qualifies. */
export function qualifies(d: Difference, policy: AlertPolicy): boolean {
  if (policy.minValue === null && policy.minQuantity === null) return true;
  return (
    (policy.minValue !== null && d.value !== null && d.value >= policy.minValue) || (policy.minQuantity !== null && Math.abs(d.delta) >= policy.minQuantity)
  );
}

// Ten times a threshold is critical.
function severity(d: Difference, policy: AlertPolicy): DriftAlert['severity'] {
  const big =
    (policy.minValue !== null && d.value !== null && d.value >= 10 * policy.minValue) ||
    (policy.minQuantity !== null && Math.abs(d.delta) >= 10 * policy.minQuantity);
  return big ? 'critical' : 'warning';
}

/** Larger value first; differences without a cost rank by quantity after those with one. */
function rank(a: Difference, b: Difference): number {
  return (b.value ?? -1) - (a.value ?? -1) || Math.abs(b.delta) - Math.abs(a.delta);
}

/** Keeps the `cap` largest qualifying differences seen, and counts all that qualified. */
export class AlertSelection {
  private readonly top: Difference[] = [];
  qualified = 0;

  constructor(private readonly policy: AlertPolicy) {}

  offer(d: Difference): void {
    if (!qualifies(d, this.policy)) return;
    this.qualified += 1;
    if (this.policy.cap <= 0) return;
    if (this.top.length >= this.policy.cap && rank(d, this.top[this.top.length - 1]) >= 0) return;
    this.top.push(d);
    this.top.sort(rank);
    if (this.top.length > this.policy.cap) this.top.pop();
  }

  /** The alerts: one per kept difference, plus a summary of the rest when some were left out. */
  alerts(run: string, scope: string, file: string | null): DriftAlert[] {
    const out: DriftAlert[] = this.top.map((d) => ({
      key: `stock_drift:${d.sku}:${d.location}`,
      type: 'stock_drift',
      severity: severity(d, this.policy),
      message: `${d.sku} at ${d.location}: ${Object.entries(d.quantities)
        .map(([side, q]) => `${side} ${q ?? 'none'}`)
        .join(', ')} (delta ${d.delta}${d.value !== null ? `, value ${d.value}` : ''})`,
      sku: d.sku,
      location: d.location,
      details: { run, quantities: d.quantities, delta: d.delta, value: d.value, differs: d.differs, missing: d.missing, category: d.category },
    }));
    const left = this.qualified - out.length;
    if (left > 0) {
      out.push({
        key: `stock_drift:${scope}:more`,
        type: 'stock_drift',
        severity: 'warning',
        message: `${left} more stock difference(s) above the alert threshold in run ${run}${file ? `; see ${file}` : ''}`,
        details: { run, qualified: this.qualified, alerted: out.length, file },
      });
    }
    return out;
  }
}
