import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Receiver } from './wire';

type Received = Receiver['requests'][number];

/**
 * A loopback webhook receiver. `next()` resolves with the next request (or one already received and not yet taken);
 * `respond` decides how to answer (default 200), and can hold a request open to test the 1 s timeout.
 */
export async function startReceiver(respond: (req: Received, res: http.ServerResponse) => void = (_r, res) => res.end('ok')): Promise<Receiver> {
  const requests: Received[] = [];
  const queue: Received[] = [];
  const waiters: Array<(r: Received) => void> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      const waiter = waiters.shift();
      if (waiter) waiter(received);
      else queue.push(received);
      respond(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    // Rejects after 5 s so a missing delivery fails the test instead of running into jest's timeout.
    next: () => {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error('no webhook request within 5 s'));
        }, 5000);
        const waiter = (r: Received): void => {
          clearTimeout(timer);
          resolve(r);
        };
        waiters.push(waiter);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
