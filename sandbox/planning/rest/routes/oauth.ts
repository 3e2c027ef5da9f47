import { readFormOrJson, sendJson } from '../http';
import type { Route } from '../router';
import type { RouteDeps } from './deps';

export function oauthRoutes({ auth, maxBodyBytes }: RouteDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/oauth/token',
      kind: 'oauth',
      handler: async ({ req, res }) => {
        const form = await readFormOrJson(req, maxBodyBytes);
        sendJson(res, 200, auth.issue(form, req.headers.authorization));
      },
    },
  ];
}
