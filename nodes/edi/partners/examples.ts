/**
 * Example profiles, one per supported version. Tests and the sandbox partner use them; a real
 * deployment keeps its profiles in settings or the ledger, in this same shape.
 */
import type { PartnerProfile } from './types';

export const EXAMPLE_X12_4010: PartnerProfile = {
  id: 'SUP-ACME',
  name: 'Acme Supply (X12 004010)',
  standard: 'x12',
  version: '004010',
  partner: { id: 'ACMESUPPLY', qualifier: 'ZZ' },
  us: { id: 'PLANBRIDGE', qualifier: 'ZZ' },
  currency: 'USD',
  units: { CA: 'CT' },
  skuQualifiers: ['BP', 'IN', 'SK'],
  supplierItemQualifier: 'VP',
  locations: { '0003947268292': 'WH-SOLON', 'SHIPTO-BER': 'WH-BER' },
};

export const EXAMPLE_X12_5010: PartnerProfile = {
  ...EXAMPLE_X12_4010,
  id: 'SUP-ACME-5010',
  name: 'Acme Supply (X12 005010)',
  version: '005010',
  partner: { id: 'ACME5010', qualifier: 'ZZ' },
  delimiters: { repetition: '^' },
};

export const EXAMPLE_EDIFACT_D96A: PartnerProfile = {
  id: 'SUP-WUERTH',
  name: 'Fastener Supply GmbH (EANCOM D96A)',
  standard: 'edifact',
  version: 'D96A',
  partner: { id: '4012345000009', qualifier: '14' },
  us: { id: '4012345000008', qualifier: '14' },
  syntax: { identifier: 'UNOC', version: '3' },
  associationCode: 'EAN008',
  currency: 'EUR',
  units: { PCS: 'PCE' },
  skuQualifiers: ['IN', 'SA', 'EN'],
  supplierItemQualifier: 'SA',
  locations: { '4012345000015': 'WH-BER' },
};

export const EXAMPLE_EDIFACT_D01B: PartnerProfile = {
  ...EXAMPLE_EDIFACT_D96A,
  id: 'SUP-WUERTH-D01B',
  name: 'Fastener Supply GmbH (D01B, syntax 4)',
  version: 'D01B',
  syntax: { identifier: 'UNOC', version: '4' },
  associationCode: 'EAN010',
};

export const EXAMPLE_PROFILES: readonly PartnerProfile[] = [EXAMPLE_X12_4010, EXAMPLE_X12_5010, EXAMPLE_EDIFACT_D96A, EXAMPLE_EDIFACT_D01B];
