/**
 * Odoo's wire values to canonical ones. Odoo sends `false` for every empty value (text, dates,
 * many2one) and many2one as [id, display_name]; the client passes them on untouched and only these
 * helpers reshape them.
 */

export interface Ref {
  id: number;
  name: string;
}

/** many2one: [id, name] (or a bare id with load=null) to {id, name}; false to null. */
export function many2one(value: unknown): Ref | null {
  if (Array.isArray(value) && typeof value[0] === 'number') return { id: value[0], name: String(value[1] ?? '') };
  if (typeof value === 'number') return { id: value, name: '' };
  return null;
}

export function many2oneId(value: unknown): number | null {
  return many2one(value)?.id ?? null;
}

/** Text fields: false (empty) to null. */
export function text(value: unknown): string | null {
  if (value === false || value === null || value === undefined || value === '') return null;
  return String(value);
}

export function number(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function optionalNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Odoo datetime "YYYY-MM-DD HH:MM:SS" (UTC, naive) to ISO-8601 with Z; false to null. */
export function utc(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  return `${value.replace(' ', 'T')}Z`;
}

/** Odoo date "YYYY-MM-DD" (or the date part of a datetime); false to null. */
export function date(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  return value.slice(0, 10);
}

/** ISO-8601 to Odoo's datetime text, which its write side parses strictly (no T, Z or milliseconds). */
export function toOdooDatetime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** A product's item code: its internal reference, or a stable stand-in when it has none. */
export function skuOf(defaultCode: unknown, productId: number): string {
  return text(defaultCode) ?? `ODOO-${productId}`;
}
