import fc from 'fast-check';
import {
  EdifactStreamParser,
  el,
  escapeEdifact,
  parseEdifact,
  parseX12,
  serializeEdifact,
  serializeX12,
  DEFAULT_EDIFACT_DELIMITERS,
  type Delimiters,
  type EdifactMessageSpec,
  type SegmentSpec,
} from '../../../nodes/edi/codec';
import { AT } from './helpers';

/** Distinct service characters drawn from the ones partners actually use. */
const separators = fc
  .shuffledSubarray([':', '+', "'", '?', '*', '=', '~', '|', '^', '!', '#'], { minLength: 5, maxLength: 5 })
  .map(([component, element, segment, release, repetition]): Delimiters => ({ component, element, segment, release, repetition, decimal: '.' }));

/** Values of any Unicode, with the separators and line breaks well represented. */
const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(':', '+', "'", '?', '*', '=', '~', '|', '^', '!', '#', ' ', '\r', '\n', 'A', 'ü'), maxLength: 12 }),
);
const elements = fc.array(fc.array(value, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 });

function message(body: string[][][], reference = '1'): EdifactMessageSpec {
  return { reference, type: 'INVRPT', version: 'D', release: '96A', segments: body.map((els) => ({ tag: 'FTX', elements: els })) };
}

describe('EDIFACT escaping (property)', () => {
  it('any value survives serialize → parse with the release character, whatever the separators and chunking', () => {
    fc.assert(
      fc.property(separators, fc.array(elements, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 40 }), (d, body, chunk) => {
        const out = serializeEdifact({
          syntax: { identifier: 'UNOC', version: '4' },
          sender: { id: 'A', qualifier: '' },
          receiver: { id: 'B', qualifier: '' },
          at: AT,
          controlReference: '1',
          delimiters: d,
          messages: [message(body)],
        });
        expect(out.ok).toBe(true);
        const parser = new EdifactStreamParser();
        for (let i = 0; i < out.text.length; i += chunk) parser.write(out.text.slice(i, i + chunk));
        const r = parser.end();
        expect(r.problems).toEqual([]);
        const segs = r.interchanges[0].groups[0].sets[0].segments;
        body.forEach((els, s) => els.forEach((components, e) => components.forEach((v, c) => expect(el(segs[s], e + 1, c + 1)).toBe(v))));
      }),
      { numRuns: 300 },
    );
  });

  it('escapeEdifact puts the release character before exactly the service characters', () => {
    fc.assert(
      fc.property(value, (v) => {
        const escaped = escapeEdifact(v, DEFAULT_EDIFACT_DELIMITERS) as string;
        const unescaped = escaped.replace(/\?(.)/gsu, '$1');
        expect(unescaped).toBe(v);
        expect(escaped.replace(/\?[?:+']/g, '')).not.toMatch(/[?:+']/);
      }),
    );
  });
});

describe('generated envelopes always count right (property)', () => {
  const plainValue = fc.stringMatching(/^[A-Z0-9 .-]{0,10}$/);
  const body = fc.array(fc.array(plainValue, { minLength: 1, maxLength: 4 }), { maxLength: 8 });

  it('EDIFACT UNT, UNE and UNZ', () => {
    fc.assert(
      fc.property(fc.array(fc.array(body, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), fc.boolean(), (groups, useGroups) => {
        let ref = 0;
        const toMessages = (g: string[][][]) =>
          g.map((m) =>
            message(
              m.map((els) => els.map((v) => [v])),
              String(++ref),
            ),
          );
        const base = {
          syntax: { identifier: 'UNOC', version: '3' },
          sender: { id: 'A', qualifier: '' },
          receiver: { id: 'B', qualifier: '' },
          at: AT,
          controlReference: 'IC1',
        };
        const out = useGroups
          ? serializeEdifact({
              ...base,
              groups: groups.map((g, i) => ({
                functionalId: 'INVRPT',
                sender: base.sender,
                receiver: base.receiver,
                reference: `G${i}`,
                version: 'D',
                release: '96A',
                messages: toMessages(g),
              })),
            })
          : serializeEdifact({ ...base, messages: toMessages(groups.flat()) });
        const r = parseEdifact(out.text);
        expect(r.problems).toEqual([]);
        const sets = r.interchanges[0].groups.flatMap((g) => g.sets);
        expect(sets.map((s) => Number(el(s.trailer, 1)))).toEqual(sets.map((s) => s.segments.length + 2));
        expect(Number(el(r.interchanges[0].trailer, 1))).toBe(useGroups ? groups.length : sets.length);
      }),
      { numRuns: 150 },
    );
  });

  it('X12 SE01, GE01 and IEA01', () => {
    const tagged = fc.array(
      fc.array(plainValue, { minLength: 1, maxLength: 4 }).map((els): SegmentSpec => ({ tag: 'REF', elements: ['ZZ', ...els.map((v) => v || 'X')] })),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(tagged, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('00401', '00501'),
        (groups, isaVersion) => {
          const out = serializeX12({
            sender: { id: 'A', qualifier: 'ZZ' },
            receiver: { id: 'B', qualifier: 'ZZ' },
            controlNumber: 7,
            at: AT,
            isaVersion,
            groups: groups.map((sets, g) => ({
              functionalId: 'IB',
              applicationSender: 'AA',
              applicationReceiver: 'BB',
              controlNumber: String(g + 1),
              version: isaVersion === '00501' ? '005010' : '004010',
              sets: sets.map((segments, s) => ({ type: '846', controlNumber: String(s + 1).padStart(4, '0'), segments })),
            })),
          });
          expect(out.ok).toBe(true);
          const r = parseX12(out.text);
          expect(r.problems).toEqual([]);
          const ic = r.interchanges[0];
          expect(Number(el(ic.trailer, 1))).toBe(groups.length);
          ic.groups.forEach((g, i) => {
            expect(Number(el(g.trailer, 1))).toBe(groups[i].length);
            g.sets.forEach((s) => expect(Number(el(s.trailer, 1))).toBe(s.segments.length + 2));
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
