import {
  EdifactStreamParser,
  el,
  parseEdifact,
  parseEdifactStream,
  serializeEdifact,
  type EdiSegment,
  type EdifactInterchangeSpec,
  type ParseResult,
} from '../../../nodes/edi/codec';
import { AT, corpus, fixture, fixtureText } from './helpers';

const edifactFiles = corpus.filter((e) => e.standard === 'edifact').map((e) => e.file);

function segmentsOf(text: string): EdiSegment[] {
  const out: EdiSegment[] = [];
  parseEdifact(text, { onSegment: (s) => out.push(s) });
  return out;
}

function chunked(text: string, size: number): ParseResult {
  const parser = new EdifactStreamParser();
  for (let i = 0; i < text.length; i += size) parser.write(text.slice(i, i + size));
  return parser.end();
}

describe('EDIFACT syntax: service characters', () => {
  it("uses the defaults :+.? ' without UNA", () => {
    const r = parseEdifact(fixture('edifact/INVOIC/pydifact_invoice1.edi'));
    expect(r.interchanges[0].delimiters).toMatchObject({ component: ':', element: '+', decimal: '.', release: '?', segment: "'", repetition: null });
    expect(r.problems).toEqual([]);
  });

  it('reads a custom UNA, including its decimal mark', () => {
    const custom = parseEdifact(fixture('edifact/INVOIC/staedi_invoic_d97b_una.edi'));
    expect(custom.interchanges[0].delimiters).toMatchObject({ component: '=', element: '*', release: '?', repetition: '^', segment: '~' });
    const comma = parseEdifact(fixture('edifact/ORDERS/pydifact_order.edi'));
    expect(comma.interchanges[0].delimiters.decimal).toBe(',');
  });

  it('reports a UNA that names one character twice and falls back to the defaults', () => {
    const r = parseEdifact("UNA::.? 'UNB+UNOC:3+A+B+260101:1200+1'UNZ+0+1'");
    expect(r.problems.map((p) => `${p.rule}@${p.segmentPosition}`)).toContain('EDIFACT_UNA_INVALID@1');
  });

  it('uses * for repetitions in syntax 4 without UNA', () => {
    const r = parseEdifact("UNB+UNOC:4+A+B+20260101:1200+1'UNH+1+INVRPT:D:01B:UN'FTX+AAI+++A*B'UNT+3+1'UNZ+1+1'");
    expect(r.problems).toEqual([]);
    expect(r.interchanges[0].groups[0].sets[0].segments[0].elements[3]).toEqual([['A'], ['B']]);
  });

  it('keeps the separators of a UNA for a following interchange that is written with them', () => {
    const text =
      "UNA:*.? 'UNB*UNOC:3*A*B*260101:1200*1'UNH*1*ORDERS:D:96A:UN'UNT*2*1'UNZ*1*1'UNB*UNOC:3*A*B*260101:1200*2'UNH*1*ORDERS:D:96A:UN'UNT*2*1'UNZ*1*2'";
    const r = parseEdifact(text);
    expect(r.problems).toEqual([]);
    expect(r.interchanges.map((i) => i.controlReference)).toEqual(['1', '2']);
  });

  it('starts each interchange with its own UNA or the defaults', () => {
    const r = parseEdifact(fixture('edifact/INVOIC/derived_two_interchanges_custom_una.edi'));
    expect(r.interchanges.map((i) => i.delimiters.element)).toEqual(['*', '+']);
    expect(r.interchanges[1].groups[0].sets[0].type).toBe('INVOIC');
  });
});

