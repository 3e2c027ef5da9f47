import type { ItemRecord, PlanInput } from '../contracts/types';

const STOCK_HOLDING = new Set(['warehouse', 'internal']);

/** When an sku appears twice, the most recently updated record wins (then the later one in the dataset). */
export function latestItems(records: readonly ItemRecord[]): Map<string, ItemRecord> {
  const map = new Map<string, ItemRecord>();
  for (const r of records) {
    const seen = map.get(r.sku);
    if (!seen || Date.parse(r.updated_at) >= Date.parse(seen.updated_at)) map.set(r.sku, r);
  }
  return map;
}

/** Only active stock-holding locations are planned; without a location dataset every code is accepted. */
export function locationFilter(input: PlanInput): (code: string) => boolean {
  if (input.location.length === 0) return () => true;
  const ok = new Set(input.location.filter((l) => l.active && STOCK_HOLDING.has(l.type)).map((l) => l.code));
  return (code) => ok.has(code);
}
