import type { OdooRecord } from '../client/types';
import { text } from './values';

/** Odoo unit names (English defaults) to UN/ECE Recommendation 20 codes used in canonical records. */
const CODES: Record<string, string> = {
  units: 'EA',
  unit: 'EA',
  'unit(s)': 'EA',
  pce: 'PCE',
  pieces: 'PCE',
  piece: 'PCE',
  dozens: 'DZN',
  dozen: 'DZN',
  pair: 'PR',
  pairs: 'PR',
  set: 'SET',
  pack: 'PK',
  box: 'BX',
  boxes: 'BX',
  carton: 'CT',
  pallet: 'PF',
  roll: 'RO',
  bag: 'BG',
  g: 'GRM',
  gram: 'GRM',
  kg: 'KGM',
  kilogram: 'KGM',
  t: 'TNE',
  ton: 'TNE',
  tonne: 'TNE',
  mg: 'MGM',
  lb: 'LBR',
  lbs: 'LBR',
  oz: 'ONZ',
  ml: 'MLT',
  l: 'LTR',
  liter: 'LTR',
  litre: 'LTR',
  'm³': 'MTQ',
  m3: 'MTQ',
  'gal (us)': 'GLL',
  gal: 'GLL',
  mm: 'MMT',
  cm: 'CMT',
  m: 'MTR',
  km: 'KMT',
  in: 'INH',
  ft: 'FOT',
  'm²': 'MTK',
  m2: 'MTK',
  hours: 'HUR',
  hour: 'HUR',
  days: 'DAY',
  day: 'DAY',
};

export interface Uom {
  id: number;
  code: string;
  /** Units of this UoM per reference unit of its category (Odoo's factor; 1/12 for Dozens). */
  factor: number;
}

export function uomCode(name: unknown): string {
  const label = (text(name) ?? '').trim();
  return CODES[label.toLowerCase()] ?? label.toUpperCase().replace(/\s+/g, '_');
}

export function uomFrom(record: OdooRecord): Uom {
  const factor = typeof record.factor === 'number' && record.factor > 0 ? record.factor : 1;
  return { id: record.id, code: uomCode(record.name), factor };
}

/** A quantity from one unit to another of the same category, with Odoo's factors. */
export function convert(quantity: number, from: Uom | undefined, to: Uom | undefined): number {
  if (!from || !to || from.id === to.id) return quantity;
  return (quantity / from.factor) * to.factor;
}
