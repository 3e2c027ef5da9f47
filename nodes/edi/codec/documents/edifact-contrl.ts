/**
 * EDIFACT CONTRL (syntax and service report) ↔ FunctionalAck, both directions. UCI: 0020 the
 * acknowledged interchange reference, S002/S003 its sender and recipient, 0083 action (7 this
 * level and all lower levels acknowledged, 4 rejected, 8 received), 0085 syntax error, 0013 the
 * service segment in error. UCM per message (0062 reference, S009 id, 0083, 0085, 0013), with
 * UCS (0096 segment position in the message, 0085) and UCD (0085, S011 element position).
 * The message version is CONTRL:D:3 (syntax 3); syntax 4 partners may use CONTRL:4:1.
 */
import { el, seg, type EdiSet, type SegmentSpec } from '../tree';
import type { AckError, AckedSet, FunctionalAck } from './canonical';
import { Findings, decimal, first, type DocumentFacts } from './common';
import type { TransactionMap } from './map';

function error(code: string, tag: string | null, position: number | null, element: number | null): AckError {
  return { code, segment_tag: tag, segment_position: position, element_position: element };
}

export function readContrl(set: EdiSet): FunctionalAck {
  const uci = first(set.segments, 'UCI');
  const sets: AckedSet[] = [];
  let current: AckedSet | null = null;
  let segmentPosition: number | null = null;
  for (const s of set.segments) {
    if (s.tag === 'UCM') {
      const errors = el(s, 4) ? [error(el(s, 4), el(s, 5) || null, null, decimal(el(s, 6, 1)))] : [];
      current = { type: el(s, 2, 1) || null, control_ref: el(s, 1), status: el(s, 3) === '4' ? 'rejected' : 'accepted', errors };
      sets.push(current);
    } else if (s.tag === 'UCS' && current) {
      segmentPosition = decimal(el(s, 1));
      if (el(s, 2)) current.errors.push(error(el(s, 2), null, segmentPosition, null));
    } else if (s.tag === 'UCD' && current) {
      current.errors.push(error(el(s, 1), null, segmentPosition, decimal(el(s, 2, 1))));
    }
  }
  const action = el(uci, 4);
  const rejectedSets = sets.filter((s) => s.status === 'rejected').length;
  return {
    standard: 'edifact',
    interchange_ref: el(uci, 1) || null,
    interchange_parties: uci ? { sender: { id: el(uci, 2, 1), qualifier: el(uci, 2, 2) }, recipient: { id: el(uci, 3, 1), qualifier: el(uci, 3, 2) } } : null,
    functional_id: null,
    group_ref: null,
    status: action === '4' ? 'rejected' : rejectedSets === 0 ? 'accepted' : rejectedSets === sets.length ? 'rejected' : 'partially_accepted',
    sets,
    errors: el(uci, 5) ? [error(el(uci, 5), el(uci, 6) || null, null, decimal(el(uci, 7, 1)))] : [],
    counts: null,
  };
}

function facts(set: EdiSet): DocumentFacts {
  const ack = readContrl(set);
  return {
    number: ack.interchange_ref,
    date: null,
    parties: ack.interchange_parties
      ? [
          { role: 'sender', id: ack.interchange_parties.sender.id, qualifier: ack.interchange_parties.sender.qualifier, name: '' },
          { role: 'recipient', id: ack.interchange_parties.recipient.id, qualifier: ack.interchange_parties.recipient.qualifier, name: '' },
        ]
      : [],
    lineCount: ack.sets.length,
    lines: ack.sets.map((s) => ({ productId: `${s.type ?? ''} ${s.control_ref}`.trim(), quantity: null, unit: s.status })),
  };
}

export function buildContrlBody(ack: FunctionalAck): SegmentSpec[] {
  const parties = ack.interchange_parties ?? { sender: { id: '', qualifier: '' }, recipient: { id: '', qualifier: '' } };
  const party = (p: { id: string; qualifier: string }) => (p.qualifier ? [p.id, p.qualifier] : [p.id]);
  const position = (e: AckError | undefined) => (e?.element_position ? [String(e.element_position)] : '');
  const top = ack.errors[0];
  const out: SegmentSpec[] = [
    seg(
      'UCI',
      ack.interchange_ref ?? '',
      party(parties.sender),
      party(parties.recipient),
      ack.status === 'rejected' ? '4' : '7',
      top?.code ?? '',
      top?.segment_tag ?? '',
      position(top),
    ),
  ];
  // One UCM per message, accepted ones too (0083 = 7), so the partner can match every message.
  for (const s of ack.sets) {
    const own = s.errors.find((e) => e.segment_position === null);
    out.push(seg('UCM', s.control_ref, s.type ? [s.type] : '', s.status === 'rejected' ? '4' : '7', own?.code ?? '', own?.segment_tag ?? '', position(own)));
    for (const e of s.errors.filter((x) => x.segment_position !== null)) {
      out.push(seg('UCS', String(e.segment_position), e.element_position === null ? e.code : ''));
      if (e.element_position !== null) out.push(seg('UCD', e.code, [String(e.element_position)]));
    }
  }
  return out;
}

export const edifact_contrl: TransactionMap<FunctionalAck> = {
  standard: 'edifact',
  type: 'CONTRL',
  kind: 'functional_ack',
  facts,
  toCanonical(set) {
    const f = new Findings(set);
    if (!first(set.segments, 'UCI')) f.add('DOC_FIELD_MISSING', null, 'no UCI segment');
    if (f.problems.length > 0) return { value: null, problems: f.problems };
    return { value: readContrl(set), problems: [] };
  },
  fromCanonical: (ack) => buildContrlBody(ack),
};
