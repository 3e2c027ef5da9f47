import { promises as fs } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseInput } from '../../../nodes/edi/run/parse';
import { businessKeyOf, kindFrom } from '../../../nodes/edi/run/build';
import { interchangeNumber, CONTROL_LIMITS } from '../../../nodes/edi/run/control';
import { EXAMPLE_EDIFACT_D96A, EXAMPLE_X12_4010 } from '../../../nodes/edi/partners';
import { PlanbridgeError } from '../../../nodes/lib/errors';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'edi');

describe('parseInput', () => {
  it('never throws on any payload, and every problem names a position and a rule', async () => {
    const seed = await fs.readFile(path.join(FIXTURES, 'x12/850/node-x12_850.edi'), 'utf8');
    const edifact = await fs.readFile(path.join(FIXTURES, 'edifact/ORDRSP/handwritten_ordrsp_d96a.edi'), 'utf8');
    const payload = fc.oneof(
      fc.string(),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      // Real files cut, spliced or with one character changed: the inputs partners actually get wrong.
      fc.tuple(fc.constantFrom(seed, edifact), fc.nat(), fc.nat()).map(([text, a, b]) => text.slice(0, a % text.length) + text.slice(b % text.length)),
      fc
        .tuple(fc.constantFrom(seed, edifact), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }))
        .map(([text, at, ch]) => text.slice(0, at % text.length) + ch + text.slice((at % text.length) + 1)),
      fc.anything(),
    );
    fc.assert(
      fc.property(payload, (input) => {
        const result = parseInput(input, [EXAMPLE_X12_4010, EXAMPLE_EDIFACT_D96A]);
        expect(result.valid).toBe(!result.problems.some((p) => p.severity === 'error'));
        if (!result.valid) expect(result.problems.length).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(Number.isInteger(p.segmentPosition) && p.segmentPosition >= 0).toBe(true);
          expect(typeof p.rule).toBe('string');
          expect(typeof p.message).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('control numbers', () => {
  it('refuses with EDI_CONTROL_EXHAUSTED past the envelope limit instead of wrapping', async () => {
    const assign = jest.fn().mockResolvedValue({ exhausted: true, last: CONTROL_LIMITS.x12 });
    const failure = await interchangeNumber(assign, EXAMPLE_X12_4010, 'po:1').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PlanbridgeError);
    expect(failure).toMatchObject({ code: 'EDI_CONTROL_EXHAUSTED' });
    expect(assign).toHaveBeenCalledWith('SUP-ACME', 'interchange', 'po:1', 999_999_999);
  });

  it('writes X12 numbers with 9 digits and EDIFACT numbers as they are, with the limit of each', async () => {
    const assign = jest.fn().mockResolvedValue({ exhausted: false, number: 42, reused: false, assignedAt: 0 });
    expect(await interchangeNumber(assign, EXAMPLE_X12_4010, 'k')).toMatchObject({ text: '000000042' });
    expect(await interchangeNumber(assign, EXAMPLE_EDIFACT_D96A, 'k')).toMatchObject({ text: '42' });
    expect(assign).toHaveBeenLastCalledWith('SUP-WUERTH', 'interchange', 'k', 99_999_999_999_999);
  });
});

describe('document choice and business keys', () => {
  it.each([
    ['850', 'supplier_order'],
    ['ORDERS', 'supplier_order'],
    ['edi/DESADV', 'asn'],
    ['invoice', 'invoice'],
    ['997', 'functional_ack'],
    ['nonsense', undefined],
  ])('%s means %s', (text, kind) => {
    expect(kindFrom(text)).toBe(kind);
  });

  it('keys by document ids, or by content when there are none', () => {
    expect(businessKeyOf('supplier_order', [{ po_id: 'PO-1' }])).toBe('supplier_order:PO-1');
    const a = businessKeyOf('supplier_order', [{ lines: [] }]);
    expect(a).toMatch(/^supplier_order:sha256:[0-9a-f]{64}$/);
    expect(businessKeyOf('supplier_order', [{ lines: [] }])).toBe(a);
  });
});
