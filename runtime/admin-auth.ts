import { editorPermissions } from './permissions';
import type { UserStore } from './users';

export interface EditorUser {
  username: string;
  permissions: string | string[];
}

/** Node-RED adminAuth backed by the user store (bcrypt hashes; roles mapped to permissions). */
export function createAdminAuth(store: UserStore, protectedInstance = false) {
  const asEditorUser = (user: { username: string; roles: Parameters<typeof editorPermissions>[0] } | undefined): EditorUser | null => {
    if (!user) return null;
    const permissions = editorPermissions(user.roles, protectedInstance);
    return permissions ? { username: user.username, permissions } : null;
  };
  return {
    type: 'credentials' as const,
    sessionExpiryTime: 12 * 60 * 60,
    users: async (username: string): Promise<EditorUser | null> => asEditorUser(await store.find(username)),
    authenticate: async (username: string, password: string): Promise<EditorUser | null> => asEditorUser(await store.verify(username, password)),
  };
}
