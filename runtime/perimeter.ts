import type { IncomingMessage } from 'node:http';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { bodyRefusal, refuse, type Refusal } from '../nodes/lib/http-refusal';
import { isPublicRoute } from '../nodes/lib/public-routes';
import type { PlanbridgeRuntime } from '../nodes/lib/runtime-context';
import type { HttpAuth } from './http-auth';
import { LoginThrottle } from './login-throttle';

// What every request meets before Node-RED: the refusals of the perimeter, in the one JSON error shape
// (nodes/lib/http-refusal), one log line each.

/**
 * The address failed sign-ins are counted against: the client's own when PLANBRIDGE_TRUST_PROXY tells
 * Express which proxies' X-Forwarded-For to believe, otherwise the socket's peer (behind a proxy that
 * is the proxy, so every client shares one count: set the variable there).
 */
export function clientAddress(req: IncomingMessage): string | undefined {
  return (req as Partial<Request>).ip ?? req.socket?.remoteAddress;
}

/** PLANBRIDGE_TRUST_PROXY: Express's "trust proxy" (loopback, a hop count, addresses or subnets); off by default. */
export function trustProxyFrom(env: NodeJS.ProcessEnv): boolean | number | string {
  const value = env.PLANBRIDGE_TRUST_PROXY?.trim();
  if (!value) return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Paths that take a body without a signed-in user: the sign-in itself. */
const SIGN_IN_PATHS = new Set(['/auth/token', '/login']);

function hasBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Node-RED's admin API and the node routes share `/`, and the admin API parses a JSON body on any path
 * before it asks who is calling. So a request with a body and no credentials at all (no bearer token,
 * no Basic header, no session cookie) is refused here, before anything reads it, unless it goes to the
 * sign-in or to a route a node declared public (a webhook, which checks its own secret).
 */
export function guardBeforeBodies(auth: HttpAuth, runtime: PlanbridgeRuntime): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req) || req.headers.authorization || SIGN_IN_PATHS.has(req.path) || isPublicRoute(runtime, req.path) || auth.sessionUser(req)) return next();
    // Nothing parses the body: Node.js discards what still arrives after the answer (bounded by the
    // server's request timeout). Closing at once instead would leave a client still sending with EPIPE
    // and no answer to read.
    refuse(res, 401, 'AUTH_REQUIRED', 'Sign in, or send credentials', { 'WWW-Authenticate': 'Basic realm="planbridge", charset="UTF-8"' });
  };
}

/**
 * POST /auth/token (the editor's sign-in, Node-RED's OAuth token exchange). Node-RED refuses a user
 * name after five failures in ten minutes with a 500; this answers 429 with Retry-After instead,
 * before the password is checked, and also counts failures per client address.
 */
export function throttleTokenExchange(
  throttle = new LoginThrottle({ maxFailures: 5, windowMs: 10 * 60_000, lockMs: 10 * 60_000, maxEntries: 10_000 }),
): RequestHandler[] {
  const parsers = [express.json({ limit: '10kb' }), express.urlencoded({ extended: false, limit: '10kb' })];
  const check: RequestHandler = (req, res, next) => {
    const username = typeof (req.body as { username?: unknown } | undefined)?.username === 'string' ? (req.body as { username: string }).username : '';
    const address = clientAddress(req);
    const wait = throttle.retryAfterMs(username, address);
    if (wait) return refuse(res, 429, 'LOGIN_THROTTLED', 'Too many failed sign-ins; try again later', { 'Retry-After': String(Math.ceil(wait / 1000)) });
    res.on('finish', () => throttle.record(username, address, res.statusCode === 200));
    next();
  };
  return [...parsers, check];
}

function statusOf(err: unknown): Refusal {
  const known = bodyRefusal(err);
  if (known) return known;
  const e = err as { status?: number; statusCode?: number; expose?: boolean; message?: string };
  const status = e.status ?? e.statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, code: `HTTP_${status}`, message: e.expose && e.message ? e.message : 'The request was refused' };
  return { status: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong; the server log says what' };
}

/** The last error handler: one JSON body and one log line, never Express's HTML page with a stack trace. */
export function jsonErrors(log: (line: string) => void): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const { status, code, message } = statusOf(err);
    log(`planbridge: ${req.method} ${req.path}: ${status} ${code}${status >= 500 ? `: ${(err as Error).message}` : ''}`);
    refuse(res, status, code, message);
  };
}

/** After every route: 404 in the same shape. */
export function notFound(): RequestHandler {
  return (req, res) => refuse(res, 404, 'NOT_FOUND', `Nothing answers ${req.method} ${req.path}`);
}

/** PLANBRIDGE_CORS_ORIGINS ("https://a.example, https://b.example"): the only origins granted CORS; none by default. */
export function corsFrom(env: NodeJS.ProcessEnv): { origin: string[]; credentials: boolean } | undefined {
  const origins = (env.PLANBRIDGE_CORS_ORIGINS ?? '')
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter(Boolean);
  return origins.length ? { origin: origins, credentials: true } : undefined;
}
