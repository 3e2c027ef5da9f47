import fc from 'fast-check';
import { parseEdi, parseLargeInterchangeFromChunks, readDocuments, summarize, summarizeStream, syntheticEdifactChunks } from '../../../nodes/edi/codec';
import { EXAMPLE_PROFILES } from '../../../nodes/edi/partners';
import { corpus, fixture } from './helpers';

describe('summarize', () => {
  it('gives standard, validity, problems and per-set document facts', () => {
    const s = summarize(fixture('x12/850/node-x12_850.edi'));
    expect(s).toMatchObject({
      standard: 'x12',
      valid: true,
      problems: [],
      interchanges: [
        {
          sender: { id: '4405197800', qualifier: '12' },
          receiver: { id: '999999999', qualifier: '01' },
          controlReference: '000003438',
          delimiters: { element: '*', component: '>', segment: '~', repetition: null, release: null },
          sets: [{ type: '850', version: '004010', controlReference: '000000010', segmentCount: 33 }],
        },
      ],
    });
    const doc = s.interchanges[0].sets[0].document;
    expect(doc).toMatchObject({
      number: '08292233294',
      date: '2010-11-27',
      lineCount: 6,
      parties: [{ role: 'ST', id: '0003947268292', qualifier: '9', name: 'XYZ RETAIL' }],
    });
    expect(doc?.lines[0]).toEqual({ productId: '065322-117', quantity: 120, unit: 'EA' });
  });

  it('reports EDIFACT delimiters including the release character', () => {
    const s = summarize(fixture('edifact/INVOIC/staedi_invoic_d97b_una.edi'));
    expect(s.interchanges[0].delimiters).toEqual({ element: '*', component: '=', segment: '~', repetition: '^', release: '?' });
  });

  it('names an unknown standard and empty input as problems', () => {
    expect(summarize('hello world')).toMatchObject({ standard: 'unknown', valid: false, problems: [{ rule: 'DETECT_UNKNOWN_STANDARD', segmentPosition: 0 }] });
    expect(summarize(Buffer.alloc(0)).problems[0].rule).toBe('INPUT_EMPTY');
    expect(summarize('\uFEFF  \r\n').problems[0].rule).toBe('INPUT_EMPTY');
  });

  it('is plain JSON', () => {
    for (const e of corpus) {
      const s = summarize(fixture(e.file));
      expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    }
  });

  it('never throws on arbitrary bytes or on mutated real files (property)', () => {
    const samples = corpus.map((e) => fixture(e.file).toString('utf8'));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(() => summarize(Buffer.from(bytes))).not.toThrow();
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 3 })), { maxLength: 6 }),
        (i, edits) => {
          let text = samples[i];
          for (const [at, drop, insert] of edits) {
            const p = at % (text.length + 1);
            text = text.slice(0, p) + insert + text.slice(p + drop);
          }
          const s = summarize(text);
          expect(s.problems.every((p) => p.rule !== 'INTERNAL_ERROR')).toBe(true);
          const parsed = parseEdi(text);
          if (parsed.standard !== null) {
            const docs = readDocuments(parsed, { profiles: EXAMPLE_PROFILES });
            expect(docs.flatMap((d) => d.problems).every((p) => p.rule !== 'INTERNAL_ERROR')).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('chunked parsing for the benchmark', () => {
  it('parses a synthetic interchange from chunks with flat memory and no problems', async () => {
    const stats = await parseLargeInterchangeFromChunks(syntheticEdifactChunks(200, 20, 4096));
    expect(stats.problems).toEqual([]);
    expect(stats.interchanges).toBe(1);
    expect(stats.messages).toBe(200);
    // UNA + UNB + 200 × (UNH, BGM, DTM, 20 × (LIN, QTY), UNT) + UNZ
    expect(stats.segments).toBe(2 + 200 * 44 + 1);
  });
});

describe('summarizeStream: the same summary, a set at a time', () => {
  async function* inChunks(text: Buffer | string, size: number): AsyncGenerator<Buffer> {
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }

  it('lists the same interchanges, sets and document facts as the whole-file summary, for every valid corpus file and any chunk size', async () => {
    const valid = corpus.filter((e) => e.valid);
    expect(valid.length).toBeGreaterThan(10);
    for (const entry of valid) {
      const text = fixture(entry.file);
      const whole = summarize(text);
      for (const size of [7, 4096]) {
        const streamed = await summarizeStream(inChunks(text, size));
        expect([entry.file, size, streamed.standard, streamed.valid, streamed.interchanges]).toEqual([
          entry.file,
          size,
          whole.standard,
          whole.valid,
          whole.interchanges,
        ]);
      }
    }
  });

  it('finds the same envelope errors in broken files', async () => {
    const broken = corpus.filter((e) => !e.valid && e.problems.some((p) => /^(X12_SE_COUNT|EDIFACT_UNT_COUNT|X12_IEA_COUNT)@/.test(p)));
    expect(broken.length).toBeGreaterThan(0);
    for (const entry of broken) {
      const streamed = await summarizeStream(inChunks(fixture(entry.file), 512));
      expect([entry.file, streamed.valid]).toEqual([entry.file, false]);
      for (const expected of entry.problems.filter((p) => /COUNT@/.test(p))) {
        expect([entry.file, streamed.problems.map((p) => `${p.rule}@${p.segmentPosition}`)]).toEqual([entry.file, expect.arrayContaining([expected])]);
      }
    }
  });

  it('checks every set but lists none when asked not to keep them', async () => {
    const chunks = syntheticEdifactChunks(200, 5, 1000);
    const summary = await summarizeStream(
      (async function* () {
        yield* chunks;
      })(),
      { sets: false },
    );
    expect(summary).toMatchObject({ standard: 'edifact', valid: true, problems: [] });
    expect(summary.interchanges).toHaveLength(1);
    expect(summary.interchanges[0].sets).toEqual([]);
  });

  it('answers anything that is no EDI as the whole-file summary does', async () => {
    for (const text of ['', 'hello world', '   \n']) {
      expect(await summarizeStream(inChunks(text, 3))).toEqual(summarize(text));
    }
  });
});
