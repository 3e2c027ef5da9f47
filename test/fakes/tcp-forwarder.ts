import net from 'node:net';

export interface TcpForwarder {
  port: number;
  /** Starts forwarding to the target (a server coming up). */
  up(): Promise<void>;
  /** Refuses connections and cuts the open ones (a server going down). */
  down(): Promise<void>;
  /**
   * Stops passing on what clients send (it waits in the forwarder), as a link that stalls before it
   * breaks; answers once a client sent something that is now held.
   */
  hold(): Promise<void>;
  close(): Promise<void>;
}

/** A free loopback port, for a server that is not listening yet. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * A loopback port that stands for a database server: while down nothing listens (connections are
 * refused, as when PostgreSQL is stopped); while up every connection is piped to the real server.
 */
export async function tcpForwarder(targetHost: string, targetPort: number): Promise<TcpForwarder> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  const clients = new Map<net.Socket, net.Socket>();
  let server: net.Server | undefined;
  const forwarder: TcpForwarder = {
    port,
    async up() {
      if (server) return;
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, targetHost);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        clients.set(client, upstream);
        client.on('close', () => {
          clients.delete(client);
          upstream.destroy();
        });
        upstream.on('close', () => client.destroy());
      });
      const listening = server;
      await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    },
    async down() {
      const closing = server;
      server = undefined;
      for (const s of sockets) s.destroy();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    hold() {
      return new Promise<void>((resolve) => {
        for (const [client, upstream] of clients) {
          client.unpipe(upstream);
          client.pause();
          client.once('readable', () => resolve());
        }
      });
    },
    close: () => forwarder.down(),
  };
  return forwarder;
}
