import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Node, NodeAPI } from 'node-red';
import { InputError } from '../../../nodes/lib/errors';
import { mountInbound, type InboundEndpoint } from '../../../nodes/lib/inbound';
import { isPublicRoute } from '../../../nodes/lib/public-routes';
import { PlanbridgeRuntime } from '../../../nodes/lib/runtime-context';

const SECRET = 'a-secret-of-some-length';

describe('mountInbound: the one perimeter of webhook and push endpoints', () => {
  let server: http.Server;
  let url: string;
  let RED: NodeAPI;
  let runtime: PlanbridgeRuntime;
  const warnings: string[] = [];
  const node = { id: 'n1', type: 'test-in', warn: (text: string) => warnings.push(text) } as unknown as Node;

  beforeEach(async () => {
    const app = express();
    RED = { httpNode: app, settings: { apiMaxLength: '1kb' } } as unknown as NodeAPI;
    runtime = new PlanbridgeRuntime();
    warnings.length = 0;
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const endpoint = (fields: Partial<InboundEndpoint> = {}): InboundEndpoint => ({
    path: '/hooks/test/one',
    node,
    secret: SECRET,
    secretIn: 'token',
    body: 'json',
    handle: async ({ body }) => ({ status: 202, body: { got: body } }),
    ...fields,
  });

  const post = (pathname: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers an authenticated request with what the endpoint answers, and declares the route public', async () => {
    mountInbound(RED, runtime, endpoint());
    expect(isPublicRoute(runtime, '/hooks/test/one')).toBe(true);
    const answer = await post(`/hooks/test/one?token=${SECRET}`, '{"a":1}');
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ got: { a: 1 } });
    // The same secret as a header or a bearer token.
    expect((await post('/hooks/test/one', '{}', { 'x-planbridge-token': SECRET })).status).toBe(202);
    expect((await post('/hooks/test/one', '{}', { authorization: `Bearer ${SECRET}` })).status).toBe(202);
  });

  it('refuses a wrong secret with 401 before reading the body, with one error shape and one log line', async () => {
    let handled = 0;
    mountInbound(RED, runtime, endpoint({ handle: async () => ((handled += 1), { status: 200, body: {} }) }));
    // Over the body limit and not JSON: the secret is what is judged first.
    const answer = await post('/hooks/test/one?token=wrong', 'x'.repeat(10_000));
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: { code: 'SECRET_INVALID', message: 'The secret is missing or wrong' } });
    expect((await post('/hooks/test/one', '{}')).status).toBe(401);
    expect(handled).toBe(0);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/refused a request to \/hooks\/test\/one from .*: SECRET_INVALID/);
  });

  it('takes a named header as the secret (the WMS contract)', async () => {
    mountInbound(RED, runtime, endpoint({ secretIn: { header: 'X-WMS-Secret' } }));
    expect((await post(`/hooks/test/one?token=${SECRET}`, '{}')).status).toBe(401);
    expect((await post('/hooks/test/one', '{}', { 'x-wms-secret': SECRET })).status).toBe(202);
  });

  it('refuses other content types (415), bodies over the limit (413) and malformed JSON (400), never with a stack trace', async () => {
    mountInbound(RED, runtime, endpoint());
    const at = `/hooks/test/one?token=${SECRET}`;
    const xml = await post(at, '<a/>', { 'content-type': 'application/xml' });
    expect([xml.status, (await xml.json()).error.code]).toEqual([415, 'CONTENT_TYPE_UNSUPPORTED']);
    const plain = await post(at, '{}', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    const big = await post(at, JSON.stringify({ a: 'x'.repeat(2000) }));
    expect([big.status, (await big.json()).error.code]).toEqual([413, 'BODY_TOO_LARGE']);
    const broken = await post(at, '{"a":');
    const text = await broken.text();
    expect(broken.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: { code: 'BODY_INVALID', message: 'The request body could not be parsed' } });
    expect(text).not.toMatch(/node_modules|at \w+/);
  });

  it('takes EDI and text bodies on a text endpoint', async () => {
    mountInbound(RED, runtime, endpoint({ body: 'text' }));
    for (const type of ['application/edi-x12', 'application/edifact', 'text/plain']) {
      const answer = await post(`/hooks/test/one?token=${SECRET}`, 'ISA*00~', { 'content-type': type });
      expect([type, answer.status, await answer.json()]).toEqual([type, 202, { got: 'ISA*00~' }]);
    }
    expect((await post(`/hooks/test/one?token=${SECRET}`, '{}')).status).toBe(415);
  });

  it('answers the caller 400 with the code of an input error, and 500 without the inside of any other failure', async () => {
    mountInbound(
      RED,
      runtime,
      endpoint({ path: '/hooks/test/bad', handle: async () => Promise.reject(new InputError('one record, please', 'WEBHOOK_BODY_INVALID')) }),
    );
    mountInbound(RED, runtime, endpoint({ path: '/hooks/test/down', handle: async () => Promise.reject(new Error('SQLITE_READONLY: /var/lib/x.db')) }));
    const bad = await post(`/hooks/test/bad?token=${SECRET}`, '[]');
    expect([bad.status, await bad.json()]).toEqual([400, { error: { code: 'WEBHOOK_BODY_INVALID', message: 'one record, please' } }]);
    const down = await post(`/hooks/test/down?token=${SECRET}`, '{}');
    const text = await down.text();
    expect(down.status).toBe(500);
    expect(JSON.parse(text).error.message).toBe('The request could not be recorded; send it again');
    expect(text).not.toContain('/var/lib');
  });

  it('lets only the listed addresses call when an allow-list is set', async () => {
    mountInbound(RED, runtime, endpoint({ path: '/hooks/test/a', allowFrom: ['10.9.9.9'] }));
    mountInbound(RED, runtime, endpoint({ path: '/hooks/test/b', allowFrom: ['127.0.0.1'] }));
    const refused = await post(`/hooks/test/a?token=${SECRET}`, '{}');
    expect([refused.status, (await refused.json()).error.code]).toEqual([403, 'ADDRESS_NOT_ALLOWED']);
    expect((await post(`/hooks/test/b?token=${SECRET}`, '{}')).status).toBe(202);
  });

  it('takes the route down on unmount, and a redeploy mounts it again; two nodes may not share a path', async () => {
    const unmount = mountInbound(RED, runtime, endpoint());
    expect(() => mountInbound(RED, runtime, endpoint())).toThrow(/already receives on \/hooks\/test\/one/);
    unmount();
    expect(isPublicRoute(runtime, '/hooks/test/one')).toBe(false);
    expect((await post(`/hooks/test/one?token=${SECRET}`, '{}')).status).toBe(404);
    mountInbound(RED, runtime, endpoint({ handle: async () => ({ status: 200, body: { again: true } }) }));
    const answer = await post(`/hooks/test/one?token=${SECRET}`, '{}');
    expect([answer.status, await answer.json()]).toEqual([200, { again: true }]);
  });
});
