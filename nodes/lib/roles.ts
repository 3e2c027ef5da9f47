/** What each planbridge role may do outside the editor (the editor has its own permissions). */
export interface RequestUser {
  username: string;
  roles: string[];
}

/** Planners and administrators decide on recommendations; analysts and viewers only look. */
export function canDecide(user: RequestUser | undefined): boolean {
  return !!user && user.roles.some((r) => r === 'planner' || r === 'admin');
}

/** Analysts and administrators operate the integration (replay and resolve dead letters); planners and viewers only look. */
export function canOperate(user: RequestUser | undefined): boolean {
  return !!user && user.roles.some((r) => r === 'analyst' || r === 'admin');
}

/** Costs, prices and values are shown to planners and administrators, masked for everyone else. */
export function canSeeCosts(user: RequestUser | undefined): boolean {
  return !!user && user.roles.some((r) => r === 'planner' || r === 'admin');
}

/** The user the route guard put on the request (or the editor's admin-API user). */
export function requestUser(req: unknown): RequestUser | undefined {
  const user = (req as { user?: { username?: unknown; roles?: unknown } }).user;
  if (!user || typeof user.username !== 'string') return undefined;
  return { username: user.username, roles: Array.isArray(user.roles) ? user.roles.map(String) : [] };
}

/** The dashboard user on a message from a Dashboard 2.0 widget: msg._client.user, set on the server by the planbridge dashboard plugin. */
export function dashboardUserOf(msg: { [key: string]: unknown }): RequestUser | undefined {
  return requestUser(msg._client ?? {});
}
