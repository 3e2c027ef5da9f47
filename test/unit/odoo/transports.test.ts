import { createHttpClient } from '../../../nodes/lib/http';
import { Json2Transport } from '../../../nodes/odoo/client/json2-transport';
import { JsonRpcTransport } from '../../../nodes/odoo/client/jsonrpc-transport';
import { json, startFakeServer, type FakeServer } from '../../fakes/http-server';

/** Wire-format edge cases the reference lists, answered by a scripted server (the sandbox covers the rest). */
describe('Odoo transports on the wire', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });
  const http = () => createHttpClient({ system: 'ODOO', baseURL: server.url, timeoutMs: 1000 });

  it('JSON-2: sends named parameters with the bearer key and database, and reads a bare JSON answer', async () => {
    server.respond((_req, res) => json(res, 200, [4, 5]));
    const transport = new Json2Transport(http(), 'prod', 'key-123');
    expect(await transport.call({ model: 'res.partner', method: 'search', params: { domain: [] }, context: { lang: 'en_US' } })).toEqual([4, 5]);
    const request = server.requests[0];
    expect(request.url).toBe('/json/2/res.partner/search');
    expect(request.headers.authorization).toBe('bearer key-123');
    expect(request.headers['x-odoo-database']).toBe('prod');
    expect(JSON.parse(request.body)).toEqual({ domain: [], context: { lang: 'en_US' } });
  });

  it('JSON-2: reads both error body shapes and HTML pages', async () => {
    const transport = new Json2Transport(http(), 'prod', 'k');
    server.respond((_req, res) =>
      json(res, 403, { name: 'odoo.exceptions.AccessError', message: 'You are not allowed', arguments: [], context: {}, debug: '' }),
    );
    await expect(transport.call({ model: 'x', method: 'read' })).rejects.toMatchObject({ code: 'ODOO_ACCESS_ERROR', status: 403 });
    server.respond((_req, res) => json(res, 401, 'Invalid apikey'));
    await expect(transport.call({ model: 'x', method: 'read' })).rejects.toMatchObject({ code: 'ODOO_ACCESS_DENIED' });
    server.respond((_req, res) => {
      res.writeHead(415, { 'content-type': 'text/html' });
      res.end('<html>Unsupported</html>');
    });
    await expect(transport.call({ model: 'x', method: 'read' })).rejects.toMatchObject({ code: 'ODOO_PROTOCOL' });
    server.respond((_req, res) => json(res, 429, { name: 'werkzeug.exceptions.TooManyRequests', message: 'slow down' }, { 'Retry-After': '3' }));
    await expect(transport.call({ model: 'x', method: 'read' })).rejects.toMatchObject({ code: 'ODOO_RATE_LIMITED', retryAfterMs: 3000, retryable: true });
  });

  it('JSON-RPC: authenticates once, then calls execute_kw with ids and named arguments', async () => {
    server.respond((req, res) => {
      const { params } = JSON.parse(req.body) as { params: { service: string; method: string } };
      json(res, 200, { jsonrpc: '2.0', id: 1, result: params.method === 'authenticate' ? 7 : true });
    });
    const transport = new JsonRpcTransport(http(), 'prod', 'bot', 'secret');
    await transport.call({ model: 'purchase.order', method: 'button_confirm', ids: [3] });
    await transport.call({ model: 'purchase.order', method: 'write', ids: [3], params: { vals: { notes: 'x' } } });
    const bodies = server.requests.map((r) => JSON.parse(r.body).params);
    expect(bodies.map((b) => b.method)).toEqual(['authenticate', 'execute_kw', 'execute_kw']);
    expect(bodies[2].args).toEqual(['prod', 7, 'secret', 'purchase.order', 'write', [[3]], { vals: { notes: 'x' } }]);
  });

  it('JSON-RPC: a refused login (false) is ODOO_ACCESS_DENIED, an absent result is null', async () => {
    server.respond((_req, res) => json(res, 200, { jsonrpc: '2.0', id: 1, result: false }));
    await expect(new JsonRpcTransport(http(), 'prod', 'bot', 'bad').uid()).rejects.toMatchObject({ code: 'ODOO_ACCESS_DENIED' });
    server.respond((_req, res) => json(res, 200, { jsonrpc: '2.0', id: 1 }));
    expect(await new JsonRpcTransport(http(), 'prod', 'bot', 'x').rpc('common', 'version', [])).toBeNull();
  });

  it('JSON-RPC: errors arrive as HTTP 200 envelopes and are read by exception name, not code', async () => {
    server.respond((_req, res) =>
      json(res, 200, {
        jsonrpc: '2.0',
        id: 1,
        error: { code: 0, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.ValidationError', message: 'Bad date', arguments: [], context: {} } },
      }),
    );
    await expect(new JsonRpcTransport(http(), 'prod', 'bot', 'x').rpc('object', 'execute_kw', [])).rejects.toMatchObject({ code: 'ODOO_VALIDATION' });
    server.respond((_req, res) =>
      json(res, 200, { jsonrpc: '2.0', id: 1, error: { code: 100, message: 'Odoo Session Expired', data: { message: 'Session expired' } } }),
    );
    await expect(new JsonRpcTransport(http(), 'prod', 'bot', 'x').rpc('object', 'execute_kw', [])).rejects.toMatchObject({ code: 'ODOO_ACCESS_DENIED' });
  });

  it('JSON-RPC: logs in again once when the cached uid is refused', async () => {
    let refused = false;
    server.respond((req, res) => {
      const { params } = JSON.parse(req.body) as { params: { method: string } };
      if (params.method === 'authenticate') return json(res, 200, { jsonrpc: '2.0', id: 1, result: 9 });
      if (!refused) {
        refused = true;
        return json(res, 200, {
          jsonrpc: '2.0',
          id: 1,
          error: { code: 200, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' } },
        });
      }
      return json(res, 200, { jsonrpc: '2.0', id: 1, result: [1] });
    });
    const transport = new JsonRpcTransport(http(), 'prod', 'bot', 'x');
    await transport.uid();
    expect(await transport.call({ model: 'res.partner', method: 'search', params: { domain: [] } })).toEqual([1]);
    expect(server.requests.filter((r) => JSON.parse(r.body).params.method === 'authenticate')).toHaveLength(2);
  });
});
