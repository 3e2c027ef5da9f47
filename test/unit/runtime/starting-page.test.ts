import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { whileStarting } from '../../../runtime/starting-page';

describe('whileStarting', () => {
  let ready = false;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.use(whileStarting(() => ready));
    app.get('/dashboard', (_req, res) => res.send('the dashboard'));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a browser with a 503 page that reloads itself, and says when to retry', async () => {
    ready = false;
    const response = await fetch(`${url}/dashboard`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const page = await response.text();
    expect(page).toContain('planbridge is starting');
    expect(page).toContain('http-equiv="refresh"');
  });

  it('answers an API client with a JSON error carrying a stable code', async () => {
    ready = false;
    const response = await fetch(`${url}/api/v1/validate`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ error: { code: 'STARTING', message: 'planbridge is starting; retry in 3 s' } });
  });

  it('steps aside once the flows run', async () => {
    ready = true;
    const response = await fetch(`${url}/dashboard`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('the dashboard');
  });
});
