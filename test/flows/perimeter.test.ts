import { promises as fs } from 'node:fs';
import { corsFrom } from '../../runtime/perimeter';
import { adminLogin, startRuntimeProcess, type RuntimeProcess } from '../helpers/runtime-process';

const PASSWORD = 'perimeter-admin-password';
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the perimeter, before anything else answers', () => {
  let runtime: RuntimeProcess;

  beforeAll(async () => {
    runtime = await startRuntimeProcess({ PLANBRIDGE_ADMIN_PASSWORD: PASSWORD, PLANBRIDGE_NODES_EXCLUDE: '90-exec.js' });
  }, 60_000);
  afterAll(async () => {
    await runtime?.stop();
    if (runtime) await fs.rm(runtime.userDir, { recursive: true, force: true });
  });

  it('answers malformed JSON with one JSON error and one log line: no HTML, no stack trace, no server path', async () => {
    const api = await adminLogin(runtime.url, 'admin', PASSWORD);
    const before = runtime.output().length;
    const response = await fetch(`${runtime.url}/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: '{"a":',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: { code: 'BODY_INVALID', message: 'The request body could not be parsed' } });
    expect(text).not.toMatch(/node_modules|\/work\/|at JSON\.parse|<html/i);
    await runtime.waitFor(/planbridge: POST \/flows: 400 BODY_INVALID/);
    const logged = runtime.output().slice(before);
    expect(logged.match(/BODY_INVALID/g)).toHaveLength(1);
    expect(logged).not.toMatch(/SyntaxError|\n\s+at /);
  });

  it('refuses a body without credentials before anything reads it', async () => {
    const big = 'a'.repeat(5_000_000);
    for (const path of ['/flows', '/api/v1/validate', '/anything']) {
      const response = await fetch(`${runtime.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect([path, response.status, await response.json()]).toEqual([
        path,
        401,
        { error: { code: 'AUTH_REQUIRED', message: 'Sign in, or send credentials' } },
      ]);
    }
    // Where nothing answers, a signed-in caller gets 404 in the same shape.
    const missing = await fetch(`${runtime.url}/nowhere-at-all`, {
      method: 'POST',
      headers: { authorization: basic('admin', PASSWORD), 'content-type': 'application/json' },
      body: '{}',
    });
    expect([missing.status, await missing.json()]).toEqual([404, { error: { code: 'NOT_FOUND', message: 'Nothing answers POST /nowhere-at-all' } }]);
  });

  it('sends no CORS headers unless PLANBRIDGE_CORS_ORIGINS names origins', async () => {
    for (const path of ['/auth/login', '/auth/token', '/dashboard']) {
      const response = await fetch(`${runtime.url}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://elsewhere.example', 'Access-Control-Request-Method': 'POST' },
      });
      expect([path, response.headers.get('access-control-allow-origin')]).toEqual([path, null]);
    }
    expect(corsFrom({})).toBeUndefined();
    expect(corsFrom({ PLANBRIDGE_CORS_ORIGINS: 'https://a.example, https://b.example' })).toEqual({
      origin: ['https://a.example', 'https://b.example'],
      credentials: true,
    });
  });

  // Before the throttle tests below lock this address.
  it('does not offer the node files PLANBRIDGE_NODES_EXCLUDE names', async () => {
    const api = await adminLogin(runtime.url, 'admin', PASSWORD);
    const nodes = (await (await fetch(`${runtime.url}/nodes`, { headers: { authorization: `Bearer ${api.token}`, accept: 'application/json' } })).json()) as {
      types: string[];
    }[];
    const types = nodes.flatMap((set) => set.types);
    expect(types).toContain('function');
    expect(types).not.toContain('exec');
  });
  it('throttles HTTP Basic guesses per address: the sixth is refused with 429 and Retry-After, before any password check', async () => {
    const script = { authorization: basic('admin', PASSWORD) };
    expect((await fetch(`${runtime.url}/api/v1/approvals`, { headers: script })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await fetch(`${runtime.url}/api/v1/approvals`, { headers: { authorization: basic(`made-up-${i}`, 'nope') } })).status);
    // The fifth failure locks the address; its own answer says so.
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    // Even the real user name is refused from the locked address, right or wrong password alike...
    const locked = await fetch(`${runtime.url}/api/v1/approvals`, { headers: { authorization: basic('admin', 'a-guess') } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await locked.json()).error.code).toBe('LOGIN_THROTTLED');
    // ...except a header proven good in the last minute: a script sharing the address with whoever is
    // guessing keeps working, and only the password reaches that cache.
    expect((await fetch(`${runtime.url}/api/v1/approvals`, { headers: script })).status).toBe(200);
  });

  it('answers the editor sign-in 429 with Retry-After when Node-RED would refuse it with a 500', async () => {
    const token = (password: string) =>
      fetch(`${runtime.url}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '', username: 'nobody-here', password }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await token('wrong')).status);
    expect(statuses.every((s) => s === 401 || s === 403)).toBe(true);
    const refused = await token('wrong');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(await refused.json()).toEqual({ error: { code: 'LOGIN_THROTTLED', message: 'Too many failed sign-ins; try again later' } });
  });
});
