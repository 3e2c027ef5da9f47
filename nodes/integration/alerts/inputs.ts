/**
 * Inputs a rule can take other than its own record shape: what arrives from Odoo and the planner,
 * turned into the rule's records. Pure functions; what they remember between messages (safety
 * stocks, promised dates) is passed in and handed back, and the node keeps it.
 */

type Rec = Record<string, unknown>;

/** records: the rule's own shape; stock: stock_snapshot@1 with stock_policy@1; odoo-purchase: Odoo purchase.order records. */
export type AlertInput = 'records' | 'stock' | 'odoo-purchase';

export interface SafetyStock {
  safety_stock: number;
  uom: string;
  plan_id: string | null;
  plan_version: number | null;
}

/** Safety stock per item and location (`sku@location`), from the planner's stock policies. */
export type SafetyStocks = Record<string, SafetyStock>;

/** The date each confirmed purchase order was promised for, by Odoo record id. */
export interface PromisedDate {
  po: string;
  date: string;
  /** The vendor's name, when a search gave it (a webhook sends only its id). */
  supplier?: string;
}
export type PromisedDates = Record<string, PromisedDate>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const itemAt = (sku: string, location: string): string => `${sku}@${location}`;

/** A stock_policy@1 record (the planner's target levels), not a snapshot row. */
export function isStockPolicy(r: Rec): boolean {
  return !!str(r.sku) && !!str(r.location) && num(r.safety_stock) !== undefined && num(r.reorder_point) !== undefined;
}

/** Adds the policies' safety stocks to `known` (the latest policy of an item-location wins) and returns it. */
export function rememberSafetyStocks(known: SafetyStocks, policies: Rec[]): SafetyStocks {
  for (const p of policies) {
    if (!isStockPolicy(p)) continue;
    known[itemAt(p.sku as string, p.location as string)] = {
      safety_stock: p.safety_stock as number,
      uom: str(p.uom) ?? '',
      plan_id: str(p.plan_id) ?? null,
      plan_version: num(p.plan_version) ?? null,
    };
  }
  return known;
}

/**
 * Stock snapshot rows joined with the known safety stocks, as the stockout rule takes them: on hand
 * plus in transit minus what is reserved for outgoing orders, against safety stock. Rows without a
 * policy, or with a policy in another unit, are skipped: there is nothing to judge them against.
 */
export function stockoutRecords(snapshots: Rec[], safety: SafetyStocks): Rec[] {
  const out: Rec[] = [];
  for (const row of snapshots) {
    const sku = str(row.sku);
    const location = str(row.location);
    const onHand = num(row.on_hand);
    if (!sku || !location || onHand === undefined) continue;
    const policy = safety[itemAt(sku, location)];
    const uom = str(row.uom) ?? '';
    if (!policy || (policy.uom && uom && policy.uom !== uom)) continue;
    out.push({
      sku,
      location,
      on_hand: onHand,
      in_transit: num(row.in_transit) ?? 0,
      open_demand: num(row.reserved) ?? 0,
      safety_stock: policy.safety_stock,
      uom,
    });
  }
  return out;
}

const CONFIRMED = new Set(['purchase', 'done']);

function orderDate(v: unknown): string | undefined {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : undefined;
}

/** Odoo's vendor as [id, name] (a search); a webhook sends only the id. */
function vendorName(partner: unknown): string | undefined {
  return Array.isArray(partner) && typeof partner[1] === 'string' ? partner[1] : undefined;
}

/**
 * Odoo purchase.order records (from odoo-search, or odoo-webhook's body) as the supplier-delay rule
 * takes them. The promised date is the order's expected arrival (`date_planned`) when planbridge
 * first sees it confirmed; a later `date_planned` is the supplier's new date. A cancelled or fully
 * received order is judged once more against its promise (which clears its alert) and forgotten.
 * Records of another model (`_model`) are ignored. Adds to and deletes from `promised`.
 */
export function supplierDelayRecords(orders: Rec[], promised: PromisedDates): Rec[] {
  const out: Rec[] = [];
  for (const order of orders) {
    if (order._model !== undefined && order._model !== 'purchase.order') continue;
    const id = order.id ?? order._id;
    if (typeof id !== 'number' && typeof id !== 'string') continue;
    const key = String(id);
    const state = str(order.state);
    const planned = orderDate(order.date_planned);
    const known = promised[key];
    const po = str(order.name) ?? known?.po ?? `PO #${key}`;
    const named = vendorName(order.partner_id) ?? known?.supplier;
    const supplier = named ?? (typeof order.partner_id === 'number' ? `partner #${order.partner_id}` : undefined);
    // A locked order (done before 19, locked since) may still wait for its goods: only cancelled or received ones close.
    const closed = state === 'cancel' || order.receipt_status === 'full';
    if (closed || !state || !CONFIRMED.has(state) || !planned) {
      // Only orders known to be confirmed are judged; a record without a state (a webhook sending few fields) changes nothing.
      if (known && (closed || (state && !CONFIRMED.has(state)))) {
        out.push({ po_id: known.po, supplier, expected_date: known.date, expected_at: known.date });
        delete promised[key];
      }
      continue;
    }
    const date = known?.date ?? planned;
    promised[key] = { po, date, ...(named ? { supplier: named } : {}) };
    out.push({ po_id: po, supplier, expected_date: date, expected_at: planned });
  }
  return out;
}

const INPUT_RULES: Record<Exclude<AlertInput, 'records'>, string> = { stock: 'stockout_risk', 'odoo-purchase': 'supplier_delay' };

/** The node's input setting, checked against its rule; undefined when they do not go together. */
export function alertInput(rule: string, setting: string | undefined): AlertInput | undefined {
  if (!setting || setting === 'records') return 'records';
  const wanted = INPUT_RULES[setting as Exclude<AlertInput, 'records'>];
  return wanted === rule ? (setting as AlertInput) : undefined;
}

/** Where an input keeps what it remembers, in the node's context. */
export const INPUT_MEMORY_KEY: Record<Exclude<AlertInput, 'records'>, string> = { stock: 'safety-stocks', 'odoo-purchase': 'promised-dates' };

/** The rule's records for one message's records, given (and updating) what the input remembers. */
export function recordsFor(input: AlertInput, records: Rec[], known: Record<string, unknown>): Rec[] {
  if (input === 'stock') {
    const safety = rememberSafetyStocks(known as SafetyStocks, records.filter(isStockPolicy));
    return stockoutRecords(
      records.filter((r) => !isStockPolicy(r)),
      safety,
    );
  }
  if (input === 'odoo-purchase') return supplierDelayRecords(records, known as PromisedDates);
  return records;
}
