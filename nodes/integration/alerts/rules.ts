import type { AlertSeverity } from '../../ledger/store/alert-types';

/** What a rule concludes about one record: the alert is active (raise or repeat) or cleared (resolve). */
export interface AlertFinding {
  key: string;
  type: string;
  active: boolean;
  severity: AlertSeverity;
  message: string;
  sku?: string | null;
  location?: string | null;
  supplier?: string | null;
  details?: Record<string, unknown>;
}

export type RuleName = 'stockout_risk' | 'supplier_delay' | 'master_data' | 'forecast_import' | 'dead_letter_growth' | 'api_throttling' | 'custom';

type Rec = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * Stockout risk: on hand plus in transit minus the open demand due within the lead time falls below
 * safety stock. Input: {sku, location, on_hand, in_transit, open_demand, safety_stock, lead_time_days?, uom?}.
 */
export function stockoutRisk(r: Rec): AlertFinding | undefined {
  const sku = str(r.sku);
  const location = str(r.location);
  const onHand = num(r.on_hand);
  const safety = num(r.safety_stock);
  if (!sku || !location || onHand === undefined || safety === undefined) return undefined;
  const projected = onHand + (num(r.in_transit) ?? 0) - (num(r.open_demand) ?? 0);
  const uom = str(r.uom) ?? '';
  const within = num(r.lead_time_days) !== undefined ? ` within the ${num(r.lead_time_days)}-day lead time` : '';
  return {
    key: `stockout_risk:${sku}:${location}`,
    type: 'stockout_risk',
    active: projected < safety,
    severity: projected <= 0 ? 'critical' : 'warning',
    message: `${sku} at ${location}: projected ${projected} ${uom} below safety stock ${safety} ${uom}${within}`.replace(/ {2}/g, ' '),
    sku,
    location,
    details: { projected, safety_stock: safety, on_hand: onHand, in_transit: num(r.in_transit) ?? 0, open_demand: num(r.open_demand) ?? 0 },
  };
}

/**
 * Supplier delay: a date the supplier gives (acknowledged promise, ship notice arrival) is later than
 * the purchase order's. Input: {po_id, supplier, expected_date (the PO's), promised_date | expected_at, sku?}.
 */
export function supplierDelay(r: Rec): AlertFinding | undefined {
  const po = str(r.po_id);
  const ordered = str(r.expected_date);
  const given = str(r.promised_date) ?? str(r.expected_at);
  if (!po || !ordered || !given) return undefined;
  const lateDays = Math.round((Date.parse(given.slice(0, 10)) - Date.parse(ordered.slice(0, 10))) / 86_400_000);
  const sku = str(r.sku) ?? null;
  return {
    key: `supplier_delay:${po}${sku ? `:${sku}` : ''}`,
    type: 'supplier_delay',
    active: lateDays > 0,
    severity: lateDays > 7 ? 'critical' : 'warning',
    message: `${po}${sku ? ` ${sku}` : ''}: ${str(r.supplier) ?? 'the supplier'} now gives ${given.slice(0, 10)}, ${lateDays} day(s) after the ordered ${ordered.slice(0, 10)}`,
    sku,
    supplier: str(r.supplier) ?? null,
    details: { po_id: po, ordered_date: ordered, supplier_date: given, late_days: lateDays },
  };
}

/**
 * Master data: a record rejected for a missing lead time or an unknown unit (pb-validate's output 2:
 * {index, record, problems}). One alert per item and rule; a later valid record does not clear it
 * (the rejection is the only signal), so a planner resolves it.
 */
