import type { NodeAPI } from 'node-red';
import { requestUser, type RequestUser } from '../lib/roles';

interface Connection {
  request?: unknown;
}

interface DashboardMessage {
  _client?: { user?: RequestUser; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * Tells flows who acts on the dashboard: every message a widget sends carries `msg._client.user`
 * ({username, roles}) taken from the signed-in session on the server (the socket was authenticated
 * when it connected), never from what the browser says. A message sent back with that user reaches
 * only that user's browsers.
 */
export const dashboardUserHooks = {
  onAddConnectionCredentials(conn: Connection, msg: DashboardMessage): DashboardMessage {
    const user = requestUser(conn.request ?? {});
    msg._client = { ...msg._client };
    if (user) msg._client.user = user;
    else delete msg._client.user;
    return msg;
  },

  onIsValidConnection(conn: Connection, msg: DashboardMessage): boolean {
    const addressee = msg._client?.user?.username;
    return !addressee || requestUser(conn.request ?? {})?.username === addressee;
  },
};

export default function register(RED: NodeAPI): void {
  (RED as unknown as { plugins: { registerPlugin(id: string, def: object): void } }).plugins.registerPlugin('planbridge-dashboard-user', {
    type: 'node-red-dashboard-2',
    hooks: dashboardUserHooks,
  });
}
