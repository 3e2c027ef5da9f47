import type { StockPolicy } from '../../../canonical/contracts';
import type { MappingContext } from '../../map/context';
import { existingRulesQuery, ORDERPOINT_MODEL, planRules, ruleTargets, type OrderpointResult } from '../../map/outbound/orderpoints';

/**
 * Stock policies become reordering rules on each warehouse's stock location: product_min_qty is the
 * reorder point, product_max_qty the order-up-to level (see planRules). Existing rules are found in one
 * search, only those whose levels differ are written, missing ones are created in one call. Running
 * the same page twice changes nothing.
 */
export async function applyStockPolicies(context: MappingContext, policies: StockPolicy[]): Promise<OrderpointResult[]> {
  if (!policies.length) return [];
  const [products, warehouses] = await Promise.all([context.productsBySku(), context.warehouses()]);
  const { targets, keys } = ruleTargets(policies, products, warehouses);
  const found = await context.client.searchRead(ORDERPOINT_MODEL, existingRulesQuery([...targets.values()]));
  const plan = planRules(targets, found);
  for (const { ids, vals } of plan.writes) await context.client.write(ORDERPOINT_MODEL, ids, vals);
  const created = new Map<string, number>();
  if (plan.creates.length) {
    const ids = await context.client.create(
      ORDERPOINT_MODEL,
      plan.creates.map((c) => c.vals),
    );
    plan.creates.forEach((c, i) => created.set(c.key, ids[i]));
  }
  return policies.map((policy, i) => {
    const key = keys[i];
    const id = created.get(key);
    const rule = plan.existing.get(key);
    return id !== undefined
      ? { sku: policy.sku, location: policy.location, action: 'created', orderpoint_id: id }
      : { sku: policy.sku, location: policy.location, action: rule?.action ?? 'unchanged', orderpoint_id: rule?.id as number };
  });
}
