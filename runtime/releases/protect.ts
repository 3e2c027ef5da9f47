import type { NextFunction, Request, Response } from 'express';

// The admin API's routes that change flows or installed nodes (Node-RED's editor and its CLI use them).
const CHANGES = [
  { method: 'POST', path: /^\/flows\/?$/ },
  { method: 'POST', path: /^\/flow\/?$/ },
  { method: 'PUT', path: /^\/flow\/[^/]+\/?$/ },
  { method: 'DELETE', path: /^\/flow\/[^/]+\/?$/ },
  { method: 'POST', path: /^\/nodes\/?$/ },
  { method: 'PUT', path: /^\/nodes\/.+/ },
  { method: 'DELETE', path: /^\/nodes\/.+/ },
];

/**
 * On a protected instance, every change to the flows through the admin API is refused with 403 and
 * what to do instead, whoever asks: changes arrive as releases. Mounted at the admin root.
 */
export function refuseFlowChanges(environment: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!CHANGES.some((c) => c.method === req.method && c.path.test(req.path))) return next();
    res.status(403).json({
      error: {
        code: 'INSTANCE_PROTECTED',
        message: `${environment} is a protected instance: its flows change only through releases (planbridge release deploy), not from the editor or the admin API`,
      },
    });
  };
}
