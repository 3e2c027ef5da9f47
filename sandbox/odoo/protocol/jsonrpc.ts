import type { RequestContext } from '../core';
import { dispatchRpc, rpcCallInfo } from './rpc-services';
import { isJsonMimetype, parseJsonRpc, sendBadJsonRpc, sendError, sendResult } from './json-envelope';
import { mimetype, sendHtmlError } from './http-io';

/** POST /jsonrpc: {"service", "method", "args"} routed to common/object/db; stateless. */
export async function handleJsonRpc(ctx: RequestContext): Promise<void> {
  const { core, req, res } = ctx;
  if (!isJsonMimetype(mimetype(req))) {
    if (!(await ctx.admit({ endpoint: 'jsonrpc' }))) return;
    const routeType = core.profile.version >= 19 ? 'jsonrpc' : 'json';
    sendHtmlError(res, 400, `Request inferred type is compatible with ['http'] but '${routeType}' is expected.`);
    return;
  }
  const parsed = parseJsonRpc(ctx.body);
  if (!parsed.ok) {
    if (await ctx.admit({ endpoint: 'jsonrpc' })) sendBadJsonRpc(res, parsed.text);
    return;
  }
  const { request } = parsed;
  const { service, method, args } = request.params;
  const params = Array.isArray(args) ? args : [];
  if (!(await ctx.admit(rpcCallInfo('jsonrpc', String(service), String(method), params)))) return;
  try {
    const result = await dispatchRpc(core, String(service), String(method), params);
    sendResult(res, request.id, result);
  } catch (err) {
    sendError(core, res, request.id, err);
  }
}
