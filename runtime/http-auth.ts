import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { isPublicRoute } from '../nodes/lib/public-routes';
import type { PlanbridgeRuntime } from '../nodes/lib/runtime-context';
import { loginPage } from './login-page';
import { LoginThrottle } from './login-throttle';
import { refuse } from '../nodes/lib/http-refusal';
import { clientAddress as addressOf } from './perimeter';
import { readCookie, SESSION_COOKIE, SESSION_TTL_MS, SessionSigner } from './sessions';
import type { Role, UserStore } from './users';

export interface AuthenticatedUser {
  username: string;
  roles: Role[];
}

const BASIC_CACHE_MS = 60_000;

function safeNext(value: unknown): string {
  const next = typeof value === 'string' ? value : '';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/dashboard';
}

/**
 * Authentication for everything under the node root: a sign-in page that sets a signed session
 * cookie (browsers) or HTTP Basic (scripts). Only routes a node declared public (it checks its own
 * token) pass without a user.
 */
export class HttpAuth {
  readonly throttle = new LoginThrottle();
  private readonly basicCache = new Map<string, { user: AuthenticatedUser; until: number }>();

  constructor(
    private readonly store: UserStore,
    private readonly signer: SessionSigner,
    private readonly secureCookies = false,
  ) {}

  /** GET/POST /login and /logout. Mount before the guard. */
  routes(): Router {
    const router = express.Router();
    router.get('/login', (req, res) => {
      res.type('html').send(loginPage(safeNext(req.query.next)));
    });
    router.post('/login', express.urlencoded({ extended: false, limit: '10kb' }), (req, res, next) => {
      this.login(req, res).catch(next);
    });
    const logout = (_req: Request, res: Response): void => {
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.redirect(303, '/login');
    };
    router.post('/logout', logout);
    router.get('/logout', logout);
    return router;
  }

  /** Lets a request through only with a user, or to a route a node of `runtime` declared public. */
  guard(runtime: PlanbridgeRuntime) {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (isPublicRoute(runtime, req.path)) {
        next();
        return;
      }
      this.userFrom(req).then(
        (user) => {
          if (user) {
            (req as unknown as { user: AuthenticatedUser }).user = user;
            next();
          } else if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
            res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
          } else {
            const wait = this.throttle.retryAfterMs(basicName(req.headers.authorization), addressOf(req));
            if (wait) {
              refuse(res, 429, 'LOGIN_THROTTLED', 'Too many failed sign-ins; try again later', { 'Retry-After': String(Math.ceil(wait / 1000)) });
              return;
            }
            res.set('WWW-Authenticate', 'Basic realm="planbridge", charset="UTF-8"');
            refuse(res, 401, 'AUTH_REQUIRED', 'Sign in, or send HTTP Basic credentials');
          }
        },
        (err: unknown) => next(err),
      );
    };
  }

  /**
   * socket.io middleware for the dashboard: the browser's session cookie must be valid. It also
   * keeps Dashboard 2.0's own checks (no connection that starts as a websocket, no cross-domain).
   */
  socketMiddleware() {
    return (socket: { request: IncomingMessage & { user?: AuthenticatedUser }; handshake: { xdomain?: boolean } }, next: (err?: Error) => void): void => {
      if ((socket.request.url ?? '').includes('transport=websocket') || socket.handshake.xdomain) {
        next(new Error('connection refused'));
        return;
      }
      this.userFrom(socket.request).then(
        (user) => {
          if (!user) {
            next(new Error('AUTH_REQUIRED'));
            return;
          }
          socket.request.user = user;
          next();
        },
        (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
      );
    };
  }

  /** The user behind a request's session cookie or Basic credentials; roles come from the store. */
  async userFrom(req: IncomingMessage): Promise<AuthenticatedUser | undefined> {
    const session = this.signer.verify(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (session) {
      const stored = await this.store.find(session.username);
      return stored ? { username: stored.username, roles: stored.roles } : undefined;
    }
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) return this.basicUser(header, addressOf(req));
    return undefined;
  }

  /** The user of a valid session cookie, without touching the body: what the early guard asks. */
  sessionUser(req: IncomingMessage): string | undefined {
    return this.signer.verify(readCookie(req.headers.cookie, SESSION_COOKIE))?.username;
  }

  private async basicUser(header: string, address: string | undefined): Promise<AuthenticatedUser | undefined> {
    // bcrypt is slow on purpose; remember a good header briefly so scripts are not throttled by it. A
    // header proven good is honoured even while its address is locked: a script sharing an address
    // with someone guessing keeps working, and the guesser cannot hit the cache without the password.
    const key = createHash('sha256').update(header).digest('base64');
    const cached = this.basicCache.get(key);
    if (cached && cached.until > Date.now()) return cached.user;
    const credentials = decodeBasic(header);
    if (!credentials) return undefined;
    const { username, password } = credentials;
    // A locked name or address is refused before bcrypt: a flood of guesses costs nothing.
    if (this.throttle.retryAfterMs(username, address)) return undefined;
    const stored = await this.store.verify(username, password);
    this.throttle.record(username, address, !!stored);
    if (!stored) return undefined;
    const user = { username: stored.username, roles: stored.roles };
    if (this.basicCache.size > 1000) this.basicCache.clear();
    this.basicCache.set(key, { user, until: Date.now() + BASIC_CACHE_MS });
    return user;
  }

  private async login(req: Request, res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const wait = this.throttle.retryAfterMs(username, addressOf(req));
    if (wait) {
      res.set('Retry-After', String(Math.ceil(wait / 1000)));
      res.status(429).type('html').send(loginPage(next, 'Too many failed attempts; wait a minute and try again.'));
      return;
    }
    const stored = username && password ? await this.store.verify(username, password) : undefined;
    this.throttle.record(username, addressOf(req), !!stored);
    if (!stored) {
      res.status(401).type('html').send(loginPage(next, 'Wrong user name or password.'));
      return;
    }
    const token = this.signer.sign({ username: stored.username, roles: stored.roles, exp: Date.now() + SESSION_TTL_MS });
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: this.secureCookies, path: '/', maxAge: SESSION_TTL_MS });
    res.redirect(303, next);
  }
}

/** The user name of a Basic header, for the throttle ('' when there is none). */
function basicName(header: string | undefined): string {
  return decodeBasic(header)?.username ?? '';
}

function decodeBasic(header: string | undefined): { username: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : undefined;
}
