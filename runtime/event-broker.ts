import { randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface EventBackbone {
  /** Where the flows' MQTT nodes connect: host, port, credentials and protocol (4 = 3.1.1, 5). */
  host: string;
  port: number;
  username: string;
  password: string;
  protocolVersion: 4 | 5;
  /** Prefix for subscriptions that several instances share: `$share/planbridge/` on an external broker. */
  sharePrefix: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface BackboneOptions {
  userDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Credentials for the embedded broker, kept with the other runtime secrets. */
  credentials: { username: string; password: string };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function listen(server: net.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * The event backbone. With PLANBRIDGE_MQTT_URL set, an external broker (Mosquitto, EMQX) is used
 * with MQTT 5 shared subscriptions, so several instances share event work. Otherwise an aedes broker
 * runs in the process: on 127.0.0.1 only, with a user and password, and with its sessions and QoS 1
 * messages kept in the user directory, so they survive a restart. Its port is PLANBRIDGE_MQTT_PORT
 * (1883); when that is taken (a local Mosquitto, say) it says so and takes a free port instead.
 */
export async function startEventBackbone(options: BackboneOptions): Promise<EventBackbone> {
  const { env, log } = options;
  if (env.PLANBRIDGE_MQTT_URL) {
    const url = new URL(env.PLANBRIDGE_MQTT_URL);
    return {
      host: url.hostname,
      port: Number(url.port || 1883),
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      protocolVersion: 5,
      sharePrefix: '$share/planbridge/',
      embedded: false,
      stop: async () => undefined,
    };
  }

  // Loaded only for the embedded broker: an external one needs none of it.
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only for the embedded broker */
  const { Aedes } = require('aedes') as typeof import('aedes');
  const persistence = require('aedes-persistence-level') as (db: unknown) => unknown;
  const { Level } = require('level') as typeof import('level');
  /* eslint-enable @typescript-eslint/no-require-imports -- end of the embedded broker's modules */

  const db = new Level(path.join(options.userDir, 'mqtt'));
  const broker = await Aedes.createBroker({ persistence: persistence(db) as never });
  const { username, password } = options.credentials;
  broker.authenticate = (_client, user, pass, done) => {
    const ok = !!user && !!pass && same(user, username) && same(pass.toString('utf8'), password);
    done(ok ? null : Object.assign(new Error('bad user name or password'), { returnCode: 4 }), ok);
  };
  const server = net.createServer(broker.handle as (socket: net.Socket) => void);
  const wanted = Number(env.PLANBRIDGE_MQTT_PORT || 1883);
  let port: number;
  try {
    port = await listen(server, wanted, '127.0.0.1');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    port = await listen(server, 0, '127.0.0.1');
    log(`planbridge: MQTT port ${wanted} is taken (another broker is running there?); the embedded broker listens on 127.0.0.1:${port} instead`);
  }
  log(`planbridge: embedded MQTT broker on mqtt://127.0.0.1:${port} (user ${username})`);
  return {
    host: '127.0.0.1',
    port,
    username,
    password,
    protocolVersion: 4,
    sharePrefix: '',
    embedded: true,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await db.close();
    },
  };
}

export function newBrokerPassword(): string {
  return randomBytes(18).toString('base64url');
}
