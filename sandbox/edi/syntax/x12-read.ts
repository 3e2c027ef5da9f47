/**
 * Reads one X12 interchange the way X12.5/X12.6 define it: the ISA is fixed width (106 characters),
 * so the element separator is character 4, the component separator character 105 and the segment
 * terminator character 106, whatever the data says. The envelope is checked level by level, and each
 * finding carries the 997 code it is reported with (DE 716 for groups, DE 718 for sets).
 */
import type { Group, Interchange, Message, Segment, SyntaxError } from './types';

/** ISA01..ISA15 widths; ISA16 is the one-character component separator. */
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1];
export const ISA_LENGTH = 106;

function err(level: SyntaxError['level'], code: string, message: string): SyntaxError {
  return { level, code, message };
}

function empty(errors: SyntaxError[]): Interchange {
  return { standard: 'x12', sender: { id: '', qualifier: '' }, receiver: { id: '', qualifier: '' }, reference: '', syntaxVersion: '', groups: [], errors };
}

/** Splits the data after the ISA into segments; whitespace after a terminator (line breaks) is layout, not data. */
function segments(text: string, element: string, component: string, terminator: string): { list: Segment[]; rest: string } {
  const parts = text.split(terminator);
  const rest = parts.pop() ?? '';
  const list: Segment[] = [];
  for (const raw of parts) {
    const trimmed = raw.replace(/^[\r\n]+/, '');
    if (trimmed === '') continue;
    const [tag, ...elements] = trimmed.split(element);
    list.push({ tag, elements: elements.map((e) => e.split(component)) });
  }
  return { list, rest };
}

export function readX12(input: string): Interchange {
  const text = input.replace(/^[\uFEFF\s]+/, '');
  if (!text.startsWith('ISA') || text.length < ISA_LENGTH) return empty([err('interchange', '', 'no complete ISA segment at the start')]);
  const element = text[3];
  const fields = text.slice(4, ISA_LENGTH - 3).split(element);
  const widthsOk = fields.length === ISA_WIDTHS.length && fields.every((f, i) => f.length === ISA_WIDTHS[i]) && text[ISA_LENGTH - 3] === element;
  if (!widthsOk || /[A-Za-z0-9 ]/.test(element)) return empty([err('interchange', '', 'the ISA is not 106 characters of fixed-width fields')]);
  const component = text[ISA_LENGTH - 2];
  const terminator = text[ISA_LENGTH - 1];
  const interchange: Interchange = {
    standard: 'x12',
    sender: { qualifier: fields[4].trim(), id: fields[5].trim() },
    receiver: { qualifier: fields[6].trim(), id: fields[7].trim() },
    reference: fields[12],
    syntaxVersion: fields[11],
    groups: [],
    errors: [],
  };
  const { list, rest } = segments(text.slice(ISA_LENGTH), element, component, terminator);
  if (rest.trim() !== '') interchange.errors.push(err('interchange', '', `data after the last segment terminator: "${rest.trim().slice(0, 20)}"`));

  let group: Group | null = null;
  let message: Message | null = null;
  let count = 0;
  let version = '';
  let closed = false;
  for (const s of list) {
    if (closed) {
      interchange.errors.push(err('interchange', '', `${s.tag} after IEA: one interchange per file`));
      break;
    }
    const v = (n: number) => s.elements[n - 1]?.[0] ?? '';
    if (message && s.tag !== 'SE' && !['GS', 'GE', 'ST', 'IEA'].includes(s.tag)) {
      message.body.push(s);
      count++;
      continue;
    }
    switch (s.tag) {
      case 'GS':
        if (group) group.errors.push(err('group', '3', `GS ${group.reference} has no GE`));
        group = { id: v(1), reference: v(6), messages: [], errors: [] };
        version = v(8);
        interchange.groups.push(group);
        break;
      case 'ST':
        if (message) message.errors.push(err('message', '2', `ST ${message.reference} has no SE`));
        if (!group) {
          interchange.errors.push(err('interchange', '', 'ST outside a GS functional group'));
          group = { id: '', reference: '', messages: [], errors: [] };
          interchange.groups.push(group);
        }
        message = { type: v(1), reference: v(2), version, body: [], errors: [] };
        group.messages.push(message);
        count = 1;
        break;
      case 'SE':
        if (!message) {
          group?.errors.push(err('group', '', 'SE without ST'));
          break;
        }
        count++;
        if (v(1) !== String(count)) message.errors.push(err('message', '4', `SE01 says ${v(1)} segments, ST..SE holds ${count}`));
        if (v(2) !== message.reference) message.errors.push(err('message', '3', `SE02 ${v(2)} differs from ST02 ${message.reference}`));
        message = null;
        break;
      case 'GE':
        if (message) message.errors.push(err('message', '2', `ST ${message.reference} has no SE`));
        message = null;
        if (!group) {
          interchange.errors.push(err('interchange', '', 'GE without GS'));
          break;
        }
        if (v(1) !== String(group.messages.length)) group.errors.push(err('group', '5', `GE01 says ${v(1)} sets, the group holds ${group.messages.length}`));
        if (v(2) !== group.reference) group.errors.push(err('group', '4', `GE02 ${v(2)} differs from GS06 ${group.reference}`));
        group = null;
        break;
      case 'IEA':
        if (message) message.errors.push(err('message', '2', `ST ${message.reference} has no SE`));
        if (group) group.errors.push(err('group', '3', `GS ${group.reference} has no GE`));
        message = null;
        group = null;
        if (v(1) !== String(interchange.groups.length))
          interchange.errors.push(err('interchange', '', `IEA01 says ${v(1)} groups, the interchange holds ${interchange.groups.length}`));
        if (v(2) !== interchange.reference) interchange.errors.push(err('interchange', '', `IEA02 ${v(2)} differs from ISA13 ${interchange.reference}`));
        closed = true;
        break;
      default:
        interchange.errors.push(err('interchange', '', `${s.tag} outside a transaction set`));
    }
  }
  if (message) message.errors.push(err('message', '2', `ST ${message.reference} has no SE`));
  if (group) group.errors.push(err('group', '3', `GS ${group.reference} has no GE`));
  if (!closed) interchange.errors.push(err('interchange', '', 'no IEA: the interchange is truncated'));
  return interchange;
}
