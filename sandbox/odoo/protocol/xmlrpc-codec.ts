import { XMLParser } from 'fast-xml-parser';
import { OdooError } from '../errors';
import { PyFloat, pyFloatRepr } from '../python-json';

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  trimValues: false,
  parseTagValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: true,
});

export interface MethodCall {
  methodName: string;
  params: unknown[];
}

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== '#text' && k !== ':@');
}

function children(node: XmlNode, tag: string): XmlNode[] {
  return (node[tag] as XmlNode[] | undefined) ?? [];
}

function elements(nodes: XmlNode[]): XmlNode[] {
  return nodes.filter((n) => tagOf(n) !== undefined);
}

function text(nodes: XmlNode[]): string {
  return nodes.map((n) => (typeof n['#text'] === 'string' || typeof n['#text'] === 'number' ? String(n['#text']) : '')).join('');
}

function malformed(detail: string): OdooError {
  return new OdooError('xml.parsers.expat.ExpatError', detail, 500, 1);
}

/** xmlrpc.client.loads: typed values; an untyped <value> is a string; <nil/> is None. */
function decodeValue(valueNode: XmlNode[]): unknown {
  const typed = elements(valueNode)[0];
  if (!typed) return text(valueNode);
  const tag = tagOf(typed) as string;
  const inner = children(typed, tag);
  switch (tag) {
    case 'int':
    case 'i4':
    case 'i8': {
      const n = Number(text(inner).trim());
      if (!Number.isInteger(n)) throw malformed(`bad int ${text(inner)}`);
      return n;
    }
    case 'double':
      return Number(text(inner).trim());
    case 'boolean':
      return text(inner).trim() === '1';
    case 'string':
      return text(inner);
    case 'nil':
      return null;
    case 'dateTime.iso8601': {
      // Python parses it into a datetime, which the ORM accepts for datetime fields; send it on as Odoo's string form.
      const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(text(inner).trim());
      if (!m) throw malformed(`bad dateTime ${text(inner)}`);
      return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`;
    }
    case 'base64':
      return text(inner).trim();
    case 'array': {
      const data = elements(inner).find((n) => tagOf(n) === 'data');
      if (!data) return [];
      return elements(children(data, 'data')).map((v) => decodeValue(children(v, 'value')));
    }
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const member of elements(inner)) {
        const parts = children(member, 'member');
        const name = elements(parts).find((n) => tagOf(n) === 'name');
        const value = elements(parts).find((n) => tagOf(n) === 'value');
        if (!name || !value) throw malformed('incomplete struct member');
        out[text(children(name, 'name'))] = decodeValue(children(value, 'value'));
      }
      return out;
    }
    default:
      throw malformed(`unknown tag ${tag}`);
  }
}

export function parseMethodCall(xml: string): MethodCall {
  let doc: XmlNode[];
  try {
    doc = parser.parse(xml) as XmlNode[];
  } catch (err) {
    throw malformed(err instanceof Error ? err.message : String(err));
  }
  const call = elements(doc).find((n) => tagOf(n) === 'methodCall');
  if (!call) throw malformed('no element found: line 1, column 0');
  const parts = children(call, 'methodCall');
  const nameNode = elements(parts).find((n) => tagOf(n) === 'methodName');
  const paramsNode = elements(parts).find((n) => tagOf(n) === 'params');
  const params = paramsNode
    ? elements(children(paramsNode, 'params')).map((param) => {
        const value = elements(children(param, 'param')).find((n) => tagOf(n) === 'value');
        return value ? decodeValue(children(value, 'value')) : null;
      })
    : [];
  return { methodName: nameNode ? text(children(nameNode, 'methodName')).trim() : '', params };
}

/** OdooMarshaller strips control characters (0-31 except \t \n \r), then the usual XML escaping. */
function escapeString(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- these control characters are exactly what Odoo strips
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

const MAXINT = 2 ** 31 - 1;
const MININT = -(2 ** 31);

/** Python's Marshaller with allow_none=False: None cannot be sent, ints must fit in i4. */
function encodeValue(value: unknown, out: string[]): void {
  if (value === null || value === undefined) throw new OdooError('builtins.TypeError', 'cannot marshal None unless allow_none is enabled', 500, 1);
  if (value instanceof PyFloat) {
    out.push(`<value><double>${pyFloatRepr(value.value)}</double></value>`);
  } else if (typeof value === 'boolean') {
    out.push(`<value><boolean>${value ? 1 : 0}</boolean></value>`);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value)) {
      if (value > MAXINT || value < MININT) throw new OdooError('builtins.OverflowError', 'int exceeds XML-RPC limits', 500, 1);
      out.push(`<value><int>${value}</int></value>`);
    } else {
      out.push(`<value><double>${pyFloatRepr(value)}</double></value>`);
    }
  } else if (typeof value === 'string') {
    out.push(`<value><string>${escapeString(value)}</string></value>`);
  } else if (Array.isArray(value)) {
    out.push('<value><array><data>\n');
    for (const item of value) encodeValue(item, out);
    out.push('</data></array></value>');
  } else if (typeof value === 'object') {
    out.push('<value><struct>\n');
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out.push(`<member>\n<name>${escapeString(key)}</name>\n`);
      encodeValue(item, out);
      out.push('\n</member>\n');
    }
    out.push('</struct></value>');
  } else {
    out.push(`<value><string>${escapeString(String(value))}</string></value>`);
  }
}

export function methodResponse(value: unknown): string {
  const out: string[] = ["<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"];
  encodeValue(value, out);
  out.push('\n</param>\n</params>\n</methodResponse>\n');
  return out.join('');
}

export function faultResponse(code: number | string, message: string): string {
  const out: string[] = ["<?xml version='1.0'?>\n<methodResponse>\n<fault>\n"];
  encodeValue({ faultCode: code, faultString: message }, out);
  out.push('\n</fault>\n</methodResponse>\n');
  return out.join('');
}
