import type { KeyHolder } from '../../ledger/idempotency';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import { orderRequests } from '../map/orders';
import type { WmsClient } from '../client/wms-client';
import type { WmsOrderRequest } from '../client/types';

export interface OrderResult {
  external_id: string;
  order_id: string | null;
  /** created: new in the WMS; existing: the WMS had it (a retry after a lost answer); duplicate: the ledger had it done; in_progress: another message holds it. */
  action: 'created' | 'existing' | 'duplicate' | 'in_progress';
}

export const orderKey = (externalId: string): string => `wms:order:${externalId}`;

/**
 * Sends orders once. Each external_id is claimed in the ledger before the WMS is called and completed
 * with the WMS order id after; the WMS is idempotent on external_id too, so an order whose answer was
 * lost (crash, timeout) comes back as "existing" instead of twice. When a call fails, the keys not
 * completed are released so a retry or replay can send those orders.
 */
export async function sendOrders(client: WmsClient, ledger: Ledger, orders: WmsOrderRequest[], holder: KeyHolder): Promise<OrderResult[]> {
  const claim = await ledger.idempotency.claim(
    orders.map((o) => orderKey(o.external_id)),
    holder,
  );
  const results: OrderResult[] = [];
  try {
    for (const order of orders) {
      const settled = claim.skip.get(orderKey(order.external_id));
      if (settled) {
        const outcome = (settled.outcome ?? {}) as { order_id?: string };
        results.push({
          external_id: order.external_id,
          order_id: outcome.order_id ?? null,
          action: settled.state === 'completed' ? 'duplicate' : 'in_progress',
        });
        continue;
      }
      const { order: created, created: isNew } = await client.createOrder(order);
      await claim.complete([{ key: orderKey(order.external_id), outcome: { order_id: created.order_id } }]);
      results.push({ external_id: order.external_id, order_id: created.order_id, action: isNew ? 'created' : 'existing' });
    }
  } catch (err) {
    await claim.release();
    throw err;
  }
  return results;
}

const count = (results: OrderResult[], action: OrderResult['action']): number => results.filter((r) => r.action === action).length;

/** wms-transfer: the message's transfer orders, sent once each; the results replace the payload. Answers the status text. */
export async function sendTransfer(client: WmsClient, ledger: Promise<Ledger>, msg: LedgerMessage): Promise<string> {
  const results = await sendOrders(client, await ledger, orderRequests(msg.payload), msg);
  msg.payload = Array.isArray(msg.payload) ? results : results[0];
  return `${count(results, 'created')} created, ${count(results, 'existing') + count(results, 'duplicate')} sent before`;
}
