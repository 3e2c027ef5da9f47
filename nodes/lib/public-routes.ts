/**
 * Every route under the node root (http-in endpoints, the dashboard) requires a logged-in user.
 * A node that checks a secret of its own (a webhook token, say) declares its route here, and the
 * runtime's guard lets unauthenticated requests through to it. The list lives on globalThis so the
 * runtime and the nodes share it even if the module were loaded twice.
 */
const KEY = Symbol.for('planbridge.publicRoutes');

type Registry = Map<string, string>;

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** `prefix` is a path under the node root such as /hooks/odoo/; `owner` names the node for logs. */
export function declarePublicRoute(prefix: string, owner: string): () => void {
  const normalized = prefix.startsWith('/') ? prefix : `/${prefix}`;
  registry().set(normalized, owner);
  return () => {
    registry().delete(normalized);
  };
}

export function isPublicRoute(path: string): boolean {
  for (const prefix of registry().keys()) {
    if (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) return true;
  }
  return false;
}
