/**
 * Acknowledgments for what we receive: a 997 per X12 functional group, a CONTRL per EDIFACT
 * interchange. The syntax problems the parser found (and, optionally, the mapping errors of a
 * set) decide accepted or rejected and become the error codes:
 * - X12 AK5 (DE 718): 2 trailer missing, 3 control numbers differ, 4 segment count wrong,
 *   5 segments in error; AK9 (DE 716): 3 GE missing, 4 control numbers differ, 5 set count wrong;
 *   AK3 (DE 720) 8 "segment has data element errors" for mapping errors in a segment.
 * - EDIFACT 0085: 13 missing, 28 references do not match, 29 control count does not match,
 *   33 invalid occurrence outside a message, 12 invalid value, 18 unspecified.
 * Interchange-level X12 errors (IEA count, ISA13) belong in a TA1, which we do not send.
 */
import type { EdiGroup, EdiInterchange, EdiSet } from '../tree';
import type { EdiProblem, RuleId } from '../problems';
import type { PartnerProfile } from '../../partners/types';
import type { AckError, AckedSet, FunctionalAck } from './canonical';
import { serializeX12, type BuildResult } from '../x12/serialize';
import { serializeEdifact } from '../edifact/serialize';
import { x12_997 } from './x12-997';
import { buildContrlBody } from './edifact-contrl';

function lastPosition(set: EdiSet): number {
  return set.trailer?.position ?? set.header.position + set.segmentCount - 1;
}

function inSet(p: EdiProblem, set: EdiSet): boolean {
  return p.severity === 'error' && p.segmentPosition >= set.header.position && p.segmentPosition <= lastPosition(set);
}

const X12_SET_CODES: Partial<Record<RuleId, string>> = { X12_SE_MISSING: '2', X12_SE_REFERENCE: '3', X12_SE_COUNT: '4' };
const X12_GROUP_CODES: Partial<Record<RuleId, string>> = { X12_GE_MISSING: '3', X12_GE_REFERENCE: '4', X12_GE_COUNT: '5' };

const plain = (code: string): AckError => ({ code, segment_tag: null, segment_position: null, element_position: null });

function ackSetX12(set: EdiSet, problems: readonly EdiProblem[]): AckedSet {
  const errors: AckError[] = [];
  for (const p of problems.filter((x) => inSet(x, set))) {
    const code = X12_SET_CODES[p.rule];
    if (code) errors.push(plain(code));
    else if (p.segmentTag && p.segmentTag !== 'ST' && p.segmentTag !== 'SE') {
      errors.push({ code: '8', segment_tag: p.segmentTag, segment_position: p.segmentPosition - set.header.position + 1, element_position: null });
    } else errors.push(plain('5'));
  }
  if (errors.some((e) => e.segment_tag !== null) && !errors.some((e) => e.segment_tag === null)) errors.push(plain('5'));
  return { type: set.type, control_ref: set.controlReference, status: errors.length > 0 ? 'rejected' : 'accepted', errors };
}

/** One FunctionalAck per GS group of a received X12 interchange. `problems` = parse problems plus any mapping problems. */
export function acknowledgeX12(interchange: EdiInterchange, problems: readonly EdiProblem[]): FunctionalAck[] {
  return interchange.groups
    .filter((g): g is EdiGroup & { header: NonNullable<EdiGroup['header']> } => g.header !== null)
    .map((group) => {
      const sets = group.sets.map((s) => ackSetX12(s, problems));
      const end = group.trailer?.position ?? Math.max(group.header.position, ...group.sets.map(lastPosition));
      const errors = problems
        .filter((p) => p.segmentPosition >= group.header.position && p.segmentPosition <= end && X12_GROUP_CODES[p.rule])
        .map((p) => plain(X12_GROUP_CODES[p.rule] as string));
      const accepted = sets.filter((s) => s.status !== 'rejected').length;
      const declared = Number(group.trailer?.elements[0]?.[0]?.[0]);
      return {
        standard: 'x12',
        interchange_ref: null,
        interchange_parties: null,
        functional_id: group.functionalId,
        group_ref: group.controlReference,
        status: errors.length > 0 || accepted === 0 ? 'rejected' : accepted === sets.length ? 'accepted' : 'partially_accepted',
        sets,
        errors,
        counts: { included: Number.isFinite(declared) ? declared : sets.length, received: sets.length, accepted },
      } satisfies FunctionalAck;
    });
}

const EDIFACT_INTERCHANGE_CODES: Partial<Record<RuleId, [string, string]>> = {
  EDIFACT_UNZ_MISSING: ['13', 'UNZ'],
  EDIFACT_UNZ_COUNT: ['29', 'UNZ'],
  EDIFACT_UNZ_REFERENCE: ['28', 'UNZ'],
  EDIFACT_UNE_MISSING: ['13', 'UNE'],
  EDIFACT_UNE_COUNT: ['29', 'UNE'],
  EDIFACT_UNE_REFERENCE: ['28', 'UNE'],
  EDIFACT_SEGMENT_OUTSIDE_MESSAGE: ['33', ''],
  EDIFACT_UNA_INVALID: ['18', 'UNA'],
  EDIFACT_UNB_MISSING: ['13', 'UNB'],
};
const EDIFACT_MESSAGE_CODES: Partial<Record<RuleId, [string, string]>> = {
  EDIFACT_UNT_MISSING: ['13', 'UNT'],
  EDIFACT_UNT_COUNT: ['29', 'UNT'],
  EDIFACT_UNT_REFERENCE: ['28', 'UNT'],
};