describe('EDIFACT syntax: release character, BOM and line breaks', () => {
  it('releases separators and the release character itself', () => {
    const ift = segmentsOf(fixtureText('edifact/other/php-edifact_release_character.edi')).filter((s) => s.tag === 'IFT');
    expect(ift.map((s) => s.elements.slice(1).map((e) => e[0].join(':')))).toEqual([
      ['XYZCOMPANY AVAILABILITY'],
      ['NO MORE FLIGHTS 1'],
      ['NO MORE FLIGHTS 2?'],
      ["NO MORE ' FLIGHTS 3"],
      ['NO MORE ? FLIGHTS 3'],
      ["NO MORE ?' FLIGHTS 3"],
      ['FIELD 1', 'FIELD 2'],
      ['FIELD 1?', 'FIELD 2'],
      ['FIELD 1?+FIELD 2'],
      ['FIELD 1.1:FIELD 1.2'],
      ['FIELD 1.1?:FIELD 1.2'],
      ['FIELD 1.1?:FIELD 1.2'],
    ]);
    // The last two print alike but differ in structure: the first ':' splits, the released one does not.
    expect(ift[10].elements[1][0]).toEqual(['FIELD 1.1?', 'FIELD 1.2']);
    expect(ift[11].elements[1][0]).toEqual(['FIELD 1.1?:FIELD 1.2']);
  });

  it('tolerates a BOM, CRLF and indentation between segments', () => {
    const bom = parseEdifact(fixture('edifact/INVOIC/derived_bom_crlf_invoice1.edi'));
    expect(bom.problems.map((p) => p.rule)).toEqual(['EDIFACT_BOM']);
    const tabs = segmentsOf(fixtureText('edifact/other/edinet_edifact.01_QUOTES.edi'));
    expect(tabs.every((s) => /^[A-Z]{3}$/.test(s.tag))).toBe(true);
  });

  it('reads Latin-1 bytes when they are not valid UTF-8 (UNOC)', () => {
    const text = "UNB+UNOC:3+A+B+260101:1200+1'UNH+1+ORDERS:D:96A:UN'NAD+BY+++M\u00fcller'UNT+3+1'UNZ+1+1'";
    const r = parseEdifact(Buffer.from(text, 'latin1'));
    expect(el(r.interchanges[0].groups[0].sets[0].segments[0], 4)).toBe('Müller');
  });
});

