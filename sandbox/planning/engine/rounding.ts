/** Tolerance for float noise, e.g. 0.1 + 0.2 against a pack of 0.3. */
const EPS = 1e-9;

/**
 * Rounds a purchase quantity up to the supplier's minimum order quantity and then up to a multiple of its
 * pack size. MOQ first: a MOQ that is not a pack multiple still yields a whole number of packs.
 */
export function roundToSupplier(quantity: number, moq: number, packSize: number): number {
  if (quantity <= 0) return 0;
  const atLeastMoq = Math.max(quantity, moq > 0 ? moq : 0);
  if (!(packSize > 0)) return atLeastMoq;
  const packs = Math.ceil(atLeastMoq / packSize - EPS);
  return roundQuantity(packs * packSize, 6);
}

/** Count units hold whole pieces; other units (KGM, LTR, MTR, ...) keep three decimals. */
const COUNT_UOMS = new Set(['EA', 'C62', 'H87', 'PCE', 'PR', 'SET', 'BX', 'PK', 'PA', 'CT', 'NAR', 'NPR', 'NMP', 'ROL', 'BG', 'BO', 'CS']);

export function decimalsForUom(uom: string): number {
  return COUNT_UOMS.has(uom.toUpperCase()) ? 0 : 3;
}

/** Stock levels round up: a fraction of a unit below target is still below target. */
export function ceilTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.ceil(value * f - EPS) / f + 0; // + 0 turns -0 into 0
}

/** Transfers round down: never move more than the donor can spare. */
export function floorTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.floor(value * f + EPS) / f + 0;
}

export function roundQuantity(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
