import { EXAMPLE_PROFILES, EXAMPLE_X12_4010, findProfile, toCanonicalUnit, toPartnerUnit, validatePartnerProfile } from '../../../nodes/edi/partners';

describe('partner profiles', () => {
  it.each(EXAMPLE_PROFILES.map((p) => [p.id, p] as const))('example %s is valid', (_id, profile) => {
    expect(validatePartnerProfile(profile)).toMatchObject({ ok: true, problems: [] });
  });

  it('reports every wrong field of a bad profile', () => {
    const check = validatePartnerProfile({
      id: '',
      standard: 'x12',
      version: '003010',
      partner: { id: 'X' },
      us: { id: 'A-VERY-LONG-PARTNER-ID', qualifier: 'ZZ' },
      units: { CA: 5 },
    });
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => p.rule)).toEqual(['PROFILE_INVALID', 'PROFILE_INVALID', 'PROFILE_INVALID', 'PROFILE_INVALID']);
    expect(validatePartnerProfile(null).ok).toBe(false);
  });

  it('finds a profile by interchange sender', () => {
    expect(findProfile(EXAMPLE_PROFILES, { id: '4012345000009', qualifier: '14' })?.id).toBe('SUP-WUERTH');
    expect(findProfile(EXAMPLE_PROFILES, { id: 'NOBODY', qualifier: 'ZZ' })).toBeUndefined();
  });
});

describe('units of measure', () => {
  it.each([
    ['x12', 'EA', 'EA', true],
    ['x12', 'CA', 'CT', true],
    ['x12', 'BX', 'BX', true],
    ['x12', 'PC', 'PCE', true],
    ['x12', 'LB', 'LBR', true],
    ['edifact', 'PCE', 'PCE', true],
    ['edifact', 'EA', 'EA', true],
    ['edifact', 'KGM', 'KGM', true],
    ['edifact', 'PCS', 'PCE', true],
    ['edifact', 'XYZ', 'XYZ', false],
  ] as const)('%s %s → %s', (standard, code, uom, mapped) => {
    expect(toCanonicalUnit(code, standard)).toEqual({ uom, mapped });
  });

  it('profile tables win, and outgoing codes come from them first', () => {
    expect(toCanonicalUnit('CA', 'x12', { CA: 'PK' }).uom).toBe('PK');
    expect(toPartnerUnit('PK', 'x12', { CA: 'PK' })).toBe('CA');
    expect(toPartnerUnit('PCE', 'x12')).toBe('PC');
    expect(toPartnerUnit('KGM', 'edifact')).toBe('KGM');
  });
});

describe('profile checks beyond the ids', () => {
  it('refuses unknown stock quantity fields, bad qualifier lists and clashing or long delimiters', () => {
    const base = { ...EXAMPLE_X12_4010 };
    const messages = (v: unknown): string[] => validatePartnerProfile(v).problems.map((p) => p.message);
    expect(messages({ ...base, stockQuantities: { '17': 'onhand' } })).toEqual([
      'stockQuantities values must be one of on_hand, available, reserved, in_transit',
    ]);
    expect(messages({ ...base, skuQualifiers: 'BP' })).toEqual(['skuQualifiers must be a list of qualifier codes']);
    expect(messages({ ...base, delimiters: { element: '*', segment: '*' } })).toEqual(['delimiters must all differ']);
    expect(messages({ ...base, delimiters: { element: '**' } })).toEqual(['delimiters.element must be one character']);
    expect(validatePartnerProfile({ ...base, delimiters: { repetition: '^' }, stockQuantities: { '17': 'on_hand' } }).ok).toBe(true);
  });
});
