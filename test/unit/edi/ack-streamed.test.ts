import { receipts, receiptsAnySize, type Receipt } from '../../../nodes/edi/run/ack';
import { STREAM_ABOVE_CHARS } from '../../../nodes/edi/run/parse-streamed';
import { fixtureText } from './helpers';

/** What an acknowledgment is built from, without the parse tree's segment bodies. */
function essentials(list: Receipt[]) {
  return list.map((r) => ({
    businessKey: r.businessKey,
    statuses: r.statuses,
    problems: [...r.problems].sort((a, b) => a.segmentPosition - b.segmentPosition || a.rule.localeCompare(b.rule)),
    interchange: r.interchange.controlReference,
    sets: r.interchange.groups.flatMap((g) => g.sets.map((s) => [s.type, s.controlReference, s.header.position, s.trailer?.position, s.segmentCount])),
  }));
}

function largeFile(one: string): string {
  return one.repeat(Math.ceil((STREAM_ABOVE_CHARS + 1) / one.length));
}

describe('acknowledging a large supplier file set by set', () => {
  it.each([
    ['X12 855', 'x12/855/node-x12_855.edi'],
    ['EDIFACT ORDRSP', 'edifact/ORDRSP/handwritten_ordrsp_d96a.edi'],
  ])('%s: the same receipts as the whole parse', async (_name, file) => {
    const text = largeFile(fixtureText(file));
    const streamed = await receiptsAnySize(text, []);
    expect(streamed.length).toBeGreaterThan(1000);
    expect(essentials(streamed)).toEqual(essentials(receipts(text, [])));
  });

  it('rejects the broken interchange in the middle and accepts the others, as the whole parse does', async () => {
    const one = fixtureText('x12/855/node-x12_855.edi');
    const copies = largeFile(one);
    const middle = Math.floor(copies.length / 2 / one.length) * one.length;
    // One set in the middle says it has 99 segments.
    const broken = copies.slice(0, middle) + one.replace(/SE\*\d+\*/, 'SE*99*') + copies.slice(middle + one.length);
    const streamed = await receiptsAnySize(broken, []);
    const rejected = streamed.filter((r) => r.statuses.some((s) => s !== 'accepted'));
    expect(rejected).toHaveLength(1);
    expect(essentials(streamed)).toEqual(essentials(receipts(broken, [])));
  });
});
