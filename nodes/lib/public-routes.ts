import { runtimePart, type PlanbridgeRuntime } from './runtime-context';

/**
 * Every route under the node root (http-in endpoints, the dashboard) requires a signed-in user.
 * A node that checks a secret of its own (a webhook token, say) declares its route here, and the
 * runtime's guard (runtime/http-auth.ts, given the same runtime context) lets unauthenticated
 * requests through to it.
 */
const PUBLIC_ROUTES = runtimePart('public routes', () => new Map<string, string>());

/** `prefix` is a path under the node root such as /hooks/odoo/; `owner` names the node for logs. */
export function declarePublicRoute(runtime: PlanbridgeRuntime, prefix: string, owner: string): () => void {
  const normalized = prefix.startsWith('/') ? prefix : `/${prefix}`;
  const routes = runtime.get(PUBLIC_ROUTES);
  routes.set(normalized, owner);
  return () => {
    routes.delete(normalized);
  };
}

export function isPublicRoute(runtime: PlanbridgeRuntime, path: string): boolean {
  for (const prefix of runtime.get(PUBLIC_ROUTES).keys()) {
    if (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) return true;
  }
  return false;
}
