/** Engine parameters; every default is documented in sandbox/planning/README.md. */
export interface PlanOptions {
  /** Plan date: history up to here, orders from here. A date or a UTC date-time. Required for determinism. */
  asOf: string;
  planId?: string;
  planVersion?: number;
  /** created_at on recommendations; defaults to asOf so the engine never reads the clock. */
  createdAt?: string;
  horizonWeeks?: number;
  historyWeeks?: number;
  /** Target cycle service level for safety stock. */
  serviceLevel?: number;
  /** Two-sided coverage of the forecast's lower/upper bounds. */
  intervalLevel?: number;
  reviewPeriodDays?: number;
  /** Items that will cross their reorder point within this many days are ordered now; 0 disables. */
  lookaheadDays?: number;
  /** Smoothing constant for SES, Holt's level and Croston's size and interval. */
  alpha?: number;
  /** Holt's trend smoothing constant. */
  beta?: number;
  defaultLeadTimeDays?: number;
  /** Lead-time standard deviation, as a fraction of the lead time, when item_supplier does not give it. */
  defaultLeadTimeCv?: number;
  /** A donor keeps (1 + margin) x its own order-up-to level before it gives stock away. */
  transferMargin?: number;
  transferLeadTimeDays?: number;
  /** Recommendations expire at 00:00 UTC this many days after asOf. */
  validityDays?: number;
}

export type ResolvedOptions = Required<Omit<PlanOptions, 'planId' | 'createdAt'>> & { planId: string | null; createdAt: string | null };

export const DEFAULTS = {
  planVersion: 1,
  horizonWeeks: 12,
  historyWeeks: 104,
  serviceLevel: 0.95,
  intervalLevel: 0.9,
  reviewPeriodDays: 7,
  lookaheadDays: 7,
  alpha: 0.2,
  beta: 0.1,
  defaultLeadTimeDays: 14,
  defaultLeadTimeCv: 0.25,
  transferMargin: 0.2,
  transferLeadTimeDays: 2,
  validityDays: 3,
} as const;

export function resolveOptions(options: PlanOptions): ResolvedOptions {
  const merged = { ...DEFAULTS, planId: null, createdAt: null, ...stripUndefined(options) } as ResolvedOptions;
  if (!(merged.serviceLevel > 0 && merged.serviceLevel < 1)) throw new RangeError('serviceLevel must be in (0, 1)');
  if (!(merged.intervalLevel > 0 && merged.intervalLevel < 1)) throw new RangeError('intervalLevel must be in (0, 1)');
  if (!(merged.alpha > 0 && merged.alpha <= 1) || !(merged.beta >= 0 && merged.beta <= 1)) throw new RangeError('alpha in (0, 1], beta in [0, 1]');
  if (!(merged.horizonWeeks >= 1 && merged.historyWeeks >= 1)) throw new RangeError('horizonWeeks and historyWeeks must be >= 1');
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
