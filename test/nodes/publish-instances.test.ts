import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { Ledger } from '../../nodes/ledger/ledger';
import { Masker } from '../../nodes/ledger/masking';
import { openStore, type StoreOptions } from '../../nodes/ledger/store/open-store';
import { OutboxPublisher } from '../../nodes/integration/publish/publisher';
import { tcpForwarder, type TcpForwarder } from '../fakes/tcp-forwarder';

// Mosquitto (CI starts it); each test publishes under a topic root of its own.
const MOSQUITTO_PORT = Number(process.env.PLANBRIDGE_TEST_MQTT_PORT || 1883);
const pgUrl = process.env.PLANBRIDGE_TEST_PG_URL;

interface Engine {
  name: string;
  /** A place for a shared ledger, and how to remove it. */
  open(): Promise<{ options: StoreOptions; cleanup(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-outbox-'));
      return { options: { engine: 'sqlite', file: path.join(dir, 'ledger.db') }, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
    },
  },
];
// Without PLANBRIDGE_TEST_PG_URL (CI sets it) only SQLite runs; the PostgreSQL store contract says so as skipped.
if (pgUrl)
  engines.push({
    name: 'PostgreSQL',
    async open() {
      const schema = `pb_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      return {
        options: { engine: 'postgres', url: pgUrl, schema },
        async cleanup() {
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
  });

/** One runtime instance: its own ledger (instance id, heartbeat) on the shared database, and its publisher. */
async function instance(options: StoreOptions, port: number, leaseMs: number): Promise<{ ledger: Ledger; publisher: OutboxPublisher; stop(): Promise<void> }> {
  const store = await openStore(options);
  const ledger = new Ledger({
    store,
    configId: 'ledger',
    masker: new Masker([], undefined),
    leaseMs,
    keyLeaseMs: 60_000,
    maxBodyBytes: 1_000_000,
    retention: { messageDays: 30, keyDays: 90, deadLetterDays: 90 },
  });
  const publisher = new OutboxPublisher({
    broker: 'planbridge-mqtt',
    label: `instance ${ledger.instanceId.slice(0, 8)}`,
    url: `mqtt://127.0.0.1:${port}`,
    connect: {},
    ledger: Promise.resolve(ledger),
    alertAfterMs: () => 60_000,
    maxWaiting: () => 100_000,
    log: () => undefined,
    warn: () => undefined,
    firstRetryMs: 50,
    longestRetryMs: 200,
  });
  return {
    ledger,
    publisher,
    async stop() {
      await publisher.close();
      await ledger.close();
    },
  };
}

function until(publisher: OutboxPublisher, accept: (state: { up: boolean | undefined; waiting: number }) => boolean): Promise<void> {
  if (accept(publisher.state)) return Promise.resolve();
  return new Promise((resolve) => {
    const listener = (state: { up: boolean | undefined; waiting: number }): void => {
      if (!accept(state)) return;
      publisher.off('state', listener);
      resolve();
    };
    publisher.on('state', listener);
  });
}

describe.each(engines)('the outbox shared by several instances ($name)', (engine) => {
  let place: Awaited<ReturnType<Engine['open']>>;
  let root: string;
  let subscriber: MqttClient;
  let received: Array<{ producer: string; n: number }>;
  let arrived: () => void = () => undefined;
  const running: Array<{ stop(): Promise<void> }> = [];
  let forwarder: TcpForwarder | undefined;

  beforeEach(async () => {
    place = await engine.open();
    root = `planbridge/t${randomBytes(4).toString('hex')}`;
    subscriber = await mqtt.connectAsync(`mqtt://127.0.0.1:${MOSQUITTO_PORT}`, { reconnectPeriod: 0 });
    await subscriber.subscribeAsync(`${root}/#`, { qos: 1 });
    received = [];
    subscriber.on('message', (_topic, payload) => {
      received.push(JSON.parse(payload.toString('utf8')) as { producer: string; n: number });
      arrived();
    });
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
    await forwarder?.close();
    forwarder = undefined;
    await subscriber.endAsync();
    await place.cleanup();
  });

  const receivedAtLeast = (count: number): Promise<void> =>
    received.length >= count
      ? Promise.resolve()
      : new Promise((resolve) => {
          arrived = () => received.length >= count && resolve();
        });
  const message = (producer: string, n: number) => ({
    topic: `${root}/events`,
    payload: JSON.stringify({ producer, n }),
    encoding: 'utf8' as const,
    qos: 1 as const,
    retain: false,
  });
  const fromProducer = (producer: string) => received.filter((r) => r.producer === producer).map((r) => r.n);

  it("publishes each message once, in each instance's order, when two instances publish at once", async () => {
    const a = await instance(place.options, MOSQUITTO_PORT, 30_000);
    const b = await instance(place.options, MOSQUITTO_PORT, 30_000);
    running.push(a, b);
    await Promise.all([until(a.publisher, (s) => s.up === true), until(b.publisher, (s) => s.up === true)]);
    const appends: Array<Promise<void>> = [];
    for (let n = 0; n < 150; n++) appends.push(a.publisher.append([message('a', n)]), b.publisher.append([message('b', n)]));
    await Promise.all(appends);
    await receivedAtLeast(300);
    // A last message of each after the 300: once both arrived, anything sent twice before them would have too.
    await Promise.all([until(a.publisher, (s) => s.waiting === 0), until(b.publisher, (s) => s.waiting === 0)]);
    await a.publisher.append([message('a', 150)]);
    await b.publisher.append([message('b', 150)]);
    await receivedAtLeast(302);
    await Promise.all([until(a.publisher, (s) => s.waiting === 0), until(b.publisher, (s) => s.waiting === 0)]);
    const sequence = Array.from({ length: 151 }, (_, n) => n);
    expect(fromProducer('a')).toEqual(sequence);
    expect(fromProducer('b')).toEqual(sequence);
    expect(received).toHaveLength(302);
  });

  it('publishes the messages of an instance that died, once each and in its order, from another instance', async () => {
    // Instance a cannot reach the broker: what it keeps waits in the outbox when it dies.
    forwarder = await tcpForwarder('127.0.0.1', MOSQUITTO_PORT);
    const a = await instance(place.options, forwarder.port, 500);
    await until(a.publisher, (s) => s.up === false);
    for (let n = 0; n < 50; n++) await a.publisher.append([message('a', n)]);
    expect(await a.ledger.outbox.waiting('planbridge-mqtt')).toBe(50);
    // It dies: its heartbeat stops, so its lease runs out.
    await a.stop();

    const b = await instance(place.options, MOSQUITTO_PORT, 500);
    running.push(b);
    const started = Date.now();
    await receivedAtLeast(50);
    await until(b.publisher, (s) => s.up === true && s.waiting === 0);
    await b.publisher.append([message('b', 0)]);
    await receivedAtLeast(51);
    expect(fromProducer('a')).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(received).toHaveLength(51);
    // Taken over within a lease and a look-around of the survivor (each 0.5 s here), not later.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
