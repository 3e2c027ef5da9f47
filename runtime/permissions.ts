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

/**
 * Node-RED permissions for a user's roles: admin everything, analyst edit and deploy, viewer read
 * only; a planner-only user has no editor access (null), only the dashboard.
 */
export function editorPermissions(roles: readonly Role[]): string | string[] | null {
  if (roles.includes('admin')) return '*';
  if (roles.includes('analyst')) return [...ANALYST_SCOPES, ...planbridgeNodeWriteScopes()];
  if (roles.includes('viewer')) return 'read';
  return null;
}
