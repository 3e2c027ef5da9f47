import type { ItemRecord, ItemSupplierRecord, LocationRecord } from '../contracts/types';
import type { Prng } from '../prng';

const CITIES = [
  ['BER', 'Berlin', 'North'],
  ['HAM', 'Hamburg', 'North'],
  ['MUC', 'Munich', 'South'],
  ['FRA', 'Frankfurt', 'West'],
  ['CGN', 'Cologne', 'West'],
  ['STR', 'Stuttgart', 'South'],
  ['LEJ', 'Leipzig', 'East'],
  ['DRS', 'Dresden', 'East'],
];
const CATEGORIES = ['All / Fasteners', 'All / Hydraulics', 'All / Electrical', 'All / Packaging', 'All / Chemicals'];

export function locationCode(i: number): string {
  return i < CITIES.length ? `WH-${CITIES[i][0]}` : `WH-${String(i + 1).padStart(3, '0')}`;
}

/** Planned warehouses plus one archived warehouse and one transit location the engine must leave alone. */
export function locations(count: number, updatedAt: string): LocationRecord[] {
  const out: LocationRecord[] = [];
  for (let i = 0; i < count; i++) {
    const city = CITIES[i] ?? [String(i + 1), `Site ${i + 1}`, null];
    out.push(location(locationCode(i), `${city[1]} DC`, 'warehouse', true, city[2], updatedAt, i));
  }
  out.push(location('WH-OLD', 'Old depot', 'warehouse', false, null, updatedAt, count));
  out.push(location('TR-ROAD', 'Road transit', 'transit', true, null, updatedAt, count + 1));
  return out;
}

function location(
  code: string,
  name: string,
  type: LocationRecord['type'],
  active: boolean,
  group: string | null,
  updatedAt: string,
  i: number,
): LocationRecord {
  return { code, name, type, warehouse: null, group, active, company: null, source: { system: 'odoo', record_id: String(i + 1) }, updated_at: updatedAt };
}

export function item(rng: Prng, index: number, updatedAt: string): ItemRecord {
  const sku = `SKU-${String(index + 1).padStart(5, '0')}`;
  const weighed = rng.chance(0.1);
  const status = rng.chance(0.03) ? 'discontinued' : rng.chance(0.02) ? 'inactive' : 'active';
  return {
    sku,
    name: `${weighed ? 'Bulk material' : 'Part'} ${index + 1}`,
    uom: weighed ? 'KGM' : 'EA',
    category: rng.pick(CATEGORIES),
    status,
    superseded_by: null,
    supersession_factor: null,
    unit_volume_m3: round(rng.uniform(0.00001, 0.05), 6),
    unit_weight_kg: round(rng.uniform(0.01, 20), 3),
    unit_cost: round(rng.uniform(0.1, 150), 2),
    currency: 'EUR',
    company: null,
    source: { system: 'odoo', record_id: String(1000 + index) },
    updated_at: updatedAt,
  };
}

/** One or two offers; usually one preferred; some lead-time figures missing to exercise the defaults. */
export function offers(rng: Prng, it: ItemRecord, weeklyMean: number, updatedAt: string): ItemSupplierRecord[] {
  const count = rng.chance(0.4) ? 2 : 1;
  const preferredIndex = rng.chance(0.8) ? 0 : -1;
  const out: ItemSupplierRecord[] = [];
  const first = rng.int(1, 8);
  for (let k = 0; k < count; k++) {
    const supplier = `SUP-${String(((first + k * 3) % 8) + 1).padStart(2, '0')}`;
    const lead = rng.int(3, 35);
    const pack = it.uom === 'KGM' ? rng.pick([1, 5, 25]) : rng.pick([1, 1, 5, 10, 12, 50, 100]);
    const moq = Math.max(pack, Math.round((weeklyMean * rng.uniform(0, 3)) / pack) * pack);
    const cost = round((it.unit_cost ?? 10) * rng.uniform(0.7, 1.0), 2);
    out.push({
      sku: it.sku,
      supplier,
      supplier_name: `Supplier ${supplier.slice(4)}`,
      supplier_sku: `${supplier.slice(4)}-${it.sku.slice(4)}`,
      lead_time_days: rng.chance(0.05) ? null : lead,
      lead_time_stddev_days: rng.chance(0.1) ? null : round(lead * rng.uniform(0.05, 0.3), 1),
      uom: it.uom,
      moq,
      pack_size: pack,
      purchase_uom: null,
      purchase_uom_factor: null,
      unit_cost: cost,
      landed_cost: round(cost * 1.08, 2),
      currency: 'EUR',
      preferred: k === preferredIndex,
      valid_from: null,
      valid_to: null,
      company: null,
      source: { system: 'odoo', record_id: `${it.source?.record_id}-${k}` },
      updated_at: updatedAt,
    });
  }
  return out;
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
