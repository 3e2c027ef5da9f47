/**
 * Writes one X12 interchange with one functional group. ISA fields are padded to their fixed widths;
 * SE01, GE01 and IEA01 are counted here. X12 has no release character, so a value holding a
 * delimiter cannot be written: that throws, as it is a bug in the sandbox's own documents.
 */
import type { Element, Party, SegmentOut } from './types';

export interface X12Delimiters {
  element: string;
  component: string;
  segment: string;
  repetition: string;
}

export const X12_DELIMITERS: X12Delimiters = { element: '*', component: '>', segment: '~', repetition: '^' };

export interface X12Out {
  sender: Party;
  receiver: Party;
  /** ISA13, GS06: one number per file. */
  control: number;
  at: Date;
  /** GS08: '004010' or '005010'. */
  version: string;
  /** GS01, e.g. 'FA' (997), 'PR' (855), 'SH' (856), 'IN' (810). */
  functionalId: string;
  sets: { type: string; segments: readonly SegmentOut[] }[];
  delimiters?: X12Delimiters;
}

const two = (n: number) => String(n).padStart(2, '0');

export function x12Date(at: Date, long: boolean): string {
  const y = String(at.getUTCFullYear());
  return `${long ? y : y.slice(2)}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}`;
}

export function x12Time(at: Date): string {
  return `${two(at.getUTCHours())}${two(at.getUTCMinutes())}`;
}

function fixed(valueText: string, width: number): string {
  if (valueText.length > width) throw new Error(`ISA value "${valueText}" is wider than ${width}`);
  return valueText.padEnd(width, ' ');
}

/** Trailing empty components and elements are left out (X12.6). */
function trimEmpty(values: string[]): string[] {
  let n = values.length;
  while (n > 0 && values[n - 1] === '') n--;
  return values.slice(0, n);
}

export function writeX12(out: X12Out): string {
  const d = out.delimiters ?? X12_DELIMITERS;
  const special = [d.element, d.component, d.segment, d.repetition];
  const check = (v: string): string => {
    const bad = special.find((c) => v.includes(c));
    if (bad !== undefined) throw new Error(`X12 value "${v}" holds the delimiter "${bad}"`);
    return v;
  };
  const element = (e: Element): string => (typeof e === 'string' ? check(e) : trimEmpty(e.map(check)).join(d.component));
  const line = (tag: string, elements: readonly Element[]): string => {
    return [tag, ...trimEmpty(elements.map(element))].join(d.element) + d.segment + '\n';
  };

  // ISA11 became the repetition separator in 00402; before that it is the standards id 'U'.
  const isaVersion = out.version.slice(0, 5);
  const control = String(out.control).padStart(9, '0');
  const isa = [
    '00',
    fixed('', 10),
    '00',
    fixed('', 10),
    fixed(out.sender.qualifier, 2),
    fixed(out.sender.id, 15),
    fixed(out.receiver.qualifier, 2),
    fixed(out.receiver.id, 15),
    x12Date(out.at, false),
    x12Time(out.at),
    isaVersion >= '00402' ? d.repetition : 'U',
    isaVersion,
    control,
    '0',
    'P',
    d.component,
  ];
  let text = ['ISA', ...isa].join(d.element) + d.segment + '\n';
  text += line('GS', [out.functionalId, out.sender.id, out.receiver.id, x12Date(out.at, true), x12Time(out.at), String(out.control), 'X', out.version]);
  out.sets.forEach((set, i) => {
    const reference = String(i + 1).padStart(4, '0');
    text += line('ST', [set.type, reference]);
    for (const s of set.segments) text += line(s.tag, s.elements);
    text += line('SE', [String(set.segments.length + 2), reference]);
  });
  text += line('GE', [String(out.sets.length), String(out.control)]);
  text += line('IEA', ['1', control]);
  return text;
}
