import type { IncomingMessage, ServerResponse } from 'node:http';
import { pythonTraceback, type OdooError } from '../errors';

const MAX_BODY = 64 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value === undefined ? null : value), headers);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function reason(status: number): string {
  return REASONS[status] ?? 'Error';
}

/** The HTML page werkzeug renders for an HTTPException (what Odoo answers for 404 routes and 415). */
export function sendHtmlError(res: ServerResponse, status: number, description: string, headers: Record<string, string> = {}): void {
  const title = `${status} ${reason(status)}`;
  const html = `<!doctype html>\n<html lang=en>\n<title>${title}</title>\n<h1>${reason(status)}</h1>\n<p>${escapeHtml(description)}</p>\n`;
  send(res, status, 'text/html; charset=utf-8', html, headers);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const NOT_FOUND_TEXT = 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

/** http.serialize_exception: the `data` of a JSON-RPC error and the whole body of a JSON-2 error. */
export function serializeException(error: OdooError): Record<string, unknown> {
  return { name: error.pyName, message: error.message, arguments: error.args, context: {}, debug: pythonTraceback(error) };
}

export function cookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The mimetype of Content-Type without parameters, lower-cased. */
export function mimetype(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}
