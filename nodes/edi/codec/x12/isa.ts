/**
 * Reads the delimiters and fields of an ISA straight from the raw text. node-x12 takes them from
 * fixed offsets (3, 104, 105), which breaks on an ISA whose fields were not padded; counting the
 * element separators instead still finds them, and the length check reports the bad ISA.
 */
import type { Delimiters } from '../tree';
import { problem, type EdiProblem } from '../problems';

/** ISA is fixed width: 3 + 16 separators + 87 data characters = 105, plus the terminator. */
export const ISA_LENGTH = 106;
/** Field widths of ISA01..ISA16, used to pad outgoing headers and to describe bad incoming ones. */
export const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;

export interface IsaRead {
  /** Index just after the ISA terminator. */
  end: number;
  delimiters: Delimiters;
  /** ISA01..ISA16 as written (padding kept, so ISA13 keeps its leading zeros). */
  fields: string[];
  problems: EdiProblem[];
}

const MAX_ISA_SCAN = 400;

/** Reads the ISA starting at `start`; null when no delimiters can be determined at all. */
export function readIsa(text: string, start: number, position: number): IsaRead | { end: number; problems: EdiProblem[]; delimiters: null } {
  const element = text[start + 3];
  const fail = (msg: string) => ({ end: text.length, delimiters: null, problems: [problem('X12_ISA_INVALID', position, 'ISA', msg)] });
  if (element === undefined || /[A-Za-z0-9\s]/.test(element)) return fail('No element separator after "ISA"');

  const fields: string[] = [];
  let fieldStart = start + 4;
  let i = fieldStart;
  const limit = Math.min(text.length, start + MAX_ISA_SCAN);
  // ISA16 is the component separator itself, so collect 15 fields by separator and take one char.
  while (fields.length < 15 && i < limit) {
    if (text[i] === element) {
      fields.push(text.slice(fieldStart, i));
      fieldStart = i + 1;
    }
    i++;
  }
  if (fields.length < 15) return fail(`Only ${fields.length + 1} ISA elements found; ISA has 16`);
  const component = text[fieldStart];
  const segment = text[fieldStart + 1];
  if (component === undefined || segment === undefined) return fail('The ISA is cut off before ISA16 and its terminator');
  fields.push(component);

  const problems: EdiProblem[] = [];
  const length = fieldStart + 2 - start;
  if (length !== ISA_LENGTH) {
    const bad = fields.map((f, k) => (f.length !== ISA_WIDTHS[k] ? `ISA${String(k + 1).padStart(2, '0')}` : '')).filter(Boolean);
    problems.push(problem('X12_ISA_LENGTH', position, 'ISA', `ISA is ${length} characters, not ${ISA_LENGTH}; wrong width: ${bad.join(', ')}`));
  }
  if (/[A-Za-z0-9]/.test(segment)) {
    problems.push(problem('X12_ISA_INVALID', position, 'ISA', `Segment terminator after ISA16 is "${segment}", a letter or digit`));
  }

  // ISA11 became the repetition separator in version 00402; before that it is the standards id ('U').
  let repetition: string | null = null;
  const version = fields[11].trim();
  if (version >= '00402') {
    const candidate = fields[10];
    if (candidate.length === 1 && !/[A-Za-z0-9 ]/.test(candidate) && ![element, component, segment].includes(candidate)) {
      repetition = candidate;
    } else {
      problems.push(problem('X12_REPETITION_SEPARATOR', position, 'ISA', `ISA12 is ${version} but ISA11 "${candidate}" cannot be a repetition separator`));
    }
  }
  return {
    end: fieldStart + 2,
    delimiters: { element, component, segment, repetition, release: null, decimal: '.' },
    fields,
    problems,
  };
}
