import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createAdminAuth } from './admin-auth';
import { isProtected } from './environment';
import { HttpAuth } from './http-auth';
import { userDirFrom, usersFileName } from './paths';
import { SessionSigner } from './sessions';
import { UserStore } from './users';

export interface RuntimeAuth {
  store: UserStore;
  http: HttpAuth;
  admin: ReturnType<typeof createAdminAuth>;
}

const instances = new Map<string, RuntimeAuth>();

/**
 * One user store and one session signer per user directory, shared by the settings (editor
 * adminAuth, dashboard socket check) and the server (sign-in page, route guard).
 */
export function authFromEnv(env: NodeJS.ProcessEnv): RuntimeAuth {
  const usersFile = path.join(userDirFrom(env), usersFileName);
  // `planbridge start` puts the session secret into the environment; without it (Node-RED started
  // by hand with these settings) sessions last only as long as the process.
  const secret = env.PLANBRIDGE_SESSION_SECRET || (env.PLANBRIDGE_SESSION_SECRET = randomBytes(32).toString('base64url'));
  const key = `${usersFile}\0${secret}\0${isProtected(env)}`;
  let auth = instances.get(key);
  if (!auth) {
    const store = new UserStore(usersFile);
    const secure = env.PLANBRIDGE_SECURE_COOKIES === 'true';
    auth = { store, http: new HttpAuth(store, new SessionSigner(secret), secure), admin: createAdminAuth(store, isProtected(env)) };
    instances.set(key, auth);
  }
  return auth;
}
