import type { RequestContext } from '../core';
import { accessDenied, asOdooError, notFound, OdooError, unauthorized, unprocessableEntity } from '../errors';
import { bindNamed } from '../orm/bind';
import { RecordSet } from '../orm/recordset';
import { cookie, mimetype, NOT_FOUND_TEXT, sendHtmlError, sendJson, serializeException } from './http-io';

const ROUTE = /^\/json\/2\/([^/]+)\/([^/]+)$/;
const NO_KEY = 'User not authenticated, use an API Key with a Bearer Authorization header.';

function sendJson2Error(ctx: RequestContext, err: unknown): void {
  const error = asOdooError(err);
  // SessionExpiredException has no HTTP status of its own here; UserError family 422, access 403, missing 404.
  const headers: Record<string, string> = error.httpStatus === 401 ? { 'WWW-Authenticate': 'bearer' } : {};
  sendJson(ctx.res, error.httpStatus, serializeException(error), headers);
}

/** The bearer key's user; no header falls back to a web session cookie, as auth='bearer' allows. */
function authenticate(ctx: RequestContext): number {
  const { core, req } = ctx;
  const header = req.headers.authorization;
  const session = core.sessions.get(cookie(req, 'session_id'));
  if (!header) {
    if (session) return session.uid;
    throw unauthorized(NO_KEY);
  }
  const m = /^bearer\s+(\S+)\s*$/i.exec(header);
  const uid = m ? core.auth.uidForApiKey(m[1]) : undefined;
  if (uid === undefined) throw unauthorized('Invalid apikey');
  if (session && session.uid !== uid) throw accessDenied('Session user does not match the used apikey.');
  return uid;
}

function parseBody(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch (err) {
    throw badRequest(`could not parse the body as json: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('could not parse the body, expecting a json object');
  return parsed as Record<string, unknown>;
}

function badRequest(description: string): OdooError {
  return new OdooError('werkzeug.exceptions.BadRequest', description, 400, 1, [description, 400]);
}

/**
 * POST /json/2/<model>/<method> (19+): bearer API key, named parameters, bare JSON results (recordsets as id lists),
 * errors as {name, message, arguments, context, debug} with real HTTP statuses.
 */
export async function handleJson2(ctx: RequestContext): Promise<void> {
  const { core, req, res, url } = ctx;
  const match = ROUTE.exec(url.pathname);
  const model = match ? decodeURIComponent(match[1]) : undefined;
  const method = match ? decodeURIComponent(match[2]) : undefined;
  if (!(await ctx.admit({ endpoint: 'json2', model, method }))) return;
  if (!match || req.method !== 'POST') {
    sendJson2Error(ctx, notFound('Did you mean POST /json/2/<model>/<method>?'));
    return;
  }
  if (mimetype(req) !== 'application/json') {
    sendHtmlError(res, 415, 'The server does not support the media type transmitted in the request.');
    return;
  }
  const database = req.headers['x-odoo-database'];
  if (database !== undefined && database !== core.db.name) {
    sendHtmlError(res, 404, NOT_FOUND_TEXT);
    return;
  }
  try {
    const uid = authenticate(ctx);
    const body = parseBody(ctx.body);
    const def = core.engine.model(model);
    if (!def) throw notFound(`the model '${String(model)}' does not exist`);
    let spec;
    try {
      spec = core.engine.method(def, method);
    } catch (err) {
      if (err instanceof OdooError && err.pyName === 'builtins.AttributeError') throw notFound(err.message);
      throw err;
    }
    if (spec.apiModel && Array.isArray(body.ids) && body.ids.length > 0) throw unprocessableEntity(`cannot call ${def.name}.${String(method)} with ids`);
    const bound = bindNamed(spec, body);
    const result = await core.engine.execute(uid, { def, spec }, bound);
    sendJson(res, 200, result instanceof RecordSet ? result.ids : result);
  } catch (err) {
    sendJson2Error(ctx, err);
  }
}
