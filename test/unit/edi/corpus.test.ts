import fs from 'node:fs';
import path from 'node:path';
import { parseEdi, summarize } from '../../../nodes/edi/codec';
import { FIXTURES, corpus, fixture, fixtureFiles } from './helpers';

const rulesOf = (file: string) =>
  summarize(fixture(file))
    .problems.filter((p) => p.rule !== 'DOC_UNSUPPORTED_SET')
    .map((p) => `${p.rule}@${p.segmentPosition}`);

describe('EDI corpus', () => {
  it('holds at least 30 real public files, each with repository, path, commit and licence', () => {
    const real = corpus.filter((e) => e.origin.kind === 'real');
    expect(real.length).toBeGreaterThanOrEqual(30);
    for (const e of real) {
      if (e.origin.kind !== 'real') continue;
      expect(e.origin.repository).toMatch(/\//);
      expect(e.origin.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(e.origin.licence).not.toBe('');
    }
  });

  it('covers every mapped set and every syntax case the brief lists', () => {
    const types = new Set(corpus.flatMap((e) => e.sets.map((s) => s.type)));
    for (const t of ['850', '855', '856', '810', '846', '997', 'ORDERS', 'ORDRSP', 'DESADV', 'INVOIC', 'INVRPT', 'CONTRL']) expect(types).toContain(t);
    const problems = corpus.flatMap((e) => e.problems.map((p) => p.split('@')[0]));
    for (const rule of [
      'X12_BOM',
      'EDIFACT_BOM',
      'X12_SE_MISSING',
      'X12_IEA_MISSING',
      'EDIFACT_UNZ_MISSING',
      'X12_SE_COUNT',
      'X12_GE_COUNT',
      'EDIFACT_UNT_COUNT',
      'EDIFACT_UNE_COUNT',
    ]) {
      expect(problems).toContain(rule);
    }
    expect(corpus.some((e) => e.interchanges > 1 && e.standard === 'x12')).toBe(true);
    expect(corpus.some((e) => e.interchanges > 1 && e.standard === 'edifact')).toBe(true);
    const text = (f: string) => fixture(f).toString('utf8');
    expect(corpus.some((e) => e.standard === 'edifact' && /^\uFEFF?UNA(?!:\+\.\? ')/.test(text(e.file)))).toBe(true);
    expect(corpus.some((e) => e.standard === 'edifact' && /\?[+:'?]/.test(text(e.file)))).toBe(true);
    const versions = new Set(corpus.flatMap((e) => e.sets.map((s) => s.version)));
    for (const v of ['004010', '005010', 'D96A', 'D01B']) expect(versions).toContain(v);
  });

  it('lists every fixture file in corpus.json and in the README table', () => {
    const listed = corpus.map((e) => e.file).sort();
    expect(listed).toEqual(fixtureFiles());
    const readme = fs.readFileSync(path.join(FIXTURES, 'README.md'), 'utf8');
    for (const file of listed) expect(readme).toContain(file);
  });

  it.each(corpus.map((e) => [e.file, e] as const))('%s parses with the expected facts', (file, e) => {
    const s = summarize(fixture(file));
    expect(s.standard).toBe(e.standard);
    expect(s.valid).toBe(e.valid);
    expect(s.problems.filter((p) => p.rule !== 'DOC_UNSUPPORTED_SET').map((p) => `${p.rule}@${p.segmentPosition}`)).toEqual(e.problems);
    expect(s.interchanges).toHaveLength(e.interchanges);
    const sets = s.interchanges.flatMap((ic) =>
      ic.sets.map((st) => ({ type: st.type, version: st.version, number: st.document?.number ?? null, lines: st.document?.lineCount ?? null })),
    );
    expect(sets).toEqual(e.sets);
  });

  it.each(corpus.map((e) => [e.file] as const))('%s never throws, whole or cut anywhere', (file) => {
    const text = fixture(file).toString('utf8');
    for (const cut of [0, 1, 3, 9, 50, 105, 106, 107, Math.floor(text.length / 2), text.length - 1]) {
      expect(() => parseEdi(text.slice(0, cut))).not.toThrow();
      expect(() => summarize(text.slice(0, cut))).not.toThrow();
    }
  });
});

describe('broken files report the right rule at the right segment', () => {
  it.each([
    ['x12/850/derived_truncated_node-x12_850.edi', ['X12_IEA_MISSING@1', 'X12_GE_MISSING@2', 'X12_SE_MISSING@3']],
    ['x12/855/derived_se_missing_node-x12_855.edi', ['X12_SE_MISSING@3']],
    ['x12/856/derived_se_count_gregarican.txt', ['X12_SE_COUNT@27']],
    ['x12/810/derived_ge_count_simple810.edi', ['X12_GE_COUNT@57']],
    ['x12/997/derived_iea_count_simple997.edi', ['X12_IEA_COUNT@12']],
    ['x12/850/edinet_x12.850.edi', ['X12_ISA13_MISMATCH@15']],
    ['x12/810/edinet_x12.810a.edi', ['X12_ISA_LENGTH@1']],
    ['edifact/INVOIC/derived_truncated_invoice1.edi', ['EDIFACT_UNZ_MISSING@1', 'EDIFACT_UNT_MISSING@2', 'EDIFACT_SEGMENT_UNTERMINATED@14']],
    ['edifact/ORDERS/pydifact_order.edi', ['EDIFACT_UNZ_MISSING@2']],
    ['edifact/DESADV/derived_unt_count_desadv.edi', ['EDIFACT_UNT_COUNT@22']],
    ['edifact/ORDERS/derived_une_count_orders_with_group.edi', ['EDIFACT_UNE_COUNT@21']],
    ['edifact/ORDERS/pydifact_wikipedia_de.edi', ['EDIFACT_UNZ_REFERENCE@12']],
    ['edifact/INVOIC/edinet_D01B_INVOIC.edi', ['EDIFACT_UNT_REFERENCE@24', 'EDIFACT_UNZ_COUNT@25', 'EDIFACT_UNZ_REFERENCE@25']],
  ])('%s', (file, expected) => {
    expect(rulesOf(file)).toEqual(expected);
  });
});
