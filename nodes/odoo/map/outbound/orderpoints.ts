import type { StockPolicy } from '../../../canonical/contracts';
import { InputError } from '../../../lib/errors';
import type { ProductRef, WarehouseInfo } from '../context';
import type { OdooRecord } from '../../client/types';
import { many2oneId } from '../values';
import { productFor, warehouseFor } from './shared';

export const ORDERPOINT_MODEL = 'stock.warehouse.orderpoint';

export interface OrderpointResult {
  sku: string;
  location: string;
  action: 'created' | 'updated' | 'unchanged';
  orderpoint_id: number;
}

/** The reordering rule one product and warehouse stock location should have. */
export interface RuleTarget {
  productId: number;
  warehouse: WarehouseInfo;
  min: number;
  max: number;
}

/** Odoo stores quantities as floats; a difference below a millionth is no difference. */
function same(a: unknown, b: number): boolean {
  return typeof a === 'number' && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
}

/** One target per product and warehouse stock location (by `<product>:<location>`); policies of a page that name the same pair must agree. */
export function ruleTargets(
  policies: StockPolicy[],
  products: Map<string, ProductRef>,
  warehouses: WarehouseInfo[],
): { targets: Map<string, RuleTarget>; keys: string[] } {
  const targets = new Map<string, RuleTarget>();
  const keys = policies.map((policy) => {
    const where = { sku: policy.sku, location: policy.location };
    if (policy.reorder_point > policy.order_up_to)
      throw new InputError(`The reorder point of ${policy.sku} at ${policy.location} is above its order-up-to level`, 'STOCK_POLICY_INVALID', where);
    const product = productFor(products, policy.sku);
    const warehouse = warehouseFor(warehouses, policy.location);
    const key = `${product.id}:${warehouse.lotStockId}`;
    const target = targets.get(key);
    if (!target) targets.set(key, { productId: product.id, warehouse, min: policy.reorder_point, max: policy.order_up_to });
    else if (target.min !== policy.reorder_point || target.max !== policy.order_up_to)
      throw new InputError(`Two policies of the page set different levels for ${policy.sku} at ${policy.location}`, 'STOCK_POLICY_CONFLICT', where);
    return key;
  });
  return { targets, keys };
}

/** The search for the rules the targets may already have, archived ones included. */
export function existingRulesQuery(targets: RuleTarget[]) {
  return {
    domain: [
      ['product_id', 'in', [...new Set(targets.map((t) => t.productId))]],
      ['location_id', 'in', [...new Set(targets.map((t) => t.warehouse.lotStockId))]],
    ],
    fields: ['product_id', 'location_id', 'product_min_qty', 'product_max_qty', 'active'],
    order: 'id asc',
    context: { active_test: false },
  };
}

export interface RulesPlan {
  /** One write per distinct pair of levels: the ids and the values. */
  writes: Array<{ ids: number[]; vals: Record<string, unknown> }>;
  /** The targets without a rule, and the values to create each with. */
  creates: Array<{ key: string; vals: Record<string, unknown> }>;
  /** What happens to each target that has a rule. */
  existing: Map<string, { id: number; action: 'updated' | 'unchanged' }>;
}

/**
 * What to do: rules whose levels differ are written (archived ones reactivated: Odoo's unique rule
 * per product and location counts them), missing ones created with the manual trigger (the planner
 * orders, through approval, not Odoo's scheduler); on existing rules the trigger and every other
 * field stay as they are.
 */
export function planRules(targets: Map<string, RuleTarget>, found: OdooRecord[]): RulesPlan {
  const rules = new Map(found.map((r) => [`${many2oneId(r.product_id)}:${many2oneId(r.location_id)}`, r]));
  const existing = new Map<string, { id: number; action: 'updated' | 'unchanged' }>();
  const toWrite: Array<{ id: number; target: RuleTarget; reactivate: boolean }> = [];
  const creates: RulesPlan['creates'] = [];
  for (const [key, target] of targets) {
    const rule = rules.get(key);
    if (!rule) {
      creates.push({
        key,
        vals: {
          product_id: target.productId,
          location_id: target.warehouse.lotStockId,
          warehouse_id: target.warehouse.id,
          ...(target.warehouse.companyId ? { company_id: target.warehouse.companyId } : {}),
          product_min_qty: target.min,
          product_max_qty: target.max,
          // The planner orders (through approval); a rule we create must not also order on its own.
          trigger: 'manual',
        },
      });
      continue;
    }
    const active = rule.active !== false;
    const action = active && same(rule.product_min_qty, target.min) && same(rule.product_max_qty, target.max) ? 'unchanged' : 'updated';
    existing.set(key, { id: rule.id, action });
    if (action === 'updated') toWrite.push({ id: rule.id, target, reactivate: !active });
  }
  const writes = [...Map.groupBy(toWrite, (w) => `${w.target.min}|${w.target.max}`).values()].map((group) => {
    const vals: Record<string, unknown> = { product_min_qty: group[0].target.min, product_max_qty: group[0].target.max };
    if (group.some((w) => w.reactivate)) vals.active = true;
    return { ids: group.map((w) => w.id), vals };
  });
  return { writes, creates, existing };
}
