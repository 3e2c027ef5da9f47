import express, { type NextFunction, type Request, type Response } from 'express';
import type RED from 'node-red';
import type { Release } from './bundle';
import { ReleaseRefusal, type ReleaseService } from './service';

type Red = typeof RED;

function userOf(req: Request): string {
  return (req as unknown as { user?: { username?: string } }).user?.username ?? 'unknown';
}

function fail(res: Response, status: number, code: string, message: string, problems?: unknown[]): void {
  res.status(status).json({ error: { code, message, ...(problems?.length ? { problems } : {}) } });
}

function bundleOf(body: unknown): Release | undefined {
  const release = body as Partial<Release> | undefined;
  return release && typeof release === 'object' && typeof release.checksum === 'string' && Array.isArray(release.flows) ? (release as Release) : undefined;
}

/**
 * The release endpoints of the admin API, behind the editor's login: what runs and what happened
 * (planbridge.read), approve, deploy and roll back (releases.write: the release role, administrators).
 * `service` resolves once the ledger holding releases is open.
 */
export function registerReleaseApi(red: Red, service: () => Promise<ReleaseService>, bodyLimit: string): void {
  const read = red.auth.needsPermission('planbridge.read');
  const write = red.auth.needsPermission('releases.write');
  const json = express.json({ limit: bodyLimit });
  const handle =
    (work: (svc: ReleaseService, req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction): void => {
      service()
        .then((svc) => work(svc, req, res))
        .catch((err: unknown) => {
          if (err instanceof ReleaseRefusal) return fail(res, err.status, err.code, err.message, err.problems);
          const code = (err as { code?: string }).code;
          if (code === 'LEDGER_UNAVAILABLE') return fail(res, 503, code, (err as Error).message);
          next(err);
        });
    };
  const withBundle = (work: (svc: ReleaseService, release: Release, user: string, res: Response) => Promise<void>) =>
    handle(async (svc, req, res) => {
      const release = bundleOf(req.body);
      if (!release) return fail(res, 400, 'RELEASE_INVALID', 'The body must be a release bundle (planbridge release create)');
      await work(svc, release, userOf(req), res);
    });

  red.httpAdmin.get(
    '/planbridge/releases',
    read,
    handle(async (svc, _req, res) => {
      res.json(await svc.status());
    }),
  );
  red.httpAdmin.get(
    '/planbridge/releases/:ref',
    read,
    handle(async (svc, req, res) => {
      const release = await svc.bundle(String(req.params.ref));
      if (!release) return fail(res, 404, 'RELEASE_NOT_FOUND', `No release ${req.params.ref} on this instance`);
      res.json(release);
    }),
  );
  red.httpAdmin.post(
    '/planbridge/releases/approvals',
    write,
    json,
    withBundle(async (svc, release, user, res) => {
      res.status(201).json(await svc.approve(release, user));
    }),
  );
  red.httpAdmin.post(
    '/planbridge/releases/deployments',
    write,
    json,
    withBundle(async (svc, release, user, res) => {
      res.json(await svc.deploy(release, user));
    }),
  );
  red.httpAdmin.post(
    '/planbridge/releases/rollback',
    write,
    json,
    handle(async (svc, req, res) => {
      const to = (req.body as { to?: unknown } | undefined)?.to;
      if (to !== undefined && (typeof to !== 'string' || !to)) return fail(res, 400, 'RELEASE_INVALID', '"to" must be a release version');
      res.json(await svc.rollback(userOf(req), to));
    }),
  );
}
