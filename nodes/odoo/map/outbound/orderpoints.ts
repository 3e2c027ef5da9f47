import type { StockPolicy } from '../../../canonical/contracts';
import { InputError } from '../../../lib/errors';
import type { MappingContext, WarehouseInfo } from '../context';
import { many2oneId } from '../values';
import { groupBy, productFor, warehouseFor } from './shared';

const MODEL = 'stock.warehouse.orderpoint';

export interface OrderpointResult {
  sku: string;
  location: string;
  action: 'created' | 'updated' | 'unchanged';
  orderpoint_id: number;
}

interface Target {
  productId: number;
  warehouse: WarehouseInfo;
  min: number;
  max: number;
  action?: OrderpointResult['action'];
  id?: number;
}

/** Odoo stores quantities as floats; a difference below a millionth is no difference. */
function same(a: unknown, b: number): boolean {
  return typeof a === 'number' && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
}

/** One target per product and warehouse stock location; policies of a page that name the same pair must agree. */
function targetsOf(
  policies: StockPolicy[],
  products: Awaited<ReturnType<MappingContext['productsBySku']>>,
  warehouses: WarehouseInfo[],
): { targets: Map<string, Target>; keys: string[] } {
  const targets = new Map<string, Target>();
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

/**
 * Stock policies become reordering rules on each warehouse's stock location: product_min_qty is the
 * reorder point, product_max_qty the order-up-to level. Existing rules are found in one search, only
 * those whose levels differ are written (one write per distinct pair of levels), missing ones are
 * created in one call with the manual trigger (the planner orders, through approval, not Odoo's
 * scheduler); on existing rules the trigger and every other field are left as they are. Odoo's unique
 * rule per product and location counts archived rules too, so an archived rule is reactivated with the
 * new levels instead of created again. Running the same page twice changes nothing.
 */
export async function applyStockPolicies(context: MappingContext, policies: StockPolicy[]): Promise<OrderpointResult[]> {
  if (!policies.length) return [];
  const [products, warehouses] = await Promise.all([context.productsBySku(), context.warehouses()]);
  const { targets, keys } = targetsOf(policies, products, warehouses);
  const all = [...targets.values()];
  const found = await context.client.searchRead(MODEL, {
    domain: [
      ['product_id', 'in', [...new Set(all.map((t) => t.productId))]],
      ['location_id', 'in', [...new Set(all.map((t) => t.warehouse.lotStockId))]],
    ],
    fields: ['product_id', 'location_id', 'product_min_qty', 'product_max_qty', 'active'],
    order: 'id asc',
    context: { active_test: false },
  });
  const rules = new Map(found.map((r) => [`${many2oneId(r.product_id)}:${many2oneId(r.location_id)}`, r]));

  const toWrite: Array<{ target: Target; reactivate: boolean }> = [];
  const toCreate: Target[] = [];
  for (const [key, target] of targets) {
    const rule = rules.get(key);
    if (!rule) {
      toCreate.push(target);
      continue;
    }
    target.id = rule.id;
    const active = rule.active !== false;
    target.action = active && same(rule.product_min_qty, target.min) && same(rule.product_max_qty, target.max) ? 'unchanged' : 'updated';
    if (target.action === 'updated') toWrite.push({ target, reactivate: !active });
  }
  for (const group of groupBy(toWrite, (w) => `${w.target.min}|${w.target.max}`).values()) {
    const vals: Record<string, unknown> = { product_min_qty: group[0].target.min, product_max_qty: group[0].target.max };
    if (group.some((w) => w.reactivate)) vals.active = true;
    await context.client.write(
      MODEL,
      group.map((w) => w.target.id as number),
      vals,
    );
  }
  if (toCreate.length) {
    const ids = await context.client.create(
      MODEL,
      toCreate.map((t) => ({
        product_id: t.productId,
        location_id: t.warehouse.lotStockId,
        warehouse_id: t.warehouse.id,
        ...(t.warehouse.companyId ? { company_id: t.warehouse.companyId } : {}),
        product_min_qty: t.min,
        product_max_qty: t.max,
        // The planner orders (through approval); a rule we create must not also order on its own.
        trigger: 'manual',
      })),
    );
    toCreate.forEach((t, i) => {
      t.action = 'created';
      t.id = ids[i];
    });
  }
  return policies.map((policy, i) => {
    const target = targets.get(keys[i]) as Target;
    return { sku: policy.sku, location: policy.location, action: target.action as OrderpointResult['action'], orderpoint_id: target.id as number };
  });
}
