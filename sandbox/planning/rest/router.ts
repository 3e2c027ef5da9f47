import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

export interface Route {
  method: string;
  /** Path with {name} placeholders, as in the OpenAPI document. */
  path: string;
  /** api: bearer/API key required and faults apply; oauth: faults apply; sandbox: neither. */
  kind: 'api' | 'oauth' | 'sandbox';
  handler: Handler;
}

interface Compiled extends Route {
  regex: RegExp;
  names: string[];
}

export class Router {
  private readonly routes: Compiled[] = [];

  add(route: Route): this {
    const names: string[] = [];
    const pattern = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ ...route, regex: new RegExp(`^${pattern}$`), names });
    return this;
  }

  /** The route for a path; `methodMismatch` when the path exists under another method (405). */
  match(method: string, pathname: string): { route: Compiled; params: Record<string, string> } | 'methodMismatch' | null {
    let pathSeen = false;
    for (const route of this.routes) {
      const m = route.regex.exec(pathname);
      if (!m) continue;
      pathSeen = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      return { route, params };
    }
    return pathSeen ? 'methodMismatch' : null;
  }

  list(): Array<{ method: string; path: string; kind: Route['kind'] }> {
    return this.routes.map(({ method, path, kind }) => ({ method, path, kind }));
  }
}
