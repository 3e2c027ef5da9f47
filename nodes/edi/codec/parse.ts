/** One entry point for both standards: detect, then hand to the X12 adapter or the EDIFACT parser. */
import { decodeInput } from './input';
import { detectStandard } from './detect';
import { problem, type EdiProblem } from './problems';
import type { ParseResult } from './tree';
import { parseX12 } from './x12/parse';
import { parseEdifact } from './edifact/parse';

export type AnyParseResult = ParseResult | { standard: null; interchanges: []; problems: EdiProblem[]; segmentCount: 0 };

export function parseEdi(input: Buffer | Uint8Array | string): AnyParseResult {
  const text = decodeInput(input);
  const standard = detectStandard(text);
  if (standard === 'x12') return parseX12(text);
  if (standard === 'edifact') return parseEdifact(text);
  const empty = text.replace(/[\s\uFEFF]/g, '') === '';
  const p = empty
    ? problem('INPUT_EMPTY', 0, '', 'No data')
    : problem('DETECT_UNKNOWN_STANDARD', 0, '', `Neither X12 (ISA) nor EDIFACT (UNA/UNB): starts with ${JSON.stringify(text.slice(0, 12))}`);
  return { standard: null, interchanges: [], problems: [p], segmentCount: 0 };
}
