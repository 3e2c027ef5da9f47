import type { RequestHandler } from 'express';

const RETRY_AFTER_SECONDS = 3;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS}">
<title>Starting · planbridge</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f6f8; display: flex; min-height: 100vh; align-items: center; justify-content: center; margin: 0; }
  main { background: #fff; padding: 32px; border-radius: 8px; box-shadow: 0 2px 12px rgba(0,0,0,.12); max-width: 360px; }
  h1 { font-size: 20px; margin: 0 0 12px; }
  p { margin: 0; color: #444; }
</style>
</head>
<body>
<main role="status">
  <h1>planbridge is starting</h1>
  <p>The flows are being started. This page reloads by itself in a few seconds.</p>
</main>
</body>
</html>`;

/**
 * Answers every request with 503 "starting" until `isReady()`: the server listens before Node-RED has
 * started its flows (so the port is taken early and its address can be printed), and Node-RED would
 * otherwise answer such requests with its own "runtime not started" error and log one line each.
 */
export function whileStarting(isReady: () => boolean): RequestHandler {
  return (req, res, next) => {
    if (isReady()) return next();
    res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).set('Cache-Control', 'no-store');
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(PAGE);
    else res.json({ error: { code: 'STARTING', message: `planbridge is starting; retry in ${RETRY_AFTER_SECONDS} s` } });
  };
}
