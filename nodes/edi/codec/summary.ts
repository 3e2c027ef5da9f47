/**
 * The pure summary behind `planbridge edi parse <file> --json`: standard, validity, every problem
 * with its segment position, and per interchange its parties, delimiters and sets with their key
 * document facts. It never throws; exit codes are the CLI's business.
 */
import { decodeInput } from './input';
import { parseEdi } from './parse';
import { problem, hasErrors, type EdiProblem } from './problems';
import type { Delimiters, EdiInterchange, PartyId, Standard } from './tree';
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

function summarizeInterchange(ic: EdiInterchange, problems: EdiProblem[]): InterchangeSummary {
  const { element, component, segment, repetition, release } = ic.delimiters;
  return {
    sender: ic.sender,
    receiver: ic.receiver,
    controlReference: ic.controlReference,
    delimiters: { element, component, segment, repetition, release },
    sets: ic.groups.flatMap((g) =>
      g.sets.map((set) => {
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
      }),
    ),
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
