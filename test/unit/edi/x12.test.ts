import { X12Parser } from 'node-x12';
import { el, parseX12, serializeX12, type X12InterchangeSpec } from '../../../nodes/edi/codec';
import { AT, fixture, fixtureText } from './helpers';

const ISA_401 = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261126*0830*U*00401*000000042*0*T*>~';
const ISA_501 = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261126*0830*^*00501*000000042*0*T*:~';

function interchange(isa: string, body: string[], gs08: string): string {
  const st = ['ST*850*0001', ...body, `SE*${body.length + 2}*0001`];
  return [isa.slice(0, -1), `GS*PO*SENDER*RECEIVER*20261126*0830*42*X*${gs08}`, ...st, 'GE*1*42', 'IEA*1*000000042'].join('~\n') + '~\n';
}

describe('X12 adapter: reading', () => {
  it('strips a BOM and leading whitespace, and warns about the BOM', () => {
    const r = parseX12(`\uFEFF\r\n  ${interchange(ISA_401, ['BEG*00*SA*PO1**20261126'], '004010')}`);
    expect(r.problems.map((p) => p.rule)).toEqual(['X12_BOM']);
    expect(r.problems[0].severity).toBe('warning');
    expect(r.interchanges[0].groups[0].sets[0].type).toBe('850');
  });

  it('reads the delimiters, ISA13 and the repetition separator from the raw ISA', () => {
    const r = parseX12(interchange(ISA_501, ['REF*ZZ*A^B^C', 'PO1*1*10*EA*1.5**VP*ABC:X'], '005010'));
    const ic = r.interchanges[0];
    expect(r.problems).toEqual([]);
    expect(ic.delimiters).toMatchObject({ element: '*', component: ':', segment: '~', repetition: '^' });
    expect(ic.controlReference).toBe('000000042');
    const [ref, po1] = ic.groups[0].sets[0].segments;
    expect(ref.elements[1]).toEqual([['A'], ['B'], ['C']]);
    expect(po1.elements[6]).toEqual([['ABC', 'X']]);
    expect(ic.groups[0].sets[0].version).toBe('005010');
  });

  it('does not split on ISA11 before version 00402, where it is the standards id', () => {
    const r = parseX12(interchange(ISA_401, ['REF*ZZ*A^B'], '004010'));
    expect(r.interchanges[0].delimiters.repetition).toBeNull();
    expect(el(r.interchanges[0].groups[0].sets[0].segments[0], 2)).toBe('A^B');
  });

  it('reads an interchange whose delimiters are unusual and whose terminator is a line break', () => {
    const odd = parseX12(fixture('x12/856/oopfactory_856_example1.txt'));
    expect(odd.interchanges[0].delimiters).toMatchObject({ element: '~', segment: '*', component: '`' });
    const newline = parseX12(fixture('x12/855/oopfactory_855_adobe.txt'));
    expect(newline.interchanges[0].delimiters.segment).toBe('\r');
    expect(newline.problems).toEqual([]);
  });

  it('splits several interchanges, each with its own delimiters', () => {
    const r = parseX12(fixture('x12/856/derived_two_delimiter_sets.edi'));
    expect(r.interchanges.map((i) => i.delimiters.element)).toEqual(['*', '~']);
    expect(r.interchanges[1].groups[0].sets[0].header.position).toBe(40);
  });

  it('reports an ISA that is not 106 characters but still reads it', () => {
    const r = parseX12(fixture('x12/810/edinet_x12.810a.edi'));
    expect(r.problems.map((p) => p.rule)).toEqual(['X12_ISA_LENGTH']);
    expect(r.interchanges[0].sender).toEqual({ qualifier: 'ZZ', id: 'ABCMUSICSUPPLY' });
  });

  it('never throws on garbage', () => {
    for (const text of ['', 'ISA', 'ISA*', 'ISA*00*', 'GS*PO~', 'ISA*00*          *00*   ~~~', '~~~~', 'ISA1*2']) {
      expect(() => parseX12(text)).not.toThrow();
    }
    expect(parseX12('GS*PO~').problems[0].rule).toBe('X12_ISA_MISSING');
  });
});

