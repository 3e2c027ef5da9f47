import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxControl } from './control';
import type { Core, RequestContext } from './core';
import type { CallInfo } from './counters';
import { handleControl } from './protocol/control-routes';
import { NOT_FOUND_TEXT, readBody, reason, send, sendHtmlError, sendJson } from './protocol/http-io';
import { handleJson2 } from './protocol/json2';
import { handleJsonRpc } from './protocol/jsonrpc';
import { handleWebSession } from './protocol/web-session';
import { handleXmlRpc } from './protocol/xmlrpc';

type Handler = (ctx: RequestContext) => Promise<void>;

/** The route table; a path missing for the chosen version falls through to werkzeug's 404 page. */
function route(core: Core, method: string, path: string): Handler | undefined {
  const p = core.profile;
  if (path === '/jsonrpc' && method === 'POST') return handleJsonRpc;
  const xml = /^\/xmlrpc\/(2\/)?([a-z_]+)$/.exec(path);
  if (xml && method === 'POST') return (ctx) => handleXmlRpc(ctx, xml[2], !xml[1]);
  if ((path === '/json/2' || path.startsWith('/json/2/')) && p.endpoints.json2) return handleJson2;
  if ((path === '/web/version' || path === '/json/version') && p.endpoints.webVersion) {
    return async (ctx) => {
      if (await ctx.admit({ endpoint: 'web', method: 'version' })) {
        sendJson(ctx.res, 200, { version_info: p.serverVersionInfo, version: p.serverVersion });
      }
    };
  }
  if (method !== 'POST') return undefined;
  if (path === '/web/session/authenticate') return (ctx) => handleWebSession(ctx, 'authenticate');
  if (path === '/web/session/get_session_info') return (ctx) => handleWebSession(ctx, 'get_session_info');
  if (path === '/web/session/destroy') return (ctx) => handleWebSession(ctx, 'destroy');
  if (path === '/web/webclient/version_info') return (ctx) => handleWebSession(ctx, 'version_info');
  if (/^\/web\/dataset\/(call_kw|call_button)(\/.*)?$/.test(path)) return (ctx) => handleWebSession(ctx, 'call_kw');
  return undefined;
}

export interface RunningServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/** node:http front door: control paths first, then the Odoo routes behind counting, latency and fault injection. */
export async function startServer(
  core: Core,
  control: SandboxControl,
  info: () => Record<string, unknown>,
  host: string,
  port: number,
): Promise<RunningServer> {
  const held = new Set<http.ServerResponse>();

  const admitFor =
    (res: http.ServerResponse) =>
    async (call: CallInfo): Promise<boolean> => {
      core.counters.record(call);
      const delay = core.faults.delayMs();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const fault = core.faults.decide(call);
      if (!fault) return true;
      if (fault.kind === 'hang') {
        // No answer at all: the client's own timeout is what is under test. Released when the client gives up or on stop().
        core.counters.recordFault('hang');
        held.add(res);
        res.on('close', () => held.delete(res));
        return false;
      }
      core.counters.recordFault(String(fault.status));
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      sendHtmlError(res, fault.status, `${fault.status} ${reason(fault.status)} (injected by the Odoo sandbox)`, headers);
      return false;
    };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      if (url.pathname.startsWith('/_sandbox/')) {
        handleControl(control, info, res, url.pathname, body);
        return;
      }
      const handler = route(core, req.method ?? 'GET', url.pathname);
      if (!handler) {
        sendHtmlError(res, 404, NOT_FOUND_TEXT);
        return;
      }
      await handler({ core, req, res, url, body, admit: admitFor(res) });
    })().catch((err: unknown) => {
      send(res, 500, 'text/plain; charset=utf-8', `sandbox error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
