/**
 * Writes X12 interchanges. Envelope values are checked and padded here; node-x12 then lays out
 * the segments and computes SE01, GE01 and IEA01. Control numbers are always passed in: they
 * belong to the ledger (one sequence per partner), never to the codec.
 */
import type { ElementSpec, PartyId, SegmentSpec } from '../tree';
import { specOccurrences } from '../tree';
import { problem, type EdiProblem } from '../problems';
import { ISA_WIDTHS } from './isa';
import { generateWithNodeX12 } from './node-x12-adapter';

export interface X12Delimiters {
  element: string;
  component: string;
  segment: string;
  /** Written to ISA11 when the version is 00402 or later. */
  repetition: string;
}

export const DEFAULT_X12_DELIMITERS: X12Delimiters = { element: '*', component: '>', segment: '~', repetition: '^' };

export interface X12SetSpec {
  type: string;
  controlNumber: string;
  /** ST03, the implementation convention reference; 005010 only (e.g. '005010X230'). */
  implementationReference?: string;
  /** Body segments, without ST and SE. */
  segments: SegmentSpec[];
}

export interface X12GroupSpec {
  /** GS01, e.g. 'PO' (850), 'PR' (855), 'SH' (856), 'IN' (810), 'IB' (846), 'FA' (997). */
  functionalId: string;
  applicationSender: string;
  applicationReceiver: string;
  controlNumber: string;
  /** GS08, e.g. '004010' or '005010'. */
  version: string;
  sets: X12SetSpec[];
}

export interface X12InterchangeSpec {
  sender: PartyId;
  receiver: PartyId;
  /** ISA13; padded to 9 digits. */
  controlNumber: string | number;
  /** Date and time written to ISA09/10 and GS04/05. */
  at: Date;
  /** ISA12, e.g. '00401' or '00501'. */
  isaVersion: string;
  test?: boolean;
  /** ISA14: ask the partner for a TA1 interchange acknowledgment. */
  ackRequested?: boolean;
  delimiters?: Partial<X12Delimiters>;
  lineBreaks?: boolean;
  groups: X12GroupSpec[];
}

export interface BuildResult {
  ok: boolean;
  text: string;
  problems: EdiProblem[];
}

const pad = (v: string, width: number) => v.padEnd(width, ' ');
const two = (n: number) => String(n).padStart(2, '0');

export function x12Date(at: Date, long: boolean): string {
  const y = String(at.getUTCFullYear());
  return `${long ? y : y.slice(2)}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}`;
}

export function x12Time(at: Date): string {
  return `${two(at.getUTCHours())}${two(at.getUTCMinutes())}`;
}

function joinElement(spec: ElementSpec, d: X12Delimiters, where: string, problems: EdiProblem[]): string {
  const occurrences = specOccurrences(spec);
  for (const occ of occurrences) {
    for (const value of occ) {
      const bad = [d.element, d.component, d.segment, d.repetition].find((ch) => value.includes(ch));
      if (bad !== undefined) {
        problems.push(problem('BUILD_VALUE_HAS_DELIMITER', 0, where, `${where} value "${value}" contains the delimiter "${bad}"; X12 cannot escape it`));
      }
    }
  }
  return occurrences.map((occ) => trimTrailing(occ).join(d.component)).join(d.repetition);
}

/** Trailing empty components and elements are omitted, as X12 requires. */
function trimTrailing(values: string[]): string[] {
  let n = values.length;
  while (n > 1 && values[n - 1] === '') n--;
  return values.slice(0, n);
}

export function serializeX12(spec: X12InterchangeSpec): BuildResult {
  const d: X12Delimiters = { ...DEFAULT_X12_DELIMITERS, ...spec.delimiters };
  const problems: EdiProblem[] = [];
  const repetitionInUse = spec.isaVersion >= '00402';
  const isa = [
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    spec.sender.qualifier,
    pad(spec.sender.id, 15),
    spec.receiver.qualifier,
    pad(spec.receiver.id, 15),
    x12Date(spec.at, false),
    x12Time(spec.at),
    // Before 00402 ISA11 is the standards identifier 'U'; from 00402 on it is the repetition separator.
    repetitionInUse ? d.repetition : 'U',
    spec.isaVersion,
    String(spec.controlNumber).padStart(9, '0'),
    spec.ackRequested ? '1' : '0',
    spec.test ? 'T' : 'P',
    d.component,
  ];
  isa.forEach((value, i) => {
    if (value.length > ISA_WIDTHS[i]) {
      problems.push(problem('BUILD_VALUE_TOO_LONG', 0, 'ISA', `ISA${two(i + 1)} "${value}" is longer than ${ISA_WIDTHS[i]}`));
    }
  });

  const body = (segments: SegmentSpec[]) =>
    segments.map((s) => {
      const elements = s.elements.map((e, i) => joinElement(e, d, `${s.tag}${two(i + 1)}`, problems));
      return { tag: s.tag, elements: trimTrailing(elements) };
    });
  const groups = spec.groups.map((g) => ({
    gs: [g.functionalId, g.applicationSender, g.applicationReceiver, x12Date(spec.at, true), x12Time(spec.at), g.controlNumber, 'X', g.version],
    sets: g.sets.map((s) => ({
      st: s.implementationReference ? [s.type, s.controlNumber, s.implementationReference] : [s.type, s.controlNumber],
      segments: body(s.segments),
    })),
  }));
  if (problems.length > 0) return { ok: false, text: '', problems };

  const out = generateWithNodeX12({ isa, groups, ...d, lineBreaks: spec.lineBreaks ?? true });
  return { ok: out.problems.length === 0, text: out.text, problems: out.problems };
}