/** The FunctionalAck for a received EDIFACT interchange (one CONTRL answers the whole interchange). */
export function acknowledgeEdifact(interchange: EdiInterchange, problems: readonly EdiProblem[]): FunctionalAck {
  const end = interchange.trailer?.position ?? Infinity;
  const mine = problems.filter((p) => p.severity === 'error' && p.segmentPosition >= interchange.header.position && p.segmentPosition <= end);
  const errors: AckError[] = mine
    .filter((p) => EDIFACT_INTERCHANGE_CODES[p.rule])
    .map((p) => {
      const [code, tag] = EDIFACT_INTERCHANGE_CODES[p.rule] as [string, string];
      return { code, segment_tag: tag || null, segment_position: null, element_position: null };
    });
  const sets: AckedSet[] = interchange.groups
    .flatMap((g) => g.sets)
    .map((set) => {
      const setErrors: AckError[] = [];
      for (const p of mine.filter((x) => inSet(x, set))) {
        const hit = EDIFACT_MESSAGE_CODES[p.rule];
        if (hit) setErrors.push({ code: hit[0], segment_tag: hit[1], segment_position: null, element_position: null });
        else {
          const code = p.rule === 'DOC_FIELD_MISSING' ? '13' : p.rule === 'DOC_VALUE_INVALID' ? '12' : '18';
          setErrors.push({ code, segment_tag: null, segment_position: p.segmentPosition - set.header.position + 1, element_position: null });
        }
      }
      return { type: set.type, control_ref: set.controlReference, status: setErrors.length > 0 ? 'rejected' : 'accepted', errors: setErrors };
    });
  const rejected = sets.filter((s) => s.status === 'rejected').length;
  return {
    standard: 'edifact',
    interchange_ref: interchange.controlReference,
    interchange_parties: { sender: interchange.sender, recipient: interchange.receiver },
    functional_id: null,
    group_ref: null,
    status: errors.length > 0 || (sets.length > 0 && rejected === sets.length) ? 'rejected' : rejected > 0 ? 'partially_accepted' : 'accepted',
    sets,
    errors,
    counts: null,
  };
}

export interface AckControl {
  /** ISA13 / UNB 0020 of the acknowledgment interchange. */
  interchange: string | number;
  /** GS06 of the 997 group; defaults to the interchange number. */
  group?: string | number;
  /** ST02 / UNH 0062 of the first acknowledgment (default 1). */
  firstSet?: number;
  at?: Date;
  /** Separators and line breaks for the reply; defaults to the received interchange's. */
  profile?: PartnerProfile;
}

/** A complete 997 interchange answering `received` (sender and receiver swapped, same ISA12 and GS08). */
export function build997Response(received: EdiInterchange, problems: readonly EdiProblem[], control: AckControl): BuildResult {
  const acks = acknowledgeX12(received, problems);
  const groups = received.groups.filter((g) => g.header !== null);
  const version = groups[0]?.version || control.profile?.version || '004010';
  const d = received.delimiters;
  const first = control.firstSet ?? 1;
  return serializeX12({
    sender: received.receiver,
    receiver: received.sender,
    controlNumber: control.interchange,
    at: control.at ?? new Date(),
    isaVersion: received.syntax || version.slice(0, 5),
    test: received.test,
    delimiters: {
      element: d.element,
      component: d.component,
      segment: d.segment,
      ...(d.repetition ? { repetition: d.repetition } : {}),
      ...control.profile?.delimiters,
    },
    lineBreaks: control.profile?.lineBreaks,
    groups: [
      {
        functionalId: 'FA',
        applicationSender: groups[0]?.receiver || received.receiver.id,
        applicationReceiver: groups[0]?.sender || received.sender.id,
        controlNumber: String(control.group ?? control.interchange),
        version,
        sets: acks.map((ack, i) => ({ type: '997', controlNumber: String(first + i).padStart(4, '0'), segments: x12_997.fromCanonical(ack, {}) })),
      },
    ],
  });
}

/** A complete CONTRL interchange answering `received` (syntax identifier and separators as received). */
export function buildContrlResponse(received: EdiInterchange, problems: readonly EdiProblem[], control: AckControl): BuildResult {
  const ack = acknowledgeEdifact(received, problems);
  const [identifier = 'UNOC', version = '3'] = received.syntax.split(':');
  return serializeEdifact({
    syntax: { identifier, version },
    sender: received.receiver,
    receiver: received.sender,
    at: control.at ?? new Date(),
    controlReference: String(control.interchange),
    test: received.test,
    delimiters: { ...received.delimiters },
    lineBreaks: control.profile?.lineBreaks,
    messages: [{ reference: String(control.firstSet ?? 1), type: 'CONTRL', version: 'D', release: '3', agency: 'UN', segments: buildContrlBody(ack) }],
  });
}
