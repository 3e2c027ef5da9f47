import { XMLParser } from 'fast-xml-parser';

/**
 * Raw HTTP helpers for the sandbox wire tests: hand-built JSON-RPC envelopes, JSON-2 requests and XML-RPC documents,
 * deliberately independent of both the sandbox's own codecs and any planbridge client.
 */

export interface RawResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

async function raw<T>(url: string, init: RequestInit): Promise<RawResponse<T>> {
  const res = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, body: body as T };
}

export interface JsonRpcEnvelope {
  jsonrpc: string;
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data: { name: string; message: string; arguments: unknown[]; context: object; debug: string } };
}

export function postJson<T = JsonRpcEnvelope>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse<T>> {
  return raw<T>(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function jsonRpc(base: string, service: string, method: string, args: unknown[], id: unknown = 1): Promise<JsonRpcEnvelope> {
  const res = await postJson(`${base}/jsonrpc`, { jsonrpc: '2.0', method: 'call', id, params: { service, method, args } });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
  return res.body;
}

export interface Creds {
  url: string;
  db: string;
  uid: number;
  password: string;
}

export function executeKw(c: Creds, model: string, method: string, args: unknown[], kw: Record<string, unknown> = {}): Promise<JsonRpcEnvelope> {
  return jsonRpc(c.url, 'object', 'execute_kw', [c.db, c.uid, c.password, model, method, args, kw]);
}

/** The result of an execute_kw call, or a thrown Error carrying the Odoo exception name. */
export async function call<T = unknown>(c: Creds, model: string, method: string, args: unknown[], kw: Record<string, unknown> = {}): Promise<T> {
  const env = await executeKw(c, model, method, args, kw);
  if (env.error) throw new Error(`${env.error.data.name}: ${env.error.data.message}`);
  return env.result as T;
}

export function json2<T = unknown>(
  base: string,
  model: string,
  method: string,
  body: unknown,
  key?: string,
  headers: Record<string, string> = {},
): Promise<RawResponse<T>> {
  const auth: Record<string, string> = key ? { Authorization: `bearer ${key}` } : {};
  return postJson<T>(`${base}/json/2/${model}/${method}`, body, { ...auth, ...headers });
}

export function rawRequest(url: string, init: RequestInit): Promise<RawResponse> {
  return raw(url, init);
}

// --- XML-RPC, written by hand for the tests -------------------------------------------------------------

function xmlValue(v: unknown): string {
  if (v === null) return '<value><nil/></value>';
  if (typeof v === 'boolean') return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (typeof v === 'number') return Number.isInteger(v) ? `<value><int>${v}</int></value>` : `<value><double>${v}</double></value>`;
  if (typeof v === 'string') return `<value><string>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</string></value>`;
  if (Array.isArray(v)) return `<value><array><data>${v.map(xmlValue).join('')}</data></array></value>`;
  const members = Object.entries(v as Record<string, unknown>).map(([k, x]) => `<member><name>${k}</name>${xmlValue(x)}</member>`);
  return `<value><struct>${members.join('')}</struct></value>`;
}

export function methodCall(name: string, params: unknown[]): string {
  return `<?xml version="1.0"?>\n<methodCall><methodName>${name}</methodName><params>${params.map((p) => `<param>${xmlValue(p)}</param>`).join('')}</params></methodCall>`;
}

const parser = new XMLParser({
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ['value', 'member', 'param'].includes(name),
});

type XmlNode = Record<string, unknown>;

/** Decodes a <value> the way Python's xmlrpc.client does; doubles are tagged so tests can tell them from ints. */
export function decodeValue(node: XmlNode): unknown {
  const [type] = Object.keys(node);
  const inner = node[type];
  switch (type) {
    case 'int':
    case 'i4':
      return Number(inner);
    case 'double':
      return { double: String(inner) };
    case 'boolean':
      return inner === '1';
    case 'string':
      return inner === '' || inner === undefined ? '' : String(inner);
    case 'nil':
      return null;
    case 'array': {
      const data = (inner as XmlNode).data as XmlNode | string;
      const values = typeof data === 'object' && data ? ((data.value as XmlNode[]) ?? []) : [];
      return values.map(decodeValue);
    }
    case 'struct': {
      const out: Record<string, unknown> = {};
      const members = (inner as XmlNode).member as XmlNode[] | undefined;
      for (const m of members ?? []) out[String(m.name)] = decodeValue((m.value as XmlNode[])[0]);
      return out;
    }
    default:
      return inner;
  }
}

export interface XmlRpcResult {
  status: number;
  contentType: string;
  text: string;
  fault?: { faultCode: unknown; faultString: string };
  value?: unknown;
}

export async function xmlRpc(base: string, path: string, method: string, params: unknown[]): Promise<XmlRpcResult> {
  const res = await raw<string>(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: methodCall(method, params) });
  const doc = parser.parse(res.text) as { methodResponse: { fault?: { value: XmlNode[] }; params?: { param: Array<{ value: XmlNode[] }> } } };
  const out: XmlRpcResult = { status: res.status, contentType: res.headers.get('content-type') ?? '', text: res.text };
  if (doc.methodResponse.fault) out.fault = decodeValue(doc.methodResponse.fault.value[0]) as XmlRpcResult['fault'];
  else out.value = decodeValue((doc.methodResponse.params as { param: Array<{ value: XmlNode[] }> }).param[0].value[0]);
  return out;
}

/** A loopback HTTP receiver that resolves a promise per request: tests wait on events, never on sleeps. */
export interface Receiver {
  url: string;
  requests: Array<{ method: string; headers: Record<string, string | string[] | undefined>; body: string }>;
  next(): Promise<{ method: string; headers: Record<string, string | string[] | undefined>; body: string }>;
  close(): Promise<void>;
}
