/**
 * The pure summary behind `planbridge edi parse <file> --json`: standard, validity, every problem
 * with its segment position, and per interchange its parties, delimiters and sets with their key
 * document facts. It never throws; exit codes are the CLI's business.
 */
import { decodeInput } from './input';
import { parseEdi } from './parse';
import { problem, hasErrors, type EdiProblem } from './problems';
import type { Delimiters, EdiInterchange, EdiSet, PartyId, Standard } from './tree';
import { detectStandard } from './detect';
import { X12StreamParser } from './x12/stream';
import { EdifactStreamParser } from './edifact/parse';
import { findMap } from './documents';
import type { DocumentFacts } from './documents/common';

export interface SetSummary {
  type: string;
  version: string;
  controlReference: string;
  segmentCount: number;
  /** null when no transaction map knows the set (a DOC_UNSUPPORTED_SET warning says so). */
  document: DocumentFacts | null;
}

export interface InterchangeSummary {
  sender: PartyId;
  receiver: PartyId;
  controlReference: string;
  delimiters: Pick<Delimiters, 'element' | 'component' | 'segment' | 'repetition' | 'release'>;
  sets: SetSummary[];
}

export interface EdiSummary {
  standard: Standard | 'unknown';
  /** false when any problem has severity 'error'. */
  valid: boolean;
  problems: EdiProblem[];
  interchanges: InterchangeSummary[];
}

function summarizeSet(set: EdiSet, ic: EdiInterchange, problems: EdiProblem[]): SetSummary {
  const map = findMap(ic.standard, set.type);
  if (!map)
    problems.push(problem('DOC_UNSUPPORTED_SET', set.header.position, set.header.tag, `No transaction map for ${ic.standard.toUpperCase()} ${set.type}`));
  return {
    type: set.type,
    version: set.version,
    controlReference: set.controlReference,
    segmentCount: set.segmentCount,
    document: map ? map.facts(set, ic) : null,
  };
}

function summarizeInterchange(ic: EdiInterchange, problems: EdiProblem[], sets?: SetSummary[]): InterchangeSummary {
  const { element, component, segment, repetition, release } = ic.delimiters;
  return {
    sender: ic.sender,
    receiver: ic.receiver,
    controlReference: ic.controlReference,
    delimiters: { element, component, segment, repetition, release },
    sets: sets ?? ic.groups.flatMap((g) => g.sets.map((set) => summarizeSet(set, ic, problems))),
  };
}

export function summarize(input: Buffer | Uint8Array | string): EdiSummary {
  try {
    const parsed = parseEdi(decodeInput(input));
    const problems = [...parsed.problems];
    const interchanges = parsed.interchanges.map((ic) => summarizeInterchange(ic, problems));
    problems.sort((a, b) => a.segmentPosition - b.segmentPosition);
    return { standard: parsed.standard ?? 'unknown', valid: !hasErrors(problems), problems, interchanges };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { standard: 'unknown', valid: false, problems: [problem('INTERNAL_ERROR', 0, '', message)], interchanges: [] };
  }
}

// Enough of the start of a file to tell X12 from EDIFACT (detectStandard looks at 4 KiB).
const HEAD_BYTES = 4096;

/**
 * The same summary from a stream of chunks (a file read piece by piece): each set is summarized
 * when its parser has it and then dropped, so memory holds one set at a time plus the summary,
 * whatever the file's size. The whole-file checks that need the complete text (node-x12's second
 * opinion on X12) are not run: use summarize() for files that fit in memory. With `sets: false` the
 * sets are checked but not listed (each interchange's `sets` is empty): memory then stays flat even
 * where the list itself (every line of every document) would be as large as the file.
 */
export async function summarizeStream(source: AsyncIterable<Uint8Array | string>, options: { sets?: boolean } = {}): Promise<EdiSummary> {
  const keepSets = options.sets ?? true;
  try {
    const iterator = source[Symbol.asyncIterator]();
    const head: Array<Uint8Array | string> = [];
    let headLength = 0;
    let next = await iterator.next();
    while (!next.done && headLength < HEAD_BYTES) {
      head.push(next.value);
      headLength += next.value.length;
      next = await iterator.next();
    }
    const start = head.map((c) => (typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
    const standard = detectStandard(decodeInput(Buffer.concat(start)));
    if (!standard) return summarize(Buffer.concat(start));
    const problems: EdiProblem[] = [];
    const sets = new Map<EdiInterchange, SetSummary[]>();
    const onSet = (set: EdiSet, context: { interchange: EdiInterchange }): void => {
      const summary = summarizeSet(set, context.interchange, problems);
      if (!keepSets) return;
      const list = sets.get(context.interchange) ?? [];
      // A fresh copy: the parser's strings are slices of the chunk they came from, and a slice kept
      // keeps its whole chunk alive (every chunk, in the end: the file).
      list.push(JSON.parse(JSON.stringify(summary)) as SetSummary);
      sets.set(context.interchange, list);
    };
    const parser = standard === 'x12' ? new X12StreamParser({ retain: 'set', onSet }) : new EdifactStreamParser({ retain: 'set', onMessage: onSet });
    for (const chunk of head) parser.write(chunk);
    while (!next.done) {
      parser.write(next.value);
      next = await iterator.next();
    }
    const parsed = parser.end();
    problems.push(...parsed.problems);
    const interchanges = parsed.interchanges.map((ic) => summarizeInterchange(ic, problems, sets.get(ic) ?? []));
    problems.sort((a, b) => a.segmentPosition - b.segmentPosition);
    return { standard, valid: !hasErrors(problems), problems, interchanges };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { standard: 'unknown', valid: false, problems: [problem('INTERNAL_ERROR', 0, '', message)], interchanges: [] };
  }
}
