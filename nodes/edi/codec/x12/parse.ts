/** X12 entry point: text or bytes in, tree and problem list out; never throws on bad input. */
import { decodeInput, stripLeading } from '../input';
import { problem, sortProblems, type EdiProblem } from '../problems';
import type { ParseResult } from '../tree';
import { scanX12 } from './scan';
import { buildX12Interchange } from './envelope';
import { crossCheckWithNodeX12 } from './node-x12-adapter';

export interface X12ParseOptions {
  /** Ask node-x12's strict parser for a second opinion on each interchange (default true). */
  crossCheck?: boolean;
}

export function parseX12(input: Buffer | Uint8Array | string, options: X12ParseOptions = {}): ParseResult {
  const problems: EdiProblem[] = [];
  const prepared = stripLeading(decodeInput(input));
  if (prepared.hadBom) problems.push(problem('X12_BOM', 0, '', 'A UTF-8 byte order mark preceded the ISA and was stripped'));
  const text = prepared.text;
  if (text.length === 0) {
    problems.push(problem('INPUT_EMPTY', 0, '', 'No data'));
    return { standard: 'x12', interchanges: [], problems, segmentCount: 0 };
  }

  const scanned = scanX12(text);
  problems.push(...scanned.problems);
  const interchanges = scanned.interchanges.map((raw) => {
    const built = buildX12Interchange(raw);
    problems.push(...built.problems);
    // node-x12 stops at the first error; it only adds something when our checks missed it.
    const first = raw.segments[0].position;
    const last = raw.segments[raw.segments.length - 1].position;
    const own = [...built.problems, ...scanned.problems.filter((p) => p.segmentPosition >= first && p.segmentPosition <= last)];
    if (options.crossCheck !== false) {
      problems.push(...crossCheckWithNodeX12(text.slice(raw.start, raw.end), raw.segments[0].position, own));
    }
    return built.interchange;
  });
  return { standard: 'x12', interchanges, problems: sortProblems(problems), segmentCount: scanned.segmentCount };
}
