/**
 * Writes EDIFACT interchanges: escapes every value (release character before each separator and
 * before the release character itself, ISO 9735 §9) and counts UNT, UNE and UNZ itself, so the
 * counts are right by construction. Control references come from the caller (the ledger).
 */
import { specOccurrences, type Delimiters, type ElementSpec, type PartyId, type SegmentSpec } from '../tree';
import { problem, type EdiProblem } from '../problems';
import { DEFAULT_EDIFACT_DELIMITERS, SYNTAX4_REPETITION, unaString } from './una';

export interface EdifactMessageSpec {
  /** UNH 0062. */
  reference: string;
  /** S009: 0065 type, 0052 version, 0054 release, 0051 agency, 0057 association code. */
  type: string;
  version: string;
  release: string;
  agency?: string;
  association?: string;
  /** Body segments, without UNH and UNT. */
  segments: SegmentSpec[];
}

export interface EdifactGroupSpec {
  functionalId: string;
  sender: PartyId;
  receiver: PartyId;
  reference: string;
  agency?: string;
  /** S008: message version and release, e.g. 'D' and '96A'. */
  version: string;
  release: string;
  messages: EdifactMessageSpec[];
}

export interface EdifactInterchangeSpec {
  /** S001, e.g. UNOC version 3. Version 4 switches UNB dates to CCYYMMDD and enables repetitions. */
  syntax: { identifier: string; version: string };
  sender: PartyId;
  receiver: PartyId;
  at: Date;
  /** UNB 0020, repeated in UNZ. */
  controlReference: string;
  applicationReference?: string;
  test?: boolean;
  delimiters?: Partial<Delimiters>;
  /** Write a UNA (default: true; required whenever the separators differ from the defaults). */
  una?: boolean;
  lineBreaks?: boolean;
  /** Messages without functional groups, or groups; not both. */
  messages?: EdifactMessageSpec[];
  groups?: EdifactGroupSpec[];
}

export interface EdifactBuildResult {
  ok: boolean;
  text: string;
  problems: EdiProblem[];
}

/** Escapes one value; returns null when it needs escaping but the interchange has no release character. */
export function escapeEdifact(value: string, d: Delimiters): string | null {
  const specials = [d.element, d.component, d.segment, d.release, d.repetition].filter((c): c is string => c !== null);
  let out = '';
  for (const ch of value) {
    if (specials.includes(ch)) {
      if (d.release === null) return null;
      out += d.release;
    }
    out += ch;
  }
  return out;
}

const two = (n: number) => String(n).padStart(2, '0');

export function edifactDate(at: Date, syntaxVersion: string): string {
  const y = String(at.getUTCFullYear());
  return `${syntaxVersion >= '4' ? y : y.slice(2)}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}`;
}

function trimTrailing<T>(values: T[], empty: (v: T) => boolean): T[] {
  let n = values.length;
  while (n > 0 && empty(values[n - 1])) n--;
  return values.slice(0, n);
}

class Writer {
  readonly problems: EdiProblem[] = [];
  private readonly parts: string[] = [];
  segments = 0;

  constructor(
    private readonly d: Delimiters,
    private readonly newline: string,
  ) {}

  write(tag: string, elements: ElementSpec[]): void {
    const d = this.d;
    const text = elements.map((spec, i) => {
      const occurrences = specOccurrences(spec);
      if (occurrences.length > 1 && d.repetition === null) {
        this.problems.push(problem('BUILD_NO_RELEASE_CHARACTER', 0, tag, `${tag}${two(i + 1)} repeats but syntax 1-3 has no repetition separator`));
      }
      return occurrences
        .map((occ) =>
          trimTrailing(occ, (v) => v === '')
            .map((v) => {
              const escaped = escapeEdifact(v, d);
              if (escaped === null)
                this.problems.push(
                  problem('BUILD_NO_RELEASE_CHARACTER', 0, tag, `${tag}${two(i + 1)} "${v}" contains a separator and there is no release character`),
                );
              return escaped ?? '';
            })
            .join(d.component),
        )
        .join(d.repetition ?? '');
    });
    // Trailing empty elements are omitted (ISO 9735 §7.5).
    const kept = trimTrailing(text, (v) => v === '');
    this.parts.push([tag, ...kept].join(d.element) + d.segment + this.newline);
    this.segments++;
  }

  raw(text: string): void {
    this.parts.push(text + this.newline);
  }

  text(): string {
    return this.parts.join('');
  }
}

export function serializeEdifact(spec: EdifactInterchangeSpec): EdifactBuildResult {
  const syntax4 = spec.syntax.version >= '4';
  const d: Delimiters = {
    ...DEFAULT_EDIFACT_DELIMITERS,
    repetition: syntax4 ? SYNTAX4_REPETITION : null,
    ...spec.delimiters,
  };
  const w = new Writer(d, spec.lineBreaks ? '\n' : '');
  if (spec.una !== false) w.raw(unaString(d));

  const party = (p: PartyId): string[] => (p.qualifier ? [p.id, p.qualifier] : [p.id]);
  const unb: ElementSpec[] = [
    [spec.syntax.identifier, spec.syntax.version],
    party(spec.sender),
    party(spec.receiver),
    [edifactDate(spec.at, spec.syntax.version), `${two(spec.at.getUTCHours())}${two(spec.at.getUTCMinutes())}`],
    spec.controlReference,
    '',
    spec.applicationReference ?? '',
    '',
    '',
    '',
    spec.test ? '1' : '',
  ];
  w.write('UNB', unb);

  const writeMessage = (m: EdifactMessageSpec) => {
    const start = w.segments;
    const id = trimTrailing([m.type, m.version, m.release, m.agency ?? 'UN', m.association ?? ''], (v) => v === '');
    w.write('UNH', [m.reference, id]);
    for (const s of m.segments) w.write(s.tag, s.elements);
    w.write('UNT', [String(w.segments - start + 1), m.reference]);
  };

  let count = 0;
  if (spec.groups && spec.groups.length > 0) {
    for (const g of spec.groups) {
      w.write('UNG', [
        g.functionalId,
        party(g.sender),
        party(g.receiver),
        [edifactDate(spec.at, spec.syntax.version), `${two(spec.at.getUTCHours())}${two(spec.at.getUTCMinutes())}`],
        g.reference,
        g.agency ?? 'UN',
        [g.version, g.release],
      ]);
      g.messages.forEach(writeMessage);
      w.write('UNE', [String(g.messages.length), g.reference]);
      count++;
    }
  } else {
    for (const m of spec.messages ?? []) {
      writeMessage(m);
      count++;
    }
  }
  w.write('UNZ', [String(count), spec.controlReference]);
  return { ok: w.problems.length === 0, text: w.problems.length === 0 ? w.text() : '', problems: w.problems };
}
