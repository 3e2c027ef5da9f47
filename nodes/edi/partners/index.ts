export type { PartnerProfile, StockQuantityField } from './types';
export { validatePartnerProfile, findProfile, type ProfileCheck } from './validate';
export { X12_UNITS, EDIFACT_UNITS, toCanonicalUnit, toPartnerUnit, type UnitMapping } from './units';
export { EXAMPLE_X12_4010, EXAMPLE_X12_5010, EXAMPLE_EDIFACT_D96A, EXAMPLE_EDIFACT_D01B, EXAMPLE_PROFILES } from './examples';
