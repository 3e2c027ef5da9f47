import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { NodeAPI } from 'node-red';

/** What every inbound webhook of planbridge (Odoo's, the WMS's, EDI partners') needs: its secret checked, its route removed. */

/**
 * Odoo's webhook action sends no signature and no custom headers, so the secret travels in the URL
 * (`?token=`); a proxy may instead add `X-Planbridge-Token` or `Authorization: Bearer`.
 */
export function presentedToken(query: Record<string, unknown>, headers: IncomingHttpHeaders): string | undefined {
  if (typeof query.token === 'string') return query.token;
  const header = headers['x-planbridge-token'];
  if (typeof header === 'string') return header;
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^bearer /i.test(auth)) return auth.slice(7).trim();
  return undefined;
}

/** Constant-time comparison (of digests, so lengths leak nothing). */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented || !expected) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** An allow-list of client addresses, e.g. "10.0.0.5, 127.0.0.1"; empty allows any. */
export function addressAllowed(allowList: string[], address: string | undefined): boolean {
  if (!allowList.length) return true;
  const plain = (address ?? '').replace(/^::ffff:/, '');
  return allowList.includes(plain);
}

/** Takes a node's route off Node-RED's HTTP router when the node closes, so a redeploy can mount it again. */
export function removeRoute(RED: NodeAPI, path: string): void {
  const router = (RED.httpNode as unknown as { _router?: { stack: Array<{ route?: { path: string } }> } })._router;
  if (!router) return;
  for (let i = router.stack.length - 1; i >= 0; i--) if (router.stack[i].route?.path === path) router.stack.splice(i, 1);
}
