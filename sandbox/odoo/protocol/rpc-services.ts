import type { Core } from '../core';
import type { CallInfo, Endpoint } from '../counters';
import { accessDenied, attributeError, OdooError, typeError, userError } from '../errors';
import { bindPositional } from '../orm/bind';
import { RecordSet } from '../orm/recordset';

/** What a `common`/`object`/`db` call is about, for counters and fault matching. */
export function rpcCallInfo(endpoint: Endpoint, service: string, method: string, params: unknown[]): CallInfo {
  if (service === 'object') {
    const model = typeof params[3] === 'string' ? params[3] : undefined;
    const objectMethod = typeof params[4] === 'string' ? params[4] : undefined;
    return { endpoint, service, model, method: objectMethod ?? method };
  }
  return { endpoint, service, method };
}

function databaseMissing(db: unknown): OdooError {
  return new OdooError(
    'psycopg2.OperationalError',
    `connection to server at "localhost" (127.0.0.1), port 5432 failed: FATAL:  database "${String(db)}" does not exist\n`,
    500,
    1,
  );
}

export function versionInfo(core: Core): Record<string, unknown> {
  const p = core.profile;
  return { server_version: p.serverVersion, server_version_info: p.serverVersionInfo, server_serie: p.serverSerie, protocol_version: 1 };
}

/** dispatch_rpc(service, method, params): the stateless services shared by /jsonrpc and /xmlrpc/2. */
export async function dispatchRpc(core: Core, service: string, method: string, params: unknown[]): Promise<unknown> {
  switch (service) {
    case 'common':
      return common(core, method, params);
    case 'object':
      return object(core, method, params);
    case 'db':
      if (core.profile.endpoints.dbService) return db(core, method, params);
      break;
  }
  // UNCONFIRMED: the exact exception of an unknown (or, in 20, unexposed) service; a KeyError is what the
  // service table lookup raises.
  throw new OdooError('builtins.KeyError', `'${service}'`, 500, 1, [service]);
}

function common(core: Core, method: string, params: unknown[]): unknown {
  switch (method) {
    case 'version':
      return versionInfo(core);
    case 'login':
    case 'authenticate': {
      const [dbName, login, password] = params;
      if (dbName !== core.db.name) throw databaseMissing(dbName);
      return core.auth.login(login, password);
    }
    default:
      throw attributeError(`module 'odoo.service.common' has no attribute 'exp_${method}'`);
  }
}

async function object(core: Core, method: string, params: unknown[]): Promise<unknown> {
  if (method !== 'execute_kw' && method !== 'execute') throw new OdooError('builtins.NameError', `Method not available ${method}`, 500, 1);
  const [dbName, uid, password, model, modelMethod, ...rest] = params;
  if (params.length < 5) throw typeError(`${method}() missing required positional arguments`);
  if (dbName !== core.db.name) throw databaseMissing(dbName);
  // security.check(db, uid, passwd): a wrong password is an error here, unlike common.login.
  if (typeof uid !== 'number' || !core.auth.checkCredentials(uid, password)) throw accessDenied();
  const def = core.engine.model(model);
  if (!def) throw userError(`Object ${String(model)} doesn't exist`);
  const spec = core.engine.method(def, modelMethod);
  const [args, kwargs] = method === 'execute_kw' ? [rest[0] ?? [], rest[1] ?? {}] : [rest, {}];
  const bound = bindPositional(String(modelMethod), spec, args, kwargs);
  return toRpcResult(await core.engine.execute(uid, { def, spec }, bound));
}

/** Recordsets over RPC: a list of ids, or one id for create() given a single dict. */
export function toRpcResult(result: unknown): unknown {
  if (result instanceof RecordSet) return result.single ? result.ids[0] : result.ids;
  return result;
}

function db(core: Core, method: string, params: unknown[]): unknown {
  switch (method) {
    case 'list':
      return [core.db.name];
    case 'server_version':
      return core.profile.serverVersion;
    case 'db_exist':
      return params[0] === core.db.name;
    default:
      throw new OdooError('odoo.exceptions.AccessDenied', 'Access Denied', 403, 3, ['Access Denied'], true);
  }
}
