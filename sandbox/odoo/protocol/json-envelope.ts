import type { ServerResponse } from 'node:http';
import type { Core } from '../core';
import { asOdooError } from '../errors';
import { send, sendJson, serializeException } from './http-io';

export interface JsonRpcRequest {
  id: unknown;
  params: Record<string, unknown>;
}

export type ParsedJsonRpc = { ok: true; request: JsonRpcRequest } | { ok: false; text: string };

/** JsonRPCDispatcher parsing: invalid JSON and non-object JSON bypass the envelope (400, plain text). */
export function parseJsonRpc(body: Buffer): ParsedJsonRpc {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, text: 'Invalid JSON data' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, text: 'Invalid JSON-RPC data' };
  const request = parsed as Record<string, unknown>;
  const params = request.params && typeof request.params === 'object' && !Array.isArray(request.params) ? (request.params as Record<string, unknown>) : {};
  return { ok: true, request: { id: request.id ?? null, params } };
}

export function sendBadJsonRpc(res: ServerResponse, text: string): void {
  send(res, 400, 'text/plain; charset=utf-8', text);
}

/** Success: `result` is omitted when the method returned None (`if result is not None`). */
export function sendResult(res: ServerResponse, id: unknown, result: unknown, headers: Record<string, string> = {}): void {
  const envelope: Record<string, unknown> = { jsonrpc: '2.0', id };
  if (result !== undefined && result !== null) envelope.result = result;
  sendJson(res, 200, envelope, headers);
}

/** Errors travel with HTTP 200; code 200 (16-18) or 0 (19+), except 404 for NotFound and 100 for expired sessions. */
export function sendError(core: Core, res: ServerResponse, id: unknown, err: unknown, headers: Record<string, string> = {}): void {
  const error = asOdooError(err);
  let code = core.profile.jsonRpcErrorCode;
  let message = 'Odoo Server Error';
  if (error.pyName === 'werkzeug.exceptions.NotFound') {
    code = 404;
    message = '404: Not Found';
  } else if (error.pyName === 'odoo.http.SessionExpiredException') {
    code = 100;
    message = 'Odoo Session Expired';
  }
  sendJson(res, 200, { jsonrpc: '2.0', id, error: { code, message, data: serializeException(error) } }, headers);
}

export function isJsonMimetype(mimetype: string): boolean {
  return mimetype === 'application/json' || mimetype === 'application/json-rpc';
}
