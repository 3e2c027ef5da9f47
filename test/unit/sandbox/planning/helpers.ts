import type { DemandHistoryRecord, ItemRecord, ItemSupplierRecord, LocationRecord, StockSnapshotRecord } from '../../../../sandbox/planning/contracts/types';

/** Small record builders for hand-computed engine cases; every record is valid against docs/contracts.md. */
export const AS_OF = '2026-11-26T00:00:00Z';
export const UPDATED = '2026-11-20T06:00:00Z';

export function item(sku: string, extra: Partial<ItemRecord> = {}): ItemRecord {
  return { sku, name: `Item ${sku}`, uom: 'EA', status: 'active', unit_cost: 2, currency: 'EUR', updated_at: UPDATED, ...extra };
}

export function offer(sku: string, supplier: string, extra: Partial<ItemSupplierRecord> = {}): ItemSupplierRecord {
  return {
    sku,
    supplier,
    uom: 'EA',
    moq: 1,
    pack_size: 1,
    unit_cost: 1.5,
    currency: 'EUR',
    preferred: false,
    lead_time_days: 7,
    lead_time_stddev_days: 0,
    updated_at: UPDATED,
    ...extra,
  };
}

export function warehouse(code: string, extra: Partial<LocationRecord> = {}): LocationRecord {
  return { code, name: code, type: 'warehouse', active: true, updated_at: UPDATED, ...extra };
}

export function stock(sku: string, location: string, onHand: number, reserved = 0, inTransit = 0): StockSnapshotRecord {
  return {
    snapshot_id: '0b9d3c52-5b0b-4b8e-9d1f-3a8f1c0e2a71',
    as_of: '2026-11-26T02:00:00Z',
    sku,
    location,
    uom: 'EA',
    on_hand: onHand,
    reserved,
    available: onHand - reserved,
    in_transit: inTransit,
  };
}

let txn = 0;
export function demand(sku: string, location: string, date: string, quantity: number, extra: Partial<DemandHistoryRecord> = {}): DemandHistoryRecord {
  txn++;
  return { txn_id: `OUT/${txn}`, line_id: String(txn), type: 'sale', status: 'done', sku, location, date, quantity, uom: 'EA', ...extra };
}

/**
 * The same quantity on the Wednesday of each of the `weeks` complete weeks before AS_OF (a Thursday):
 * the last complete week starts Monday 2026-11-16, so the rows fall on 2026-11-18, 2026-11-11, ...
 */
export function steadyDemand(sku: string, location: string, perWeek: number, weeks = 20): DemandHistoryRecord[] {
  const lastWednesday = Date.UTC(2026, 10, 18);
  return Array.from({ length: weeks }, (_, k) =>
    demand(sku, location, new Date(lastWednesday - k * 7 * 86_400_000).toISOString().replace('.000Z', 'Z'), perWeek),
  );
}
