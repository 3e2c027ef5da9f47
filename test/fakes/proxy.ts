import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ForwardedCall {
  method: string;
  path: string;
  body: string;
}

export interface Proxy extends EventEmitter {
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a target: it emits 'forwarded' once the target has answered a
 * call, before passing the answer back, so a test can act at exactly that moment (kill the caller
 * between the target's answer and the caller's own record of it).
 */
export async function startProxy(targetUrl: string): Promise<Proxy> {
  const target = new URL(targetUrl);
  const proxy = new EventEmitter() as Proxy;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const call: ForwardedCall = { method: req.method ?? '', path: req.url ?? '', body: body.toString('utf8') };
            proxy.emit('forwarded', call);
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(parts));
          });
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502).end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
