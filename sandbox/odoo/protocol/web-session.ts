import type { Core, RequestContext } from '../core';
import { accessDenied, accessError, sessionExpired, userError } from '../errors';
import { bindPositional } from '../orm/bind';
import { contextGet } from '../models/actions';
import { Transaction } from '../orm/transaction';
import { cookie, mimetype, sendHtmlError } from './http-io';
import { isJsonMimetype, parseJsonRpc, sendBadJsonRpc, sendError, sendResult } from './json-envelope';
import { toRpcResult, versionInfo } from './rpc-services';

type SessionRoute = 'authenticate' | 'get_session_info' | 'destroy' | 'call_kw' | 'version_info';

function sessionInfo(core: Core, uid: number): Record<string, unknown> {
  const user = core.db.store('res.users').get(uid);
  const env = core.engine.env(uid, {}, new Transaction(''));
  const p = core.profile;
  return {
    uid,
    is_system: core.auth.groupsOf(uid).some((g) => g.xmlid === 'base.group_system'),
    is_admin: core.auth.groupsOf(uid).some((g) => g.xmlid === 'base.group_system'),
    user_context: contextGet(env),
    db: core.db.name,
    server_version: p.serverVersion,
    server_version_info: p.serverVersionInfo,
    name: user?.name ?? false,
    username: user?.login ?? false,
    partner_id: user?.partner_id ?? false,
    company_id: user?.company_id ?? false,
    user_companies: {
      current_company: user?.company_id ?? false,
      allowed_companies: Object.fromEntries(
        ((user?.company_ids as number[]) ?? []).map((id) => [id, { id, name: core.db.store('res.company').get(id)?.name ?? '' }]),
      ),
    },
  };
}

/**
 * The web client's session style: /web/session/authenticate sets a session_id cookie, /web/dataset/call_kw uses it.
 * A missing or expired session is error code 100 / odoo.http.SessionExpiredException.
 */
export async function handleWebSession(ctx: RequestContext, route: SessionRoute): Promise<void> {
  const { core, req, res } = ctx;
  if (!isJsonMimetype(mimetype(req))) {
    if (await ctx.admit({ endpoint: 'web', method: route }))
      sendHtmlError(res, 400, `Request inferred type is compatible with ['http'] but 'json' is expected.`);
    return;
  }
  const parsed = parseJsonRpc(ctx.body);
  if (!parsed.ok) {
    if (await ctx.admit({ endpoint: 'web', method: route })) sendBadJsonRpc(res, parsed.text);
    return;
  }
  const { id, params } = parsed.request;
  const model = route === 'call_kw' ? (params.model as string | undefined) : undefined;
  const method = route === 'call_kw' ? String(params.method) : route;
  if (!(await ctx.admit({ endpoint: 'web', model, method }))) return;
  try {
    switch (route) {
      case 'version_info':
        sendResult(res, id, versionInfo(core));
        return;
      case 'authenticate': {
        if (params.db !== undefined && params.db !== core.db.name) throw accessError('Database not found.');
        const uid = core.auth.login(params.login, params.password);
        if (uid === false) throw accessDenied();
        const session = core.sessions.open(uid, core.db.name);
        sendResult(res, id, sessionInfo(core, uid), { 'Set-Cookie': `session_id=${session.sid}; Path=/; HttpOnly; SameSite=Lax` });
        return;
      }
      case 'destroy': {
        const sid = cookie(req, 'session_id');
        if (sid) core.sessions.destroy(sid);
        sendResult(res, id, undefined);
        return;
      }
      case 'get_session_info':
      case 'call_kw': {
        const session = core.sessions.get(cookie(req, 'session_id'));
        if (!session) throw sessionExpired();
        if (route === 'get_session_info') {
          sendResult(res, id, sessionInfo(core, session.uid));
          return;
        }
        const def = core.engine.model(params.model);
        if (!def) throw userError(`Object ${String(params.model)} doesn't exist`);
        const spec = core.engine.method(def, params.method);
        const bound = bindPositional(String(params.method), spec, params.args ?? [], params.kwargs ?? {});
        sendResult(res, id, toRpcResult(await core.engine.execute(session.uid, { def, spec }, bound)));
        return;
      }
    }
  } catch (err) {
    sendError(core, res, id, err);
  }
}
