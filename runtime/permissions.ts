import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './paths';
import type { Role } from './users';

/** Editor and admin-API scopes an analyst gets: edit and deploy flows, no palette or project changes. */
const ANALYST_SCOPES = ['read', 'flows.write', 'context.write', 'debug.write', 'inject.write', 'library.write', 'settings.write', 'planbridge.write'];

let nodeTypeScopes: string[] | undefined;

/** `<type>.write` for every planbridge node type, so analysts can use each node's editor buttons. */
function planbridgeNodeWriteScopes(): string[] {
  if (!nodeTypeScopes) {
    // Read once at start-up, never on a request path.
    const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { 'node-red'?: { nodes?: Record<string, string> } };
    nodeTypeScopes = Object.keys(pkg['node-red']?.nodes ?? {}).map((type) => `${type}.write`);
  }
  return nodeTypeScopes;
}

/** Deploying, approving and rolling back releases (the release role; administrators too). */
const RELEASE_SCOPES = ['read', 'releases.write'];

/**
 * Node-RED permissions for a user's roles: admin everything, analyst edit and deploy, release deploy
 * releases, viewer read only; a planner-only user has no editor access (null), only the dashboard.
 * On a protected instance nobody deploys from the editor (no flows.write: its editor opens read-only);
 * changes arrive as releases, and operating the flows (replay, inject, debug) stays as it was.
 */
export function editorPermissions(roles: readonly Role[], protectedInstance = false): string | string[] | null {
  const scopes = new Set<string>();
  if (roles.includes('admin')) {
    if (!protectedInstance) return '*';
    for (const scope of [...ANALYST_SCOPES, ...planbridgeNodeWriteScopes(), 'approvals.write', ...RELEASE_SCOPES]) scopes.add(scope);
  }
  if (roles.includes('analyst')) for (const scope of [...ANALYST_SCOPES, ...planbridgeNodeWriteScopes()]) scopes.add(scope);
  if (roles.includes('release')) for (const scope of RELEASE_SCOPES) scopes.add(scope);
  if (roles.includes('viewer')) scopes.add('read');
  if (protectedInstance) scopes.delete('flows.write');
  if (!scopes.size) return null;
  return scopes.size === 1 && scopes.has('read') ? 'read' : [...scopes];
}
