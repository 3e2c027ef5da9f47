/**
 * Units of measure planbridge knows by default: UN/ECE Recommendation 20 codes, plus EA and PCE,
 * which ERPs and EDI partners use widely. Connectors map their own names (Odoo "Units", "kg") to
 * these; the validate node's list can be widened per flow.
 */
export const DEFAULT_UNITS: readonly string[] = [
  'EA', 'PCE', 'C62', 'H87', 'PR', 'DZN', 'SET', 'PK', 'BX', 'CT', 'BG', 'RO', 'PF', 'PL',
  'GRM', 'KGM', 'TNE', 'MGM', 'LBR', 'ONZ',
  'MLT', 'LTR', 'MTQ', 'GLL',
  'MMT', 'CMT', 'MTR', 'KMT', 'INH', 'FOT',
  'MTK', 'HUR', 'DAY',
];