describe('X12 adapter: node-x12 agrees on the checks it has, and misses truncation', () => {
  const strict = (text: string) => {
    try {
      new X12Parser(true).parse(text.replace(/^\uFEFF/, ''));
      return 'ok';
    } catch (err) {
      return (err as Error).message;
    }
  };

  it.each([
    ['x12/856/derived_se_count_gregarican.txt', /SE01/, 'X12_SE_COUNT'],
    ['x12/810/derived_ge_count_simple810.edi', /GE01/, 'X12_GE_COUNT'],
    ['x12/997/derived_iea_count_simple997.edi', /IEA01/, 'X12_IEA_COUNT'],
    ['x12/850/edinet_x12.850.edi', /IEA02/, 'X12_ISA13_MISMATCH'],
  ])('%s', (file, message, rule) => {
    expect(strict(fixtureText(file))).toMatch(message);
    expect(parseX12(fixture(file)).problems.map((p) => p.rule)).toEqual([rule]);
  });

  it('node-x12 accepts a truncated file; the adapter reports the missing SE, GE and IEA', () => {
    const text = fixtureText('x12/850/derived_truncated_node-x12_850.edi');
    expect(strict(text)).toBe('ok');
    expect(
      parseX12(text)
        .problems.map((p) => p.rule)
        .sort(),
    ).toEqual(['X12_GE_MISSING', 'X12_IEA_MISSING', 'X12_SE_MISSING']);
  });
});

describe('X12 adapter: writing', () => {
  const spec = (over: Partial<X12InterchangeSpec> = {}): X12InterchangeSpec => ({
    sender: { id: 'PLANBRIDGE', qualifier: 'ZZ' },
    receiver: { id: 'ACMESUPPLY', qualifier: 'ZZ' },
    controlNumber: 731,
    at: AT,
    isaVersion: '00401',
    groups: [
      {
        functionalId: 'PO',
        applicationSender: 'PLANBRIDGE',
        applicationReceiver: 'ACMESUPPLY',
        controlNumber: '731',
        version: '004010',
        sets: [
          {
            type: '850',
            controlNumber: '0001',
            segments: [
              { tag: 'BEG', elements: ['00', 'SA', 'P00231', '', '20261126'] },
              { tag: 'PO1', elements: ['902', '2000', 'EA', '0.15', '', 'BP', 'BOLT-M8-40'] },
            ],
          },
          { type: '850', controlNumber: '0002', segments: [{ tag: 'BEG', elements: ['00', 'SA', 'P00232', '', '20261126'] }] },
        ],
      },
    ],
    ...over,
  });

  it('writes padded ISA fields, the control numbers given, and correct SE, GE and IEA counts', () => {
    const out = serializeX12(spec());
    expect(out.ok).toBe(true);
    const lines = out.text.trim().split('\n');
    expect(lines[0]).toHaveLength(106);
    expect(lines[0]).toBe('ISA*00*          *00*          *ZZ*PLANBRIDGE     *ZZ*ACMESUPPLY     *261126*0830*U*00401*000000731*0*P*>~');
    expect(lines).toContain('SE*4*0001~');
    expect(lines).toContain('SE*3*0002~');
    expect(lines).toContain('GE*2*731~');
    expect(lines[lines.length - 1]).toBe('IEA*1*000000731~');
    expect(parseX12(out.text).problems).toEqual([]);
  });

  it('writes the repetition separator to ISA11 from 00402 on, and repeated values with it', () => {
    const s = spec({ isaVersion: '00501' });
    s.groups[0].version = '005010';
    s.groups[0].sets[0].segments.push({ tag: 'REF', elements: ['ZZ', { repeats: [['A'], ['B']] }] });
    const out = serializeX12(s);
    expect(out.text.split('\n')[0].split('*')[11]).toBe('^');
    expect(out.text).toContain('REF*ZZ*A^B~');
    expect(parseX12(out.text).problems).toEqual([]);
  });

  it('refuses a value containing a delimiter and an ISA field that is too long', () => {
    const bad = spec();
    bad.groups[0].sets[0].segments.push({ tag: 'PID', elements: ['F', '', '', '', 'SCREW 5*10~'] });
    const out = serializeX12(bad);
    expect(out.ok).toBe(false);
    expect(out.problems.map((p) => p.rule)).toEqual(['BUILD_VALUE_HAS_DELIMITER']);
    const long = serializeX12(spec({ sender: { id: 'A-VERY-LONG-PARTNER-ID', qualifier: 'ZZ' } }));
    expect(long.problems.map((p) => p.rule)).toEqual(['BUILD_VALUE_TOO_LONG']);
  });
});