describe('EDIFACT syntax: chunked input', () => {
  it.each(edifactFiles.map((f) => [f]))('%s gives the same result in chunks of 1, 2, 7 and 64 characters', (file) => {
    const text = fixtureText(file);
    const whole = parseEdifact(text);
    for (const size of [1, 2, 7, 64]) expect(chunked(text, size)).toEqual(whole);
  });

  it('parses a file of 20,000 interchanges handed over at once (a loop per interchange, not a deeper stack)', () => {
    const one = "UNA:+.? 'UNB+UNOC:3+A+B+260101:1200+1'UNH+1+ORDERS:D:96A:UN'BGM+220+PO-1'UNT+3+1'UNZ+1+1'\n";
    const result = parseEdifact(one.repeat(20_000));
    expect(result.problems).toEqual([]);
    expect(result.interchanges).toHaveLength(20_000);
  });

  it('parses an async stream of Buffers split inside a UTF-8 character, yielding between slices', async () => {
    const text = "UNA:+.? 'UNB+UNOC:3+A+B+260101:1200+1'UNH+1+ORDERS:D:96A:UN'NAD+BY+++Müller ?+ Söhne'UNT+3+1'UNZ+1+1'";
    const bytes = Buffer.from(text, 'utf8');
    async function* source() {
      for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
    }
    let turns = 0;
    let running = true;
    const spin = () => {
      if (!running) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const r = await parseEdifactStream(source(), { sliceSize: 1024 });
    running = false;
    expect(r.problems).toEqual([]);
    expect(el(r.interchanges[0].groups[0].sets[0].segments[0], 4)).toBe('Müller + Söhne');
    // Other work ran while the stream was parsed: the parser gave the event loop its turns.
    expect(turns).toBeGreaterThan(5);
  });

  it('can drop message bodies and hand each message to a callback', () => {
    const seen: string[] = [];
    const r = parseEdifact(fixture('edifact/other/php-edifact_exampleMulti.edi'), {
      retain: 'none',
      onMessage: (m) => seen.push(`${m.type}/${m.controlReference}/${m.segmentCount}`),
    });
    expect(seen).toEqual(['PAORES/1/13', 'PAORES/2/13']);
    expect(r.interchanges[0].groups[0].sets).toEqual([]);
    expect(r.problems).toEqual([]);
  });
});

describe('EDIFACT syntax: envelope checks', () => {
  it('reports truncation at the headers left open', () => {
    const r = parseEdifact(fixture('edifact/INVOIC/derived_truncated_invoice1.edi'));
    expect(r.problems.map((p) => `${p.rule}@${p.segmentPosition}`)).toEqual([
      'EDIFACT_UNZ_MISSING@1',
      'EDIFACT_UNT_MISSING@2',
      'EDIFACT_SEGMENT_UNTERMINATED@14',
    ]);
  });

  it('checks UNT, UNE and UNZ counts and references', () => {
    const text = "UNB+UNOC:3+A+B+260101:1200+REF1'UNG+ORDERS+A+B+260101:1200+G1+UN+D:96A'UNH+M1+ORDERS:D:96A:UN'BGM+220+1'UNT+9+M2'UNE+2+G2'UNZ+5+REF2'";
    expect(parseEdifact(text).problems.map((p) => p.rule)).toEqual([
      'EDIFACT_UNT_COUNT',
      'EDIFACT_UNT_REFERENCE',
      'EDIFACT_UNE_COUNT',
      'EDIFACT_UNE_REFERENCE',
      'EDIFACT_UNZ_COUNT',
      'EDIFACT_UNZ_REFERENCE',
    ]);
  });

  it('reports segments outside a message and data without UNB, without throwing', () => {
    expect(parseEdifact("UNH+1+ORDERS:D:96A:UN'UNT+2+1'").problems.map((p) => p.rule)).toEqual(['EDIFACT_UNB_MISSING']);
    expect(parseEdifact("UNB+UNOC:3+A+B+260101:1200+1'BGM+220'UNZ+0+1'").problems.map((p) => p.rule)).toEqual(['EDIFACT_SEGMENT_OUTSIDE_MESSAGE']);
    for (const junk of ['', "'", '???', 'UNA', 'UNA:+', "UNA:+.? 'UNB", '\uFEFF', "UNZ+1+1'", "++++'::::'"]) expect(() => parseEdifact(junk)).not.toThrow();
  });
});

describe('EDIFACT serializer', () => {
  const spec = (over: Partial<EdifactInterchangeSpec> = {}): EdifactInterchangeSpec => ({
    syntax: { identifier: 'UNOC', version: '3' },
    sender: { id: '4012345000008', qualifier: '14' },
    receiver: { id: '4012345000009', qualifier: '14' },
    at: AT,
    controlReference: 'PB0000731',
    messages: [
      {
        reference: '1',
        type: 'ORDERS',
        version: 'D',
        release: '96A',
        association: 'EAN008',
        segments: [
          { tag: 'BGM', elements: ['220', "P?0023+1:'x", '9'] },
          { tag: 'FTX', elements: ['AAI', '', '', ['a:b', 'c']] },
        ],
      },
      { reference: '2', type: 'ORDERS', version: 'D', release: '96A', segments: [{ tag: 'BGM', elements: ['220', 'P00232', '9'] }] },
    ],
    ...over,
  });

  it('escapes separators and the release character, and counts UNT and UNZ', () => {
    const out = serializeEdifact(spec());
    expect(out.ok).toBe(true);
    expect(out.text).toContain("BGM+220+P??0023?+1?:?'x+9'");
    expect(out.text).toContain("FTX+AAI+++a?:b:c'");
    expect(out.text).toContain("UNT+4+1'");
    expect(out.text).toContain("UNT+3+2'");
    expect(out.text).toMatch(/UNZ\+2\+PB0000731'$/);
    const back = parseEdifact(out.text);
    expect(back.problems).toEqual([]);
    expect(el(back.interchanges[0].groups[0].sets[0].segments[0], 2)).toBe("P?0023+1:'x");
  });

  it('writes UNG/UNE with the group count and syntax 4 dates', () => {
    const s = spec({ syntax: { identifier: 'UNOC', version: '4' }, lineBreaks: true });
    const out = serializeEdifact({
      ...s,
      messages: undefined,
      groups: [{ functionalId: 'ORDERS', sender: s.sender, receiver: s.receiver, reference: 'G1', version: 'D', release: '01B', messages: s.messages ?? [] }],
    });
    expect(out.text).toContain("UNB+UNOC:4+4012345000008:14+4012345000009:14+20261126:0830+PB0000731'");
    expect(out.text).toContain("UNE+2+G1'");
    expect(out.text).toContain("UNZ+1+PB0000731'");
    expect(out.text.startsWith("UNA:+.?*'")).toBe(true);
    expect(parseEdifact(out.text).problems).toEqual([]);
  });

  it('refuses a value with a separator when the UNA says there is no release character', () => {
    const out = serializeEdifact(spec({ delimiters: { release: null } }));
    expect(out.ok).toBe(false);
    expect(out.problems[0].rule).toBe('BUILD_NO_RELEASE_CHARACTER');
  });
});
