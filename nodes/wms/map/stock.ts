import { createHash } from 'node:crypto';
import type { StockSnapshot } from '../../canonical/contracts';
import type { WmsStockPage, WmsStockRow } from '../client/types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * stock_snapshot@1 wants a UUID; a WMS whose snapshot ids are not UUIDs gets a stable one derived
 * from its id, so every page of one snapshot still shares it.
 */
export function snapshotUuid(wmsSnapshotId: string): string {
  if (UUID.test(wmsSnapshotId)) return wmsSnapshotId.toLowerCase();
  const hex = createHash('sha256').update(`wms-snapshot:${wmsSnapshotId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** One WMS stock row as stock_snapshot@1. The WMS says allocated where the contract says reserved. */
export function toStockSnapshot(row: WmsStockRow, snapshotId: string, asOf: string): StockSnapshot {
  const onHand = num(row.on_hand);
  const reserved = num(row.allocated);
  return {
    snapshot_id: snapshotId,
    as_of: asOf,
    sku: row.sku,
    location: row.location,
    uom: row.uom || 'EA',
    on_hand: onHand,
    reserved,
    // A WMS that sends available is believed (it may hold back quarantined stock); otherwise derive it.
    available: typeof row.available === 'number' ? row.available : Math.round((onHand - reserved) * 1e6) / 1e6,
    in_transit: num(row.in_transit),
    lot: row.lot ?? null,
    full: true,
    company: null,
    source: { system: 'wms', record_id: null },
  };
}

export function stockPageRecords(page: WmsStockPage): StockSnapshot[] {
  const id = snapshotUuid(page.snapshot_id);
  return page.items.map((row) => toStockSnapshot(row, id, page.as_of));
}
