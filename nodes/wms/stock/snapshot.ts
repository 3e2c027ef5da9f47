import { randomUUID } from 'node:crypto';
import { newEvent, type BatchInfo } from '../../canonical/envelope';
import { ConfigError } from '../../lib/errors';
import type { PagePacer } from '../../lib/backpressure';
import type { Send } from '../../lib/run-input';
import type { LedgerMessage } from '../../ledger/ledger';
import type { WmsClient } from '../client/wms-client';
import { stockPageRecords } from '../map/stock';

/**
 * Reads the WMS's stock from its first page to its last as one batch of stock_snapshot@1 pages. At most
 * a few pages are in the flow at once: a slow consumer makes the read wait. Answers the status text.
 */
export async function readStockSnapshot(client: WmsClient, pageSize: number, pacer: PagePacer, msg: LedgerMessage, emit: Send): Promise<string> {
  const batchId = randomUUID();
  const event = newEvent({
    source: 'planbridge/wms/stock',
    type: 'dev.planbridge.wms.stock_snapshot.page',
    contract: 'stock_snapshot@1',
    correlationid: msg.event?.correlationid,
  });
  let cursor: string | null = null;
  let seq = 0;
  let total = 0;
  for (;;) {
    const page = await client.stockPage(cursor, pageSize);
    const records = stockPageRecords(page);
    const last = !page.next_cursor;
    seq += 1;
    total += records.length;
    const batch: BatchInfo = { id: batchId, seq, last, count: records.length };
    pacer.emit(emit, { ...msg, payload: records, batch, event: { ...event, subject: records[0]?.snapshot_id }, topic: 'wms/stock' });
    await pacer.ready();
    if (last) break;
    cursor = page.next_cursor;
  }
  await pacer.drain();
  return `${total} stock rows, ${seq} page${seq === 1 ? '' : 's'}`;
}

/** The page size of the WMS's reads: 1 to 1000 (its contract's limit); a ConfigError otherwise. */
export function wmsPageSize(text: string | undefined): number {
  const pageSize = Number(text || 500);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new ConfigError(`The page size must be between 1 and 1000, got "${text}"`);
  return pageSize;
}
