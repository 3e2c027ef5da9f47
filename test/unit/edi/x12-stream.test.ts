import { parseLargeX12FromChunks, parseX12, parseX12Stream, syntheticX12Chunks, X12StreamParser } from '../../../nodes/edi/codec';
import { fixture, fixtureFiles } from './helpers';

/** Cuts text into pieces of 1..max characters, deterministic per file. */
function pieces(text: string, max: number, seed: number): string[] {
  const out: string[] = [];
  let state = seed >>> 0 || 1;
  for (let i = 0; i < text.length;) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const n = 1 + (state % max);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

const X12_FILES = fixtureFiles().filter((f) => f.startsWith('x12/'));
const EXTRA: [string, string][] = [
  ['empty', ''],
  ['BOM only', '\uFEFF  \n'],
  ['garbage', 'hello world'],
  [
    'two interchanges, the first cut off',
    'ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*U*00401*000000001*0*P*>~GS*PO*A*B*20260101*1200*1*X*004010~ST*850*0001~BEG*00*SA*1**20260101~' +
      'ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*U*00401*000000002*0*P*>~IEA*0*000000002~trailing',
  ],
];

describe('X12 by chunks', () => {
  it('has x12 fixtures to compare', () => {
    expect(X12_FILES.length).toBeGreaterThan(20);
  });

  it.each([...X12_FILES.map((f) => [f, fixture(f).toString('utf8')] as const), ...EXTRA])(
    '%s: same tree, problems and count as the whole-text parser, however it is cut',
    (_name, text) => {
      const whole = parseX12(text, { crossCheck: false });
      for (const max of [1, 7, 300, 100_000]) {
        const parser = new X12StreamParser();
        for (const piece of pieces(text, max, text.length + max)) parser.write(piece);
        expect(parser.end()).toEqual(whole);
      }
    },
  );

  it('decodes UTF-8 split inside a character', () => {
    const text = fixture('x12/850/node-x12_850.edi').toString('utf8').replace('BEG*', 'BEG*');
    const bytes = Buffer.from(text.replace(/N1\*ST\*[^*~]*/, 'N1*ST*Müller Straße'), 'utf8');
    const parser = new X12StreamParser();
    for (let i = 0; i < bytes.length; i += 3) parser.write(bytes.subarray(i, i + 3));
    expect(parser.end()).toEqual(parseX12(bytes, { crossCheck: false }));
  });

  it('with retain none keeps only envelopes, calls onSet per set, and parses a synthetic interchange cleanly', async () => {
    const seen: string[] = [];
    const r = await parseX12Stream(syntheticX12Chunks(30, 5, 1000), { retain: 'none', onSet: (s) => seen.push(s.controlReference) });
    expect(r.problems).toEqual([]);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1).padStart(4, '0')));
    expect(r.interchanges[0].groups[0].sets).toEqual([]);
    expect(r.segmentCount).toBe(4 + 30 * (3 + 10));
    const stats = await parseLargeX12FromChunks(syntheticX12Chunks(30, 5, 1000));
    expect(stats).toEqual({ interchanges: 1, messages: 30, segments: r.segmentCount, problems: [] });
  });

  it('produces the same tree with retain all as the whole-text parser on the synthetic interchange', async () => {
    const text = [...syntheticX12Chunks(10, 3, 500)].join('');
    expect(await parseX12Stream(syntheticX12Chunks(10, 3, 500))).toEqual(parseX12(text, { crossCheck: false }));
    expect(parseX12(text).problems).toEqual([]);
  });
});
