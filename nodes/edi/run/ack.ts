import { createHash } from 'node:crypto';
import {
  acknowledgeEdifact,
  acknowledgeX12,
  build997Response,
  buildContrlResponse,
  parseEdi,
  profileOf,
  readDocuments,
  readSetDocument,
  type AckStatus,
  type EdiGroup,
  type EdiInterchange,
  type EdiProblem,
  type EdiSet,
} from '../codec';
import type { PartnerProfile } from '../partners/types';
import type { AssignedControl } from './control';
import { parseSetBySet, STREAM_ABOVE_CHARS, type OnSet } from './parse-streamed';

export interface Receipt {
  interchange: EdiInterchange;
  /** Parse and mapping problems inside this interchange: they decide accepted or rejected. */
  problems: EdiProblem[];
  /** Keys the acknowledgment's control number: the same file acknowledged again gets the same number. */
  businessKey: string;
  /** Accepted, rejected, ... per acknowledged group (X12) or for the interchange (EDIFACT). */
  statuses: AckStatus[];
}

function span(ic: EdiInterchange, next: EdiInterchange | undefined): [number, number] {
  return [ic.header.position, ic.trailer?.position ?? (next ? next.header.position - 1 : Number.MAX_SAFE_INTEGER)];
}

/** The interchanges of a received file with their own problems; empty when nothing could be read. */
export function receipts(text: string, profiles: readonly PartnerProfile[]): Receipt[] {
  const parsed = parseEdi(text);
  if (parsed.standard === null) return [];
  const mapping = readDocuments(parsed, { profiles }).flatMap((d) => d.problems);
  return acknowledgeable(parsed.interchanges, [...parsed.problems, ...mapping], text);
}

function acknowledgeable(interchanges: EdiInterchange[], all: EdiProblem[], text: string): Receipt[] {
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 32);
  return interchanges.map((interchange, i) => {
    const [from, to] = span(interchange, interchanges[i + 1]);
    const problems = all.filter((p) => p.segmentPosition >= from && p.segmentPosition <= to);
    const statuses =
      interchange.standard === 'x12' ? acknowledgeX12(interchange, problems).map((a) => a.status) : [acknowledgeEdifact(interchange, problems).status];
    return { interchange, problems, businessKey: `ack:${interchange.sender.id}:${interchange.controlReference}:${digest}`, statuses };
  });
}

/** What the acknowledgments need of a set: its envelope, never its segments. */
function skeleton(set: EdiSet): EdiSet {
  // A fresh copy: the parser's strings are slices of the text, and a kept slice pins what it came from.
  return JSON.parse(JSON.stringify({ ...set, segments: [] })) as EdiSet;
}

/**
 * receipts() for any size: a file over STREAM_ABOVE_CHARS is read one set at a time, keeping only each
 * set's envelope and its problems, yielding to the event loop between slices; the acknowledgments come
 * out the same. (Parsing a 10 MB file whole here took about 900 MB and 7 s.)
 */
export async function receiptsAnySize(text: string, profiles: readonly PartnerProfile[]): Promise<Receipt[]> {
  if (text.length <= STREAM_ABOVE_CHARS) return receipts(text, profiles);
  const mapping: EdiProblem[] = [];
  const setsOf = new Map<EdiGroup, EdiSet[]>();
  const onSet: OnSet = (set, context) => {
    const { interchange, group } = context;
    mapping.push(...(JSON.parse(JSON.stringify(readSetDocument(set, interchange, group, profileOf(interchange, profiles)).problems)) as EdiProblem[]));
    const sets = setsOf.get(group) ?? [];
    sets.push(skeleton(set));
    setsOf.set(group, sets);
  };
  const parsed = await parseSetBySet(text, onSet);
  if (!parsed) return receipts(text, profiles);
  for (const ic of parsed.interchanges) for (const group of ic.groups) group.sets = setsOf.get(group) ?? [];
  return acknowledgeable(parsed.interchanges, [...parsed.problems, ...mapping], text);
}

/** The 997 or CONTRL answering one received interchange, or the codec's problems. */
export function buildAck(receipt: Receipt, control: AssignedControl, profile: PartnerProfile): { text: string; problems: EdiProblem[] } {
  const ackControl = { interchange: control.text, at: control.assignedAt, profile };
  const result =
    receipt.interchange.standard === 'x12'
      ? build997Response(receipt.interchange, receipt.problems, ackControl)
      : buildContrlResponse(receipt.interchange, receipt.problems, ackControl);
  return { text: result.ok ? result.text : '', problems: result.problems };
}

const ACK_TYPES = new Set(['997', '999', 'CONTRL']);

/**
 * An interchange of functional acknowledgments only is never acknowledged (X12.6, and likewise
 * CONTRL): two partners would otherwise answer each other's acknowledgments forever.
 */
export function needsAcknowledgment(interchange: EdiInterchange): boolean {
  const sets = interchange.groups.flatMap((g) => g.sets);
  return sets.length > 0 && sets.some((s) => !ACK_TYPES.has(s.type));
}
