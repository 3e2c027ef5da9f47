import { decodeInput } from '../codec/input';
import { parseEdi, problem, readDocuments, type CanonicalKind, type EdiInterchange, type EdiProblem, type PartyId } from '../codec';
import type { PartnerProfile } from '../partners/types';

/** One set as a flow sees it: the canonical document and where it came from. */
export interface FlowDocument {
  kind: CanonicalKind | null;
  /** The canonical value; null when the set is not supported or could not be mapped. */
  document: unknown;
  type: string;
  version: string;
  controlReference: string;
  interchange: string;
  /** Our partner id (the profile found for the interchange sender), or null. */
  partner: string | null;
  problems: EdiProblem[];
}

/** An interchange in brief: enough to route on and to find it in the file. */
export interface CompactInterchange {
  sender: PartyId;
  receiver: PartyId;
  controlReference: string;
  test: boolean;
  sets: Array<{ type: string; version: string; controlReference: string; segmentCount: number }>;
}

function compact(ic: EdiInterchange): CompactInterchange {
  return {
    sender: ic.sender,
    receiver: ic.receiver,
    controlReference: ic.controlReference,
    test: ic.test,
    sets: ic.groups.flatMap((g) =>
      g.sets.map((s) => ({ type: s.type, version: s.version, controlReference: s.controlReference, segmentCount: s.segmentCount })),
    ),
  };
}

export interface ParsedInput {
  standard: 'x12' | 'edifact' | 'unknown';
  /** false when any problem is an error: the flow gets the problems instead of the documents. */
  valid: boolean;
  documents: FlowDocument[];
  problems: EdiProblem[];
  interchanges: CompactInterchange[];
  /** The input as text, kept so an acknowledgment can be built from it later. */
  text: string;
}

const BY_POSITION = (a: EdiProblem, b: EdiProblem) => a.segmentPosition - b.segmentPosition;

/** Anything a flow may hand over as EDI: text or bytes. Other values become a problem, never a throw. */
export function inputText(payload: unknown): string | EdiProblem {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload) || payload instanceof Uint8Array) return decodeInput(payload);
  if (payload === undefined || payload === null) return problem('INPUT_EMPTY', 0, '', 'msg.payload is empty');
  return problem('DETECT_UNKNOWN_STANDARD', 0, '', `msg.payload is ${Array.isArray(payload) ? 'an array' : `a ${typeof payload}`}, not EDI text or bytes`);
}

/** Parses and maps one input; never throws (a codec failure is an INTERNAL_ERROR problem). */
export function parseInput(payload: unknown, profiles: readonly PartnerProfile[], receivedAt = new Date().toISOString()): ParsedInput {
  const text = inputText(payload);
  if (typeof text !== 'string') return { standard: 'unknown', valid: false, documents: [], problems: [text], interchanges: [], text: '' };
  try {
    const parsed = parseEdi(text);
    const read = parsed.standard === null ? [] : readDocuments(parsed, { profiles, receivedAt });
    const documents: FlowDocument[] = read.map((d) => ({
      kind: d.kind,
      document: d.document?.value ?? null,
      type: d.set.type,
      version: d.set.version,
      controlReference: d.set.controlReference,
      interchange: d.interchange.controlReference,
      partner: d.profile?.id ?? null,
      problems: d.problems,
    }));
    const problems = [...parsed.problems, ...read.flatMap((d) => d.problems)].sort(BY_POSITION);
    return {
      standard: parsed.standard ?? 'unknown',
      valid: !problems.some((p) => p.severity === 'error'),
      documents,
      problems,
      interchanges: parsed.interchanges.map(compact),
      text,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { standard: 'unknown', valid: false, documents: [], problems: [problem('INTERNAL_ERROR', 0, '', message)], interchanges: [], text };
  }
}

/** What each document message of a split file says of its file: small, whatever the file's size. */
export interface DocumentBrief {
  standard: ParsedInput['standard'];
  valid: true;
  fileName: string | undefined;
  partner: unknown;
  /** 1-based position of the document in the file, and how many the file holds. */
  document: number;
  documents: number;
}

/**
 * One message per document of a valid file: the message's other properties (its id, topic, file
 * name) are kept, its payload becomes the document and msg.edi the file's brief.
 */
export function documentMessages<M extends { payload?: unknown; edi?: Record<string, unknown> }>(
  msg: M,
  parsed: ParsedInput,
  fileName: string | undefined,
): Array<Omit<M, 'payload' | 'edi'> & { payload: FlowDocument; edi: DocumentBrief }> {
  const { payload: _file, edi, ...rest } = msg;
  return parsed.documents.map((document, i) => ({
    ...rest,
    payload: document,
    edi: { standard: parsed.standard, valid: true, fileName, partner: edi?.partner, document: i + 1, documents: parsed.documents.length },
  }));
}
