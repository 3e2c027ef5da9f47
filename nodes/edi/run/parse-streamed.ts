import { setImmediate as turn } from 'node:timers/promises';
import {
  detectStandard,
  EdifactStreamParser,
  hasErrors,
  problem,
  profileOf,
  readSetDocument,
  X12StreamParser,
  type EdiGroup,
  type EdiInterchange,
  type EdiProblem,
  type EdiSet,
  type ParseResult,
} from '../codec';
import type { PartnerProfile } from '../partners/types';
import { inputText, parseInput, type CompactInterchange, type FlowDocument, type ParsedInput } from './parse';

/** Inputs above this size are parsed set by set (the whole tree of a large file takes many times its size). */
export const STREAM_ABOVE_CHARS = 4 * 1024 * 1024;
// Each slice is parsed, then the event loop gets a turn: a large file never stops the runtime answering.
export const SLICE_CHARS = 256 * 1024;
const BY_POSITION = (a: EdiProblem, b: EdiProblem) => a.segmentPosition - b.segmentPosition;

export type OnSet = (set: EdiSet, context: { interchange: EdiInterchange; group: EdiGroup }) => void;

/**
 * Parses a large text one set at a time (each handed to `onSet`, then dropped), giving the event loop
 * a turn after every slice. Answers the envelopes and syntax problems, or undefined when the text is
 * neither X12 nor EDIFACT.
 */
export async function parseSetBySet(text: string, onSet: OnSet): Promise<ParseResult | undefined> {
  const standard = detectStandard(text.slice(0, 4096));
  if (!standard) return undefined;
  const parser = standard === 'x12' ? new X12StreamParser({ retain: 'set', onSet }) : new EdifactStreamParser({ retain: 'set', onMessage: onSet });
  for (let at = 0; at < text.length; at += SLICE_CHARS) {
    parser.write(text.slice(at, at + SLICE_CHARS));
    await turn();
  }
  return parser.end();
}

/**
 * parseInput for any size: small inputs as before; large ones parsed one set at a time, each mapped to
 * its document and dropped, yielding to the event loop between slices. Memory holds the text, the
 * documents and one set, not the file's whole tree; the whole-file second opinion of node-x12 is
 * left out for them (as for `planbridge edi parse` of a large file). Never throws.
 */
export async function parseInputAnySize(payload: unknown, profiles: readonly PartnerProfile[], receivedAt = new Date().toISOString()): Promise<ParsedInput> {
  const text = inputText(payload);
  if (typeof text !== 'string' || text.length <= STREAM_ABOVE_CHARS) return parseInput(payload, profiles, receivedAt);
  try {
    const documents: FlowDocument[] = [];
    const mapped: EdiProblem[] = [];
    const setsOf = new Map<EdiInterchange, CompactInterchange['sets']>();
    const onSet: OnSet = (set, context) => {
      const { interchange, group } = context;
      const read = readSetDocument(set, interchange, group, profileOf(interchange, profiles), receivedAt);
      // Fresh copies: the parser's strings are slices of the text, and a kept slice pins what it came from.
      const document = JSON.parse(
        JSON.stringify({
          kind: read.kind,
          document: read.document?.value ?? null,
          type: set.type,
          version: set.version,
          controlReference: set.controlReference,
          interchange: interchange.controlReference,
          partner: read.profile?.id ?? null,
          problems: read.problems,
        }),
      ) as FlowDocument;
      documents.push(document);
      mapped.push(...document.problems);
      const sets = setsOf.get(interchange) ?? [];
      sets.push({ type: document.type, version: document.version, controlReference: document.controlReference, segmentCount: set.segmentCount });
      setsOf.set(interchange, sets);
    };
    const parsed = await parseSetBySet(text, onSet);
    if (!parsed) return parseInput(payload, profiles, receivedAt);
    const problems = [...parsed.problems, ...mapped].sort(BY_POSITION);
    const interchanges: CompactInterchange[] = parsed.interchanges.map((ic) => ({
      sender: ic.sender,
      receiver: ic.receiver,
      controlReference: ic.controlReference,
      test: ic.test,
      sets: setsOf.get(ic) ?? [],
    }));
    return { standard: parsed.standard ?? 'unknown', valid: !hasErrors(problems), documents, problems, interchanges, text };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { standard: 'unknown', valid: false, documents: [], problems: [problem('INTERNAL_ERROR', 0, '', message)], interchanges: [], text };
  }
}
