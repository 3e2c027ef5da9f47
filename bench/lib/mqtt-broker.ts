import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';

export interface BenchBroker {
  host: string;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * An aedes broker on a free loopback port, the broker the embedded runtime runs
 * (runtime/event-broker.ts), here in memory and without users: the bench measures the flows, not
 * the broker's persistence.
 */
export async function startBenchBroker(): Promise<BenchBroker> {
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle as (socket: net.Socket) => void);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
