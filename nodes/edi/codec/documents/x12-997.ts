/**
 * X12 997 Functional Acknowledgment ↔ FunctionalAck, both directions: partners acknowledge our
 * 850s with it, and we acknowledge every group we receive. AK1 (01 functional id, 02 GS06 of the
 * group), per set AK2 (01 type, 02 ST02) with AK3 segment errors (01 tag, 02 position in set,
 * 04 code), AK4 element errors (01 position, 03 code) and AK5 (01 status A/E/R/M/W/X, 02.. codes);
 * AK9: 01 group status A/E/P/R, 02 sets included, 03 received, 04 accepted, 05.. codes.
 * 005010 adds AK103 (GS08 version) and AK203 (ST03); both are optional and written when known.
 */
import { el, seg, type EdiSegment, type EdiSet, type SegmentSpec } from '../tree';
import type { AckError, AckStatus, AckedSet, FunctionalAck } from './canonical';
import { Findings, decimal, first, type DocumentFacts } from './common';
import type { TransactionMap } from './map';

const SET_STATUS: Record<string, AckedSet['status']> = { A: 'accepted', E: 'accepted_with_errors', R: 'rejected', M: 'rejected', W: 'rejected', X: 'rejected' };
const GROUP_STATUS: Record<string, AckStatus> = {
  A: 'accepted',
  E: 'accepted_with_errors',
  P: 'partially_accepted',
  R: 'rejected',
  M: 'rejected',
  W: 'rejected',
  X: 'rejected',
};
const SET_CODE: Record<AckedSet['status'], string> = { accepted: 'A', accepted_with_errors: 'E', rejected: 'R' };
const GROUP_CODE: Record<AckStatus, string> = { accepted: 'A', accepted_with_errors: 'E', partially_accepted: 'P', rejected: 'R' };

function codes(s: EdiSegment | null, from: number): AckError[] {
  const out: AckError[] = [];
  for (let n = from; s && n <= s.elements.length; n++) {
    if (el(s, n)) out.push({ code: el(s, n), segment_tag: null, segment_position: null, element_position: null });
  }
  return out;
}

export function read997(set: EdiSet): FunctionalAck {
  const ak1 = first(set.segments, 'AK1');
  const ak9 = first(set.segments, 'AK9');
  const sets: AckedSet[] = [];
  let current: AckedSet | null = null;
  let segmentError: AckError | null = null;
  for (const s of set.segments) {
    if (s.tag === 'AK2') {
      current = { type: el(s, 1) || null, control_ref: el(s, 2), status: 'accepted', errors: [] };
      sets.push(current);
    } else if (s.tag === 'AK3' && current) {
      segmentError = { code: el(s, 4), segment_tag: el(s, 1) || null, segment_position: decimal(el(s, 2)), element_position: null };
      current.errors.push(segmentError);
    } else if (s.tag === 'AK4' && current) {
      // AK3 code 8 only says "see the AK4s": the element errors take its place.
      const at = segmentError;
      if (at && at.code === '8' && current.errors.includes(at)) current.errors.splice(current.errors.indexOf(at), 1);
      current.errors.push({
        code: el(s, 3),
        segment_tag: at?.segment_tag ?? null,
        segment_position: at?.segment_position ?? null,
        element_position: decimal(el(s, 1)),
      });
    } else if (s.tag === 'AK5' && current) {
      current.status = SET_STATUS[el(s, 1)] ?? 'rejected';
      current.errors.push(...codes(s, 2));
    }
  }
  const n = (i: number) => decimal(el(ak9, i)) ?? 0;
  return {
    standard: 'x12',
    interchange_ref: null,
    interchange_parties: null,
    functional_id: el(ak1, 1) || null,
    group_ref: el(ak1, 2) || null,
    status: GROUP_STATUS[el(ak9, 1)] ?? 'rejected',
    sets,
    errors: codes(ak9, 5),
    counts: ak9 ? { included: n(2), received: n(3), accepted: n(4) } : null,
  };
}

function facts(set: EdiSet): DocumentFacts {
  const ack = read997(set);
  return {
    number: ack.group_ref,
    date: null,
    parties: [],
    lineCount: ack.sets.length,
    lines: ack.sets.map((s) => ({ productId: `${s.type ?? ''} ${s.control_ref}`.trim(), quantity: null, unit: s.status })),
  };
}

export const x12_997: TransactionMap<FunctionalAck> = {
  standard: 'x12',
  type: '997',
  kind: 'functional_ack',
  functionalId: 'FA',
  facts,
  toCanonical(set) {
    const f = new Findings(set);
    if (!first(set.segments, 'AK1')) f.add('DOC_FIELD_MISSING', null, 'no AK1 segment');
    if (!first(set.segments, 'AK9')) f.add('DOC_FIELD_MISSING', null, 'no AK9 segment');
    return { value: f.problems.length > 0 ? null : read997(set), problems: f.problems };
  },
  fromCanonical(ack) {
    const out: SegmentSpec[] = [seg('AK1', ack.functional_id ?? '', ack.group_ref ?? '')];
    for (const s of ack.sets) {
      out.push(seg('AK2', s.type ?? '', s.control_ref));
      const setCodes: string[] = [];
      for (const e of s.errors) {
        if (e.segment_tag) {
          out.push(seg('AK3', e.segment_tag, e.segment_position === null ? '' : String(e.segment_position), '', e.element_position === null ? e.code : '8'));
          if (e.element_position !== null) out.push(seg('AK4', String(e.element_position), '', e.code));
        } else {
          setCodes.push(e.code);
        }
      }
      out.push(seg('AK5', SET_CODE[s.status], ...setCodes.slice(0, 5)));
    }
    const accepted = ack.sets.filter((s) => s.status !== 'rejected').length;
    const counts = ack.counts ?? { included: ack.sets.length, received: ack.sets.length, accepted };
    out.push(
      seg(
        'AK9',
        GROUP_CODE[ack.status],
        String(counts.included),
        String(counts.received),
        String(counts.accepted),
        ...ack.errors.slice(0, 5).map((e) => e.code),
      ),
    );
    return out;
  },
};
