/**
 * Unit of measure code lists. Canonical records carry UN/ECE Recommendation 20 codes (the
 * DEFAULT_UNITS list of the canonical layer); X12 uses its own code list (data element 355),
 * EDIFACT already uses Rec 20 (data element 6411), apart from a few common local habits.
 */
import { DEFAULT_UNITS } from '../../canonical/units';

/** X12 DE 355 → Rec 20. 'CA' (case) has no code in DEFAULT_UNITS, so it maps to CT (carton). */
export const X12_UNITS: Readonly<Record<string, string>> = Object.freeze({
  EA: 'EA',
  PC: 'PCE',
  UN: 'EA',
  PK: 'PK',
  BX: 'BX',
  CA: 'CT',
  CT: 'CT',
  DZ: 'DZN',
  PR: 'PR',
  ST: 'SET',
  BG: 'BG',
  RL: 'RO',
  PL: 'PF',
  LB: 'LBR',
  KG: 'KGM',
  GR: 'GRM',
  OZ: 'ONZ',
  LT: 'LTR',
  ML: 'MLT',
  GA: 'GLL',
  FT: 'FOT',
  IN: 'INH',
  MR: 'MTR',
  CM: 'CMT',
  MM: 'MMT',
  HR: 'HUR',
  DA: 'DAY',
});

/** EDIFACT DE 6411 is Rec 20 already; these are the non-standard codes partners send anyway. */
export const EDIFACT_UNITS: Readonly<Record<string, string>> = Object.freeze({
  PCS: 'PCE',
  PC: 'PCE',
  ST: 'PCE',
  STK: 'PCE',
  KG: 'KGM',
  LT: 'LTR',
  M: 'MTR',
});

export interface UnitMapping {
  uom: string;
  /** false when the code was passed through without a mapping. */
  mapped: boolean;
}

const KNOWN = new Set(DEFAULT_UNITS);

/** Partner code → canonical Rec 20 code: profile table first, then the standard's defaults. */
export function toCanonicalUnit(code: string, standard: 'x12' | 'edifact', overrides: Record<string, string> = {}): UnitMapping {
  const c = code.trim().toUpperCase();
  const table = standard === 'x12' ? X12_UNITS : EDIFACT_UNITS;
  const hit = overrides[c] ?? table[c];
  if (hit) return { uom: hit, mapped: true };
  // An EDIFACT code that is already Rec 20 needs no mapping; an X12 code only if it is one too.
  return { uom: c, mapped: KNOWN.has(c) };
}

/** Canonical Rec 20 code → partner code for files we send (first profile entry, then defaults). */
export function toPartnerUnit(uom: string, standard: 'x12' | 'edifact', overrides: Record<string, string> = {}): string {
  const own = Object.entries(overrides).find(([, rec20]) => rec20 === uom);
  if (own) return own[0];
  if (standard === 'edifact') return uom;
  const preferred: Record<string, string> = { EA: 'EA', PCE: 'PC', CT: 'CT', KGM: 'KG', LBR: 'LB' };
  return preferred[uom] ?? Object.entries(X12_UNITS).find(([, rec20]) => rec20 === uom)?.[0] ?? uom;
}
