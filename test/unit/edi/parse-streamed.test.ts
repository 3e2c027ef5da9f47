import { parseInput } from '../../../nodes/edi/run/parse';
import { parseInputAnySize, STREAM_ABOVE_CHARS } from '../../../nodes/edi/run/parse-streamed';
import { AT, fixtureText } from './helpers';

/** Copies of a real interchange, enough of them to pass the size from which files are parsed set by set. */
function largeFile(one: string): string {
  return one.repeat(Math.ceil((STREAM_ABOVE_CHARS + 1) / one.length));
}

/** Runs `work` and counts the timer callbacks that got a turn meanwhile: none when it held the event loop. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  const timer = setInterval(() => (turns += 1), 1);
  try {
    const value = await work();
    return { value, turns };
  } finally {
    clearInterval(timer);
  }
}

describe('parsing a large supplier file set by set', () => {
  it.each([
    ['X12 855', 'x12/855/node-x12_855.edi'],
    ['EDIFACT ORDRSP', 'edifact/ORDRSP/handwritten_ordrsp_d96a.edi'],
  ])('%s: the same documents, interchanges and validity as the whole parse, and the event loop keeps turning', async (_name, file) => {
    const text = largeFile(fixtureText(file));
    const receivedAt = AT.toISOString();
    const { value: streamed, turns } = await turnsDuring(() => parseInputAnySize(text, [], receivedAt));
    expect(turns).toBeGreaterThan(10);
    const whole = parseInput(text, [], receivedAt);
    expect(streamed.documents.length).toBeGreaterThan(1000);
    expect(streamed.valid).toBe(true);
    expect(streamed).toEqual(whole);
  });

  it('finds a broken envelope in the middle of a large file, with its position', async () => {
    const one = fixtureText('x12/855/node-x12_855.edi');
    const copies = largeFile(one);
    const middle = Math.floor(copies.length / 2 / one.length) * one.length;
    // One interchange in the middle says it holds 2 groups; it holds 1.
    const broken = copies.slice(0, middle) + one.replace(/IEA\*1\*/, 'IEA*2*') + copies.slice(middle + one.length);
    const streamed = await parseInputAnySize(broken, []);
    expect(streamed.valid).toBe(false);
    const errors = streamed.problems.filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].segmentPosition).toBeGreaterThan(1000);
    expect(
      parseInput(broken, [])
        .problems.filter((p) => p.severity === 'error')
        .map((p) => p.rule),
    ).toContain(errors[0].rule);
  });

  it('parses small inputs whole, as before', async () => {
    const text = fixtureText('x12/855/node-x12_855.edi');
    expect(await parseInputAnySize(text, [], AT.toISOString())).toEqual(parseInput(text, [], AT.toISOString()));
  });
});
