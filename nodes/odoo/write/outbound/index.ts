import type { ReplenishmentRecommendation, StockPolicy } from '../../../canonical/contracts';
import type { MappingContext } from '../../map/context';
import { applyStockPolicies } from './orderpoints';
import { createPurchaseOrders } from './purchase-orders';
import { createTransfers } from './transfers';

/**
 * The canonical inputs odoo-write maps to Odoo documents: 'purchase_orders' turns approved
 * replenishment_recommendation@1 records of type purchase into RFQs, 'transfers' those of type transfer
 * into internal transfers, 'orderpoints' stock_policy@1 records into reordering rules.
 */
export type OutboundMapping = 'purchase_orders' | 'transfers' | 'orderpoints';

type Outbound = (context: MappingContext, records: unknown[]) => Promise<{ results: unknown[]; status: string }>;

const count = (results: Array<{ action: string }>, action: string): number => results.filter((r) => r.action === action).length;

const OUTBOUND: Record<OutboundMapping, Outbound> = {
  purchase_orders: async (context, records) => {
    const results = await createPurchaseOrders(context, records as ReplenishmentRecommendation[]);
    return { results, status: `${count(results, 'created')} lines ordered, ${count(results, 'existing')} already in Odoo` };
  },
  transfers: async (context, records) => {
    const results = await createTransfers(context, records as ReplenishmentRecommendation[]);
    return { results, status: `${count(results, 'created')} moves created, ${count(results, 'existing')} already in Odoo` };
  },
  orderpoints: async (context, records) => {
    const results = await applyStockPolicies(context, records as StockPolicy[]);
    return { results, status: `${count(results, 'created')} rules created, ${count(results, 'updated')} updated, ${count(results, 'unchanged')} unchanged` };
  },
};

export function isOutboundMapping(name: string): name is OutboundMapping {
  return Object.hasOwn(OUTBOUND, name);
}

/** Creates the documents of a page of canonical records; answers one result per record and the status text. */
export function writeOutbound(mapping: OutboundMapping, context: MappingContext, payload: unknown): Promise<{ results: unknown[]; status: string }> {
  return OUTBOUND[mapping](context, Array.isArray(payload) ? payload : [payload]);
}
