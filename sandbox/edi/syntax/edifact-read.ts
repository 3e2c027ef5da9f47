/**
 * Reads one EDIFACT interchange by ISO 9735: an optional UNA names the service characters (else
 * ':' '+' '.' '?' "'" apply), the release character makes the next character plain data, and the
 * envelope (UNB, optional UNG, UNH..UNT, UNZ) is checked for counts and references. Each finding
 * carries the CONTRL syntax error code (DE 0085) it is reported with.
 */
import type { Group, Interchange, Message, Segment, SyntaxError } from './types';

export interface EdifactSeparators {
  component: string;
  element: string;
  decimal: string;
  release: string | null;
  segment: string;
}

export const EDIFACT_DEFAULTS: EdifactSeparators = { component: ':', element: '+', decimal: '.', release: '?', segment: "'" };

function err(level: SyntaxError['level'], code: string, message: string): SyntaxError {
  return { level, code, message };
}

/** Splits into segments, honouring the release character; `tail` is what follows the last terminator. */
export function tokenize(text: string, d: EdifactSeparators): { segments: Segment[]; tail: string; danglingRelease: boolean } {
  const segments: Segment[] = [];
  let elements: string[][] = [];
  let components: string[] = [];
  let current = '';
  let started = false;
  let tailStart = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    // Line breaks between segments are layout; inside a segment they would be data.
    if (!started && (ch === '\r' || ch === '\n')) continue;
    started = true;
    if (ch === d.release) {
      if (i + 1 >= text.length) return { segments, tail: text.slice(tailStart), danglingRelease: true };
      current += text[++i];
    } else if (ch === d.component) {
      components.push(current);
      current = '';
    } else if (ch === d.element) {
      components.push(current);
      elements.push(components);
      components = [];
      current = '';
    } else if (ch === d.segment) {
      components.push(current);
      elements.push(components);
      const [tag, ...rest] = elements;
      segments.push({ tag: tag.join(''), elements: rest });
      elements = [];
      components = [];
      current = '';
      started = false;
      tailStart = i + 1;
    } else {
      current += ch;
    }
  }
  return { segments, tail: text.slice(tailStart), danglingRelease: false };
}

function empty(errors: SyntaxError[]): Interchange {
  return { standard: 'edifact', sender: { id: '', qualifier: '' }, receiver: { id: '', qualifier: '' }, reference: '', syntaxVersion: '', groups: [], errors };
}

export function readEdifact(input: string): Interchange {
  let text = input.replace(/^[\uFEFF\s]+/, '');
  let d = EDIFACT_DEFAULTS;
  if (text.startsWith('UNA')) {
    if (text.length < 9) return empty([err('interchange', '20', 'UNA is cut off')]);
    const [component, element, decimal, release, , segment] = text.slice(3, 9);
    d = { component, element, decimal, release: release === ' ' ? null : release, segment };
    const used = [component, element, segment, d.release].filter((c): c is string => c !== null);
    if (new Set(used).size !== used.length) return empty([err('interchange', '20', `UNA "${text.slice(0, 9)}" uses one character twice`)]);
    text = text.slice(9);
  }
  const { segments, tail, danglingRelease } = tokenize(text, d);
  if (segments[0]?.tag !== 'UNB') return empty([err('interchange', '13', 'the interchange does not start with UNB')]);
  const unb = segments[0];
  const v = (s: Segment, n: number, c = 1) => s.elements[n - 1]?.[c - 1] ?? '';
  const interchange: Interchange = {
    standard: 'edifact',
    sender: { id: v(unb, 2, 1), qualifier: v(unb, 2, 2) },
    receiver: { id: v(unb, 3, 1), qualifier: v(unb, 3, 2) },
    reference: v(unb, 5),
    syntaxVersion: v(unb, 1, 2),
    groups: [],
    errors: [],
  };
  if (danglingRelease) interchange.errors.push(err('interchange', '18', 'the data ends with a release character'));
  else if (tail.trim() !== '') interchange.errors.push(err('interchange', '18', `data after the last segment terminator: "${tail.trim().slice(0, 20)}"`));

  let group: Group | null = null;
  let explicitGroups = 0;
  let message: Message | null = null;
  let count = 0;
  let closed = false;
  let messages = 0;
  const implicitGroup = (): Group => {
    if (!group) {
      group = { id: '', reference: '', messages: [], errors: [] };
      interchange.groups.push(group);
    }
    return group;
  };
  for (const s of segments.slice(1)) {
    if (closed) {
      interchange.errors.push(err('interchange', '15', `${s.tag} after UNZ: one interchange per file`));
      break;
    }
    if (message && !['UNT', 'UNH', 'UNE', 'UNG', 'UNZ'].includes(s.tag)) {
      message.body.push(s);
      count++;
      continue;
    }
    switch (s.tag) {
      case 'UNG':
        group = { id: v(s, 1), reference: v(s, 5), messages: [], errors: [] };
        interchange.groups.push(group);
        explicitGroups++;
        break;
      case 'UNH':
        if (message) message.errors.push(err('message', '13', `UNH ${message.reference} has no UNT`));
        message = { type: v(s, 2, 1), reference: v(s, 1), version: `${v(s, 2, 2)}${v(s, 2, 3)}`, body: [], errors: [] };
        implicitGroup().messages.push(message);
        messages++;
        count = 1;
        break;
      case 'UNT':
        if (!message) {
          interchange.errors.push(err('interchange', '15', 'UNT without UNH'));
          break;
        }
        count++;
        if (v(s, 1) !== String(count)) message.errors.push(err('message', '29', `UNT says ${v(s, 1)} segments, UNH..UNT holds ${count}`));
        if (v(s, 2) !== message.reference) message.errors.push(err('message', '28', `UNT reference ${v(s, 2)} differs from UNH ${message.reference}`));
        message = null;
        break;
      case 'UNE':
        if (message) message.errors.push(err('message', '13', `UNH ${message.reference} has no UNT`));
        message = null;
        if (group) {
          if (v(s, 1) !== String(group.messages.length))
            group.errors.push(err('group', '29', `UNE says ${v(s, 1)} messages, the group holds ${group.messages.length}`));
          if (v(s, 2) !== group.reference) group.errors.push(err('group', '28', `UNE reference ${v(s, 2)} differs from UNG ${group.reference}`));
        }
        group = null;
        break;
      case 'UNZ': {
        if (message) message.errors.push(err('message', '13', `UNH ${message.reference} has no UNT`));
        message = null;
        // UNZ counts groups when the interchange uses them, else messages.
        const expected = explicitGroups > 0 ? explicitGroups : messages;
        if (v(s, 1) !== String(expected)) interchange.errors.push(err('interchange', '29', `UNZ says ${v(s, 1)}, the interchange holds ${expected}`));
        if (v(s, 2) !== interchange.reference)
          interchange.errors.push(err('interchange', '28', `UNZ reference ${v(s, 2)} differs from UNB ${interchange.reference}`));
        closed = true;
        break;
      }
      default:
        interchange.errors.push(err('interchange', '15', `${s.tag} outside a message`));
    }
  }
  if (message) message.errors.push(err('message', '13', 'the last message has no UNT'));
  if (!closed) interchange.errors.push(err('interchange', '13', 'no UNZ: the interchange is truncated'));
  return interchange;
}
