import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Node, NodeAPI } from 'node-red';
import { bodyRefusal, refuse } from './http-refusal';
import { InputError, LEDGER_UNAVAILABLE, toPlanbridgeError } from './errors';
import { declarePublicRoute } from './public-routes';
import { runtimePart, type PlanbridgeRuntime } from './runtime-context';

/**
 * Every inbound endpoint of planbridge (Odoo's webhooks, the WMS's pushes, EDI partners' posts) goes
 * through here: one secret check in constant time, one body limit, one error body with a stable code,
 * one log line per refusal, and a route that a redeploy can take down and put up again without
 * touching Express's private router. This is the perimeter: keep its rules in this one file.
 */

/** How a caller presents the shared secret. */
export type SecretIn =
  /** Odoo's webhook action sends no headers of its own: `?token=`, or `X-Planbridge-Token` / `Authorization: Bearer` added by a proxy. */
  | 'token'
  /** A named request header (the WMS contract's X-WMS-Secret). */
  | { header: string };

export interface InboundRequest {
  /** The parsed JSON body (json endpoints) or the text (text endpoints). */
  body: unknown;
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export interface InboundAnswer {
  status: number;
  body: unknown;
}

export interface InboundEndpoint {
  /** The full path under the node root, e.g. /hooks/odoo/orders. */
  path: string;
  /** The node that owns the endpoint: refusals are logged as its warnings. */
  node: Node;
  secret: string;
  secretIn: SecretIn;
  /** Client addresses allowed to call; empty allows any. */
  allowFrom?: string[];
  /** `json`: application/json (or +json) only; `text`: any text or EDI media type. Other types are refused with 415. */
  body: 'json' | 'text';
  /** Handles an authenticated, parsed request; a thrown InputError answers 400 with its code, any other error 500. */
  handle(request: InboundRequest): Promise<InboundAnswer>;
}

/** The largest request body an inbound endpoint takes: PLANBRIDGE_INBOUND_MAX_BODY, else Node-RED's apiMaxLength (5mb). */
export function inboundBodyLimit(RED: NodeAPI): string {
  const fromSettings = (RED.settings as unknown as { apiMaxLength?: string }).apiMaxLength;
  return process.env.PLANBRIDGE_INBOUND_MAX_BODY || fromSettings || '5mb';
}

function presented(request: Request, secretIn: SecretIn): string | undefined {
  if (secretIn === 'token') return presentedToken(request.query, request.headers);
  const value = request.headers[secretIn.header.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

export function presentedToken(query: Record<string, unknown>, headers: IncomingHttpHeaders): string | undefined {
  if (typeof query.token === 'string') return query.token;
  const header = headers['x-planbridge-token'];
  if (typeof header === 'string') return header;
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^bearer /i.test(auth)) return auth.slice(7).trim();
  return undefined;
}

/** Constant-time comparison (of digests, so lengths leak nothing). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given || !expected) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** An allow-list of client addresses, e.g. "10.0.0.5, 127.0.0.1"; empty allows any. */
export function addressAllowed(allowList: string[], address: string | undefined): boolean {
  if (!allowList.length) return true;
  const plain = (address ?? '').replace(/^::ffff:/, '');
  return allowList.includes(plain);
}

/** A path segment the editor may name: letters, digits, dot, dash, underscore. */
export function endpointName(path: string | undefined): string | null {
  const name = (path ?? '').replace(/^\/+|\/+$/g, '');
  return /^[A-Za-z0-9._-]+$/.test(name) ? name : null;
}

const JSON_TYPES = ['application/json', 'application/*+json'];
// How long a sender is asked to wait while the ledger is out of reach (it is retried meanwhile).
const RETRY_AFTER_SECONDS = 5;
const TEXT_TYPES = ['text/*', 'application/edi-x12', 'application/edifact', 'application/edi-consent', 'application/octet-stream'];

/** The endpoints mounted per node app, by path: one dispatcher per app routes to them. */
const ENDPOINTS = runtimePart('inbound endpoints', () => ({ apps: new WeakSet<object>(), byPath: new Map<string, Mounted>() }));

interface Mounted {
  endpoint: InboundEndpoint;
  json: express.RequestHandler;
  text: express.RequestHandler;
}

function serve(mounted: Mounted, req: Request, res: Response): void {
  const { endpoint } = mounted;
  const refused = (status: number, code: string, message: string): void => {
    endpoint.node.warn(`refused a request to ${endpoint.path} from ${req.socket.remoteAddress ?? 'unknown'}: ${code}`);
    refuse(res, status, code, message);
  };
  if (!addressAllowed(endpoint.allowFrom ?? [], req.socket.remoteAddress))
    return refused(403, 'ADDRESS_NOT_ALLOWED', 'This address may not call this endpoint');
  // The secret is checked before the body is read: an unauthenticated caller costs no parsing.
  if (!tokenMatches(presented(req, endpoint.secretIn), endpoint.secret)) return refused(401, 'SECRET_INVALID', 'The secret is missing or wrong');
  const types = endpoint.body === 'json' ? JSON_TYPES : TEXT_TYPES;
  if (!req.is(types)) return refused(415, 'CONTENT_TYPE_UNSUPPORTED', `Send ${types.join(' or ')}`);
  const parser = endpoint.body === 'json' ? mounted.json : mounted.text;
  parser(req, res, (err?: unknown) => {
    if (err) {
      const failure = bodyRefusal(err) ?? { status: 400, code: 'BODY_INVALID', message: 'The request body could not be parsed' };
      return refused(failure.status, failure.code, failure.message);
    }
    endpoint.handle({ body: req.body as unknown, query: req.query, headers: req.headers }).then(
      (answer) => res.status(answer.status).json(answer.body),
      (error: unknown) => {
        const failure = toPlanbridgeError(error);
        // The caller's input is theirs to fix (400). A ledger out of reach is ours and passing: 503
        // with Retry-After, so the sender tries again and nothing is accepted that is not recorded.
        // Anything else is ours too (500), and they may send again.
        const unavailable = failure.code === LEDGER_UNAVAILABLE;
        const status = failure instanceof InputError ? 400 : unavailable ? 503 : 500;
        endpoint.node.warn(`could not take a request to ${endpoint.path}: ${failure.code}: ${failure.message}`);
        const message =
          status === 400
            ? failure.message
            : unavailable
              ? 'The request cannot be recorded now; send it again later'
              : 'The request could not be recorded; send it again';
        refuse(res, status, failure.code, message, unavailable ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {});
      },
    );
  });
}

/**
 * Mounts a POST endpoint for `endpoint.node` and declares it public (it checks its own secret, so the
 * sign-in guard lets callers without a planbridge user through). Returns the unmount function for the
 * node's close handler.
 */
export function mountInbound(RED: NodeAPI, runtime: PlanbridgeRuntime, endpoint: InboundEndpoint): () => void {
  const state = runtime.get(ENDPOINTS);
  if (state.byPath.has(endpoint.path)) throw new Error(`Another node already receives on ${endpoint.path}`);
  if (!state.apps.has(RED.httpNode)) {
    state.apps.add(RED.httpNode);
    RED.httpNode.use((req: Request, res: Response, next: NextFunction) => {
      const mounted = req.method === 'POST' ? state.byPath.get(req.path) : undefined;
      if (mounted) serve(mounted, req, res);
      else next();
    });
  }
  const limit = inboundBodyLimit(RED);
  state.byPath.set(endpoint.path, {
    endpoint,
    json: express.json({ limit, type: JSON_TYPES }),
    text: express.text({ limit, type: TEXT_TYPES }),
  });
  const undeclare = declarePublicRoute(runtime, endpoint.path, `${endpoint.node.type} ${endpoint.node.id}`);
  return () => {
    undeclare();
    if (state.byPath.get(endpoint.path)?.endpoint === endpoint) state.byPath.delete(endpoint.path);
  };
}
