/**
 * Splits X12 text into interchanges and segments. Each ISA brings its own delimiters, so a file
 * that concatenates interchanges from different senders still splits correctly.
 */
import type { Delimiters, EdiElement, EdiSegment } from '../tree';
import { problem, type EdiProblem } from '../problems';
import { isWhitespace } from '../input';
import { readIsa } from './isa';

export interface RawInterchange {
  /** Slice of the input holding ISA..IEA (or up to where it was cut off). */
  start: number;
  end: number;
  delimiters: Delimiters;
  /** ISA01..ISA16 as written. */
  isaFields: string[];
  /** ISA first, then every segment up to and including IEA. */
  segments: EdiSegment[];
}

export interface ScanResult {
  interchanges: RawInterchange[];
  problems: EdiProblem[];
  segmentCount: number;
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && isWhitespace(text[i])) i++;
  return i;
}

function startsInterchange(text: string, i: number): boolean {
  return text.startsWith('ISA', i) && i + 3 < text.length && !/[A-Za-z0-9\s]/.test(text[i + 3]);
}

function splitElement(value: string, d: Delimiters): EdiElement {
  const occurrences = d.repetition !== null && value.includes(d.repetition) ? value.split(d.repetition) : [value];
  // Most values are simple: skipping split() for them halves the cost of a large file.
  return occurrences.map((occ) => (occ.includes(d.component) ? occ.split(d.component) : [occ]));
}

export function splitSegment(raw: string, d: Delimiters, position: number): EdiSegment {
  const parts = raw.split(d.element);
  const tag = parts[0].trim();
  // ISA carries the separators as data (ISA11, ISA16), so it must not be split any further.
  const elements = parts.slice(1).map((v): EdiElement => (tag === 'ISA' ? [[v]] : splitElement(v, d)));
  return { tag, position, elements };
}

export function scanX12(text: string): ScanResult {
  const interchanges: RawInterchange[] = [];
  const problems: EdiProblem[] = [];
  let position = 1;
  let p = skipWhitespace(text, 0);

  while (p < text.length) {
    if (!startsInterchange(text, p)) {
      const preview = text.slice(p, p + 20).replace(/\s+/g, ' ');
      problems.push(problem('X12_ISA_MISSING', position, '', `Expected an ISA segment, found "${preview}"`));
      break;
    }
    const isa = readIsa(text, p, position);
    problems.push(...isa.problems);
    if (isa.delimiters === null) break;

    const d = isa.delimiters;
    const segments: EdiSegment[] = [{ tag: 'ISA', position, elements: isa.fields.map((f) => [[f]]) }];
    position++;
    let q = isa.end;
    for (;;) {
      q = skipWhitespace(text, q);
      if (q >= text.length || startsInterchange(text, q)) break;
      const t = text.indexOf(d.segment, q);
      const raw = t < 0 ? text.slice(q).trimEnd() : text.slice(q, t);
      const segment = splitSegment(raw, d, position);
      segments.push(segment);
      if (t < 0) {
        // A line-break terminator lost at the very end is an editor's trimming, not a cut-off file.
        if (!isWhitespace(d.segment)) {
          problems.push(
            problem('X12_SEGMENT_UNTERMINATED', position, segment.tag, `Segment ${segment.tag} at ${position} has no terminator ${JSON.stringify(d.segment)}`),
          );
        }
        q = text.length;
      } else {
        q = t + 1;
      }
      position++;
      if (segment.tag === 'IEA') break;
    }
    interchanges.push({ start: p, end: q, delimiters: d, isaFields: isa.fields, segments });
    p = skipWhitespace(text, q);
  }
  return { interchanges, problems, segmentCount: position - 1 };
}