export function masterData(r: Rec): AlertFinding[] {
  const record = (r.record ?? {}) as Rec;
  const problems = Array.isArray(r.problems) ? (r.problems as Array<{ rule?: string; path?: string; message?: string }>) : [];
  return problems
    .filter((p) => p.rule === 'lead-time-present' || p.rule === 'uom-known')
    .map((p) => ({
      key: `master_data:${p.rule}:${str(record.sku) ?? '?'}${str(record.supplier) ? `:${str(record.supplier)}` : ''}`,
      type: 'master_data',
      active: true,
      severity: 'warning' as const,
      message: `${str(record.sku) ?? 'a record'}${str(record.supplier) ? ` from ${str(record.supplier)}` : ''}: ${p.message ?? p.rule}`,
      sku: str(record.sku) ?? null,
      supplier: str(record.supplier) ?? null,
      details: { rule: p.rule, path: p.path },
    }));
}

/** Forecast import: {status: ok | late | failed, plan_id?, detail?}; ok clears the open one. */
export function forecastImport(r: Rec): AlertFinding | undefined {
  const status = str(r.status);
  if (!status) return undefined;
  return {
    key: 'forecast_import',
    type: 'forecast_import',
    active: status !== 'ok',
    severity: status === 'failed' ? 'critical' : 'warning',
    message: status === 'ok' ? `Forecast import ${str(r.plan_id) ?? ''} completed` : `Forecast import ${status}${str(r.detail) ? `: ${str(r.detail)}` : ''}`,
    details: { plan_id: str(r.plan_id) ?? null, status },
  };
}

/** Dead-letter growth: open dead letters at or above a threshold. Input: {open, threshold}. */
export function deadLetterGrowth(r: Rec): AlertFinding | undefined {
  const open = num(r.open);
  const threshold = num(r.threshold) ?? 1;
  if (open === undefined) return undefined;
  return {
    key: 'dead_letter_growth',
    type: 'dead_letter_growth',
    active: open >= threshold,
    severity: open >= threshold * 10 ? 'critical' : 'warning',
    message: `${open} dead letter(s) wait for replay or resolution (threshold ${threshold})`,
    details: { open, threshold },
  };
}

/** API throttling: a target's circuit is open or it answers 429. Input: {target, state: open | half-open | closed | rate_limited}. */
export function apiThrottling(r: Rec): AlertFinding | undefined {
  const target = str(r.target);
  const state = str(r.state);
  if (!target || !state) return undefined;
  return {
    key: `api_throttling:${target}`,
    type: 'api_throttling',
    active: state !== 'closed',
    severity: state === 'open' ? 'critical' : 'warning',
    message: state === 'closed' ? `${target} answers again` : `${target}: ${state === 'rate_limited' ? 'rate limited (429)' : `circuit ${state}`}`,
    details: { target, state },
  };
}

/** Custom: the record is the alert, {key, type, severity, message, ...}; `clear: true` resolves it. */
export function custom(r: Rec): AlertFinding | undefined {
  const key = str(r.key);
  if (!key) return undefined;
  const severity = r.severity === 'critical' || r.severity === 'info' ? r.severity : 'warning';
  return {
    key,
    type: str(r.type) ?? 'custom',
    active: r.clear !== true,
    severity,
    message: str(r.message) ?? key,
    sku: str(r.sku) ?? null,
    location: str(r.location) ?? null,
    supplier: str(r.supplier) ?? null,
    details: typeof r.details === 'object' && r.details !== null ? (r.details as Record<string, unknown>) : undefined,
  };
}

/** The findings of a rule for one input record. */
export function evaluate(rule: RuleName, record: Rec): AlertFinding[] {
  switch (rule) {
    case 'stockout_risk':
      return [stockoutRisk(record)].filter((f): f is AlertFinding => !!f);
    case 'supplier_delay':
      return [supplierDelay(record)].filter((f): f is AlertFinding => !!f);
    case 'master_data':
      return masterData(record);
    case 'forecast_import':
      return [forecastImport(record)].filter((f): f is AlertFinding => !!f);
    case 'dead_letter_growth':
      return [deadLetterGrowth(record)].filter((f): f is AlertFinding => !!f);
    case 'api_throttling':
      return [apiThrottling(record)].filter((f): f is AlertFinding => !!f);
    default:
      return [custom(record)].filter((f): f is AlertFinding => !!f);
  }
}
