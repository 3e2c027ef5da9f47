import { randomUUID } from 'node:crypto';
import type { Ledger } from 'planbridge/ledger';
import type { CarrierClient } from '../client/carrier-client';
import type { ShipmentEta } from '../contract';
import { toShipmentEta } from '../map/shipment-eta';

export interface EtaPage {
  payload: ShipmentEta[];
  batch: { id: string; seq: number; last: boolean; count: number };
}

/**
 * Reads every page of shipments changed since the cursor kept under `cursorName`, maps them to
 * shipment_eta@1, hands each page to `deliver` (one batch) and moves the cursor only after a page was
 * delivered: a crash reads a page again at worst. A shipment that names no purchase order is set aside
 * (`unmatched`), not an error for the whole page. Answers the counts.
 */
export async function readEtas(
  client: CarrierClient,
  ledger: Ledger,
  cursorName: string,
  pageSize: number,
  deliver: (page: EtaPage) => Promise<void>,
): Promise<{ etas: number; unmatched: string[] }> {
  const batchId = randomUUID();
  let cursor = (await ledger.cursors.get(cursorName)) ?? null;
  const unmatched: string[] = [];
  let seq = 0;
  let etas = 0;
  for (;;) {
    const page = await client.shipments(cursor, pageSize);
    const records: ShipmentEta[] = [];
    page.shipments.forEach((raw, index) => {
      try {
        records.push(toShipmentEta(raw, index, client.carrier));
      } catch (err) {
        if ((err as { code?: string }).code !== 'CARRIER_SHIPMENT_NO_PO') throw err;
        unmatched.push(String((raw as { id?: unknown }).id));
      }
    });
    const last = !page.next_cursor || page.next_cursor === cursor;
    seq += 1;
    etas += records.length;
    await deliver({ payload: records, batch: { id: batchId, seq, last, count: records.length } });
    if (page.next_cursor && page.next_cursor !== cursor) {
      cursor = page.next_cursor;
      await ledger.cursors.set(cursorName, cursor);
    }
    if (last) return { etas, unmatched };
  }
}
