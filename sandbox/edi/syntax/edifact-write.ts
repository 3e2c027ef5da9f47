/**
 * Writes one EDIFACT interchange (UNA, UNB, messages, UNZ) by ISO 9735: every separator and the
 * release character inside a value is preceded by the release character, UNT counts UNH..UNT and
 * UNZ counts the messages. Syntax 4 writes the UNB date with the century.
 */
import type { Element, Party, SegmentOut } from './types';
import { EDIFACT_DEFAULTS, type EdifactSeparators } from './edifact-read';

export interface EdifactOut {
  sender: Party;
  receiver: Party;
  /** UNB 0020: one reference per file. */
  control: number;
  at: Date;
  /** UNB S001, e.g. { identifier: 'UNOC', version: '3' }. */
  syntax: { identifier: string; version: string };
  messages: { type: string; version: string; release: string; association?: string; segments: readonly SegmentOut[] }[];
}

const two = (n: number) => String(n).padStart(2, '0');

/** Escapes one value; `repetition` is the syntax 4 repetition separator, special too when in use. */
export function escapeValue(v: string, d: EdifactSeparators = EDIFACT_DEFAULTS, repetition = ''): string {
  const special = [d.component, d.element, d.segment, d.release ?? '', repetition].filter(Boolean);
  let out = '';
  for (const ch of v) out += special.includes(ch) ? `${d.release}${ch}` : ch;
  return out;
}

function trimEmpty(values: string[]): string[] {
  let n = values.length;
  while (n > 0 && values[n - 1] === '') n--;
  return values.slice(0, n);
}

export function writeEdifact(out: EdifactOut): string {
  const d = EDIFACT_DEFAULTS;
  const repetition = out.syntax.version >= '4' ? '*' : '';
  const esc = (v: string) => escapeValue(v, d, repetition);
  const element = (e: Element): string => (typeof e === 'string' ? esc(e) : trimEmpty(e.map(esc)).join(d.component));
  const line = (tag: string, elements: readonly Element[]): string => [tag, ...trimEmpty(elements.map(element))].join(d.element) + d.segment + '\n';
  const party = (p: Party): string[] => [p.id, p.qualifier];
  const y = String(out.at.getUTCFullYear());
  const date = `${out.syntax.version >= '4' ? y : y.slice(2)}${two(out.at.getUTCMonth() + 1)}${two(out.at.getUTCDate())}`;
  const reference = String(out.control);

  // Syntax 4 reserves the fifth UNA position for the repetition separator '*'; before, it is a space.
  let text = `UNA${d.component}${d.element}${d.decimal}${d.release}${repetition || ' '}${d.segment}\n`;
  text += line('UNB', [
    [out.syntax.identifier, out.syntax.version],
    party(out.sender),
    party(out.receiver),
    [date, `${two(out.at.getUTCHours())}${two(out.at.getUTCMinutes())}`],
    reference,
  ]);
  out.messages.forEach((m, i) => {
    const ref = String(i + 1);
    text += line('UNH', [ref, [m.type, m.version, m.release, 'UN', m.association ?? '']]);
    for (const s of m.segments) text += line(s.tag, s.elements);
    text += line('UNT', [String(m.segments.length + 2), ref]);
  });
  text += line('UNZ', [String(out.messages.length), reference]);
  return text;
}
