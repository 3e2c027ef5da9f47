import type { Core, RequestContext } from '../core';
import type { CallInfo } from '../counters';
import { asOdooError, pythonTraceback } from '../errors';
import { PyFloat } from '../python-json';
import { send } from './http-io';
import { dispatchRpc, rpcCallInfo } from './rpc-services';
import { faultResponse, methodResponse, parseMethodCall } from './xmlrpc-codec';

const ROW_METHODS = new Set(['read', 'search_read', 'read_group', 'formatted_read_group']);

/**
 * XML-RPC keeps Python's int/float distinction (<int> vs <double>); the ORM hands out plain JS numbers, so rows of
 * the read family get their float fields tagged from the model definition.
 */
function tagFloats(core: Core, info: CallInfo, result: unknown): unknown {
  if (!info.model || !info.method || !ROW_METHODS.has(info.method) || !Array.isArray(result)) return result;
  const def = core.db.models.get(info.model);
  if (!def) return result;
  return result.map((row) => {
    if (!row || typeof row !== 'object' || Array.isArray(row)) return row;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
      const type = def.fields[key.split(':')[0]]?.type;
      out[key] = (type === 'float' || type === 'monetary') && typeof value === 'number' ? new PyFloat(value) : value;
    }
    return out;
  });
}

/** xmlrpc_handle_exception_int: AccessError 4, AccessDenied 3, UserError family 2, anything else 1 + traceback. */
function faultOf(err: unknown, legacy: boolean): [number | string, string] {
  const error = asOdooError(err);
  const className = error.pyName.split('.').pop() as string;
  if (legacy) {
    // /xmlrpc/ (no /2): xmlrpc_handle_exception_string, "historical and non-compliant" string fault codes.
    if (className === 'AccessDenied') return ['AccessDenied', error.message];
    if (className === 'MissingError' || className === 'AccessError') return [`warning -- ${className}\n\n${error.message}`, ''];
    if (error.faultCode === 2) return [`warning -- UserError\n\n${error.message}`, ''];
    return [error.message, pythonTraceback(error)];
  }
  if (error.faultCode === 1) return [1, pythonTraceback(error)];
  return [error.faultCode, error.message];
}

/** POST /xmlrpc/2/<service> (integer fault codes) and the legacy /xmlrpc/<service>. */
export async function handleXmlRpc(ctx: RequestContext, service: string, legacy: boolean): Promise<void> {
  const { core, res } = ctx;
  const reply = (xml: string): void => send(res, 200, 'text/xml; charset=utf-8', xml);
  let call;
  try {
    call = parseMethodCall(ctx.body.toString('utf8'));
  } catch (err) {
    if (await ctx.admit({ endpoint: 'xmlrpc', service })) reply(faultResponse(...faultOf(err, legacy)));
    return;
  }
  const info = rpcCallInfo('xmlrpc', service, call.methodName, call.params);
  if (!(await ctx.admit(info))) return;
  try {
    const result = await dispatchRpc(core, service, call.methodName, call.params);
    reply(methodResponse(tagFloats(core, info, result)));
  } catch (err) {
    reply(faultResponse(...faultOf(err, legacy)));
  }
}
