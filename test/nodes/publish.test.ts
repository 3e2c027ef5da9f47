import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import pbAlert from '../../nodes/integration/pb-alert';
import pbPublish from '../../nodes/integration/pb-publish';
import { OPERATIONAL_ALERT_EVENT, raiseOperational, type OperationalAlertEvent } from '../../nodes/integration/alerts/operational';
import type { Ledger } from '../../nodes/ledger/ledger';
import { tcpForwarder, type TcpForwarder } from '../fakes/tcp-forwarder';
import { node, statusWhere, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- Node-RED's core MQTT nodes, CommonJS without types
const mqttNodes = require('@node-red/nodes/core/network/10-mqtt.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a core node, CommonJS without types
const completeNode = require('@node-red/nodes/core/common/24-complete.js');

const helper = useNodeRed();

interface Received {
  topic: string;
  payload: string;
}

// Mosquitto (CI starts it); every test publishes under a topic root of its own, so runs never see each other's messages.
const MOSQUITTO_PORT = Number(process.env.PLANBRIDGE_TEST_MQTT_PORT || 1883);

/** A subscriber connected to the broker itself (not through the forwarder), for the whole test. */
async function subscribe(port: number, topic: string): Promise<{ client: MqttClient; received: Received[]; until(count: number): Promise<void> }> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
  await client.subscribeAsync(topic, { qos: 1 });
  const received: Received[] = [];
  const waiters: Array<{ count: number; resolve(): void }> = [];
  client.on('message', (t, payload) => {
    received.push({ topic: t, payload: payload.toString('utf8') });
    for (const w of waiters.filter((x) => received.length >= x.count)) w.resolve();
  });
  return {
    client,
    received,
    until: (count) => (received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
  };
}

function operationalAlert(ledger: Ledger, change: string): Promise<OperationalAlertEvent> {
  return new Promise((resolve) => {
    const listener = (event: OperationalAlertEvent): void => {
      if (event.change !== change) return;
      ledger.off(OPERATIONAL_ALERT_EVENT, listener);
      resolve(event);
    };
    ledger.on(OPERATIONAL_ALERT_EVENT, listener);
  });
}

type Shown = { fill?: string; text?: string };

/** Resolves when pb-publish shows a status that passes `accept`: the one it shows now, or a later one. */
function publishStatus(accept: (status: Shown) => boolean): Promise<Shown> {
  const spied = node<{ status: { lastCall?: { args: [Shown] } } }>('publish').status;
  const now = spied.lastCall?.args[0];
  return now && accept(now) ? Promise.resolve(now) : statusWhere('publish', accept);
}

function logged(level: 'warn' | 'info', text: RegExp): string[] {
  const log = helper.log() as unknown as { args: Array<[{ level: number; msg: unknown }]> } & Record<string, number>;
  const wanted = level === 'warn' ? log.WARN : log.INFO;
  return log.args
    .map(([entry]) => entry)
    .filter((e) => e.level === wanted && text.test(String(e.msg)))
    .map((e) => String(e.msg));
}

describe('pb-publish', () => {
  let env: string;
  let forwarder: TcpForwarder;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  let subscriber: Awaited<ReturnType<typeof subscribe>> | undefined;

  beforeEach(async () => {
    env = `t${randomBytes(4).toString('hex')}`;
    process.env.PLANBRIDGE_ENV = env;
    forwarder = await tcpForwarder('127.0.0.1', MOSQUITTO_PORT);
    ledgerFile = await tempLedgerFile();
  });
  afterEach(async () => {
    await helper.unload();
    await subscriber?.client.endAsync();
    subscriber = undefined;
    await forwarder.close();
    delete process.env.PLANBRIDGE_ENV;
    await ledgerFile.cleanup();
  });

  const flow = (publish: Record<string, unknown> = {}, ledger: Record<string, unknown> = {}) => [
    ledgerConfigNode(ledgerFile.file, ledger),
    { id: 'mqtt', type: 'mqtt-broker', name: 'test broker', broker: '127.0.0.1', port: String(forwarder.port), protocolVersion: '4', keepalive: '60' },
    {
      id: 'alert',
      type: 'pb-alert',
      ledger: 'ledger',
      rule: 'custom',
      env,
      repeatEverySeconds: '60',
      watchSeconds: '0',
      wires: [['publish']],
    },
    {
      id: 'publish',
      type: 'pb-publish',
      ledger: 'ledger',
      broker: 'mqtt',
      topic: '',
      qos: '1',
      retain: 'false',
      alertAfter: '60',
      maxWaiting: '1000',
      ...publish,
    },
  ];
  const load = (publish?: Record<string, unknown>, ledger?: Record<string, unknown>) =>
    helper.load([...reliabilityNodes, mqttNodes, pbAlert, pbPublish], flow(publish, ledger), { mqtt: {} });

  const waiting = async (count: number) => statusWhere('publish', (s) => !!s.text && s.text.endsWith(`${count} waiting`));

  it('keeps what arrives while the broker is down at start, and publishes it in order once the broker is up', async () => {
    subscriber = await subscribe(MOSQUITTO_PORT, `planbridge/${env}/#`);
    await load({ topic: `planbridge/${env}/events` });
    expect(await publishStatus((s) => s.fill === 'red')).toMatchObject({ text: 'broker down, 0 waiting' });
    expect((await helper.request().get('/metrics').expect(200)).text).toMatch(/planbridge_dependency_up\{dependency="broker test broker"\} 0/);
    const kept = waiting(5);
    for (let i = 0; i < 5; i++) node('publish').receive({ payload: { n: i } });
    await kept;

    const drained = waiting(0);
    await forwarder.up();
    await subscriber.until(5);
    await drained;
    expect(subscriber.received.map((r) => JSON.parse(r.payload).n)).toEqual([0, 1, 2, 3, 4]);
    expect(subscriber.received[0].topic).toBe(`planbridge/${env}/events`);
    expect((await helper.request().get('/metrics').expect(200)).text).toMatch(/planbridge_dependency_up\{dependency="broker test broker"\} 1/);
    expect(logged('warn', /MQTT broker test broker down/)).toHaveLength(1);
    expect(logged('info', /MQTT broker test broker reachable again after \d+ s; 5 messages were waiting/)).toHaveLength(1);
  });

  it('delivers the 200 alerts raised while the broker is down once it is back: all of them, once each, in order', async () => {
    subscriber = await subscribe(MOSQUITTO_PORT, `planbridge/${env}/#`);
    await forwarder.up();
    const finished = { id: 'finished', type: 'complete', scope: ['publish'], uncaught: false, wires: [['done']] };
    await helper.load([...reliabilityNodes, mqttNodes, pbAlert, pbPublish, completeNode], [...flow(), finished, { id: 'done', type: 'helper' }] as never, {
      mqtt: {},
    });
    await publishStatus((s) => s.fill === 'green' && s.text === 'connected, 0 waiting');
    await forwarder.down();
    await publishStatus((s) => s.fill === 'red');

    let handled = 0;
    const allHandled = new Promise<void>((resolve) => node<import('node:events').EventEmitter>('done').on('input', () => ++handled === 200 && resolve()));
    for (let i = 0; i < 200; i++) {
      node('alert').receive({ payload: { key: `custom:outage:${String(i).padStart(3, '0')}`, type: 'custom', severity: 'warning', message: `alert ${i}` } });
    }
    await allHandled;
    expect(subscriber.received).toHaveLength(0);

    await forwarder.up();
    await publishStatus((s) => s.fill === 'green' && !!s.text?.startsWith('connected'));
    // A last message after the 200: once it arrives, the 200 and anything sent twice before it would have too.
    node('publish').receive({ topic: `planbridge/${env}/end`, payload: 'end' });
    await subscriber.until(1);
    await new Promise<void>((resolve) => {
      const check = (): void => (subscriber?.received.some((r) => r.payload === 'end') ? resolve() : void subscriber?.client.once('message', check));
      check();
    });
    const keys = subscriber.received.filter((r) => r.payload !== 'end').map((r) => (JSON.parse(r.payload) as { key: string }).key);
    expect(keys).toEqual(Array.from({ length: 200 }, (_, i) => `custom:outage:${String(i).padStart(3, '0')}`));
    expect(subscriber.received).toHaveLength(201);
    expect(subscriber.received[0].topic).toBe(`planbridge/${env}/alerts/warning/custom`);
    expect(logged('info', /reachable again after \d+ s; 200 messages were waiting/)).toHaveLength(1);
  });

  it('forgets only what the broker acknowledged: a connection cut while the outbox drains loses nothing and keeps the order', async () => {
    subscriber = await subscribe(MOSQUITTO_PORT, `planbridge/${env}/#`);
    await load({ topic: `planbridge/${env}/events`, maxWaiting: '5000' });
    await publishStatus((s) => s.fill === 'red');
    const kept = waiting(3000);
    for (let i = 0; i < 3000; i++) node('publish').receive({ payload: String(i) });
    await kept;

    await forwarder.up();
    await subscriber.until(300);
    // The link stalls while a batch is in flight (sent, not acknowledged), then breaks: that batch never reached the broker.
    await forwarder.hold();
    await forwarder.down();
    await publishStatus((s) => s.fill === 'red');
    const cutAt = subscriber.received.length;
    await forwarder.up();
    await publishStatus((s) => s.fill === 'green' && !!s.text?.startsWith('connected'));
    node('publish').receive({ payload: 'end' });
    await new Promise<void>((resolve) => {
      const check = (): void => (subscriber?.received.some((r) => r.payload === 'end') ? resolve() : void subscriber?.client.once('message', check));
      check();
    });
    const payloads = subscriber.received.map((r) => r.payload).filter((p) => p !== 'end');
    const firstSeen = [...new Set(payloads)];
    // Every message arrived, first in the order kept; a message whose acknowledgement the cut lost may come twice (QoS 1).
    expect(firstSeen).toEqual(Array.from({ length: 3000 }, (_, i) => String(i)));
    expect(cutAt).toBeLessThan(3000);
    console.log(`outbox drain cut after ${cutAt} of 3000 received; ${payloads.length - 3000} sent again after the cut`);
  });

  it('keeps the outbox across a restart of the runtime: the new instance publishes what the old one kept', async () => {
    subscriber = await subscribe(MOSQUITTO_PORT, `planbridge/${env}/#`);
    await load({ topic: `planbridge/${env}/events` }, { leaseSeconds: '1' });
    await publishStatus((s) => s.fill === 'red');
    const kept = waiting(3);
    for (let i = 0; i < 3; i++) node('publish').receive({ payload: `before restart ${i}` });
    await kept;
    await helper.unload();

    await forwarder.up();
    await load({ topic: `planbridge/${env}/events` }, { leaseSeconds: '1' });
    // The new instance takes the old one's rows over once their lease ran out (1 s here).
    await subscriber.until(3);
    expect(subscriber.received.map((r) => r.payload)).toEqual(['before restart 0', 'before restart 1', 'before restart 2']);
  });

  it('raises broker_down once the broker is down past the threshold, resolves it when back, and publishes both alerts in order', async () => {
    subscriber = await subscribe(MOSQUITTO_PORT, `planbridge/${env}/alerts/#`);
    await load({ alertAfter: '1', operational: true });
    const ledger = await ledgerOf();
    const opened = await operationalAlert(ledger, 'opened');
    expect(opened.alert).toMatchObject({ key: 'broker_down:mqtt', type: 'broker_down', severity: 'critical', status: 'open' });

    const resolved = operationalAlert(ledger, 'resolved');
    await forwarder.up();
    expect((await resolved).alert).toMatchObject({ key: 'broker_down:mqtt', status: 'resolved' });
    await subscriber.until(2);
    expect(subscriber.received.map((r) => [r.topic, (JSON.parse(r.payload) as { status: string }).status])).toEqual([
      [`planbridge/${env}/alerts/critical/broker_down`, 'open'],
      [`planbridge/${env}/alerts/critical/broker_down`, 'resolved'],
    ]);
  });

  it('resolves a broker_down alert a previous run left open once the broker is reachable', async () => {
    await load();
    // As a runtime that stopped while the broker was down past the threshold leaves it.
    await raiseOperational(await ledgerOf(), { type: 'broker_down', key: 'broker_down:mqtt', severity: 'critical', message: 'left open' });
    await helper.unload();
    await load();
    const ledger = await ledgerOf();
    const resolved = operationalAlert(ledger, 'resolved');
    await forwarder.up();
    expect((await resolved).alert).toMatchObject({ key: 'broker_down:mqtt', status: 'resolved', message: 'left open' });
  });

  it('refuses messages past the limit with OUTBOX_FULL, logs it and raises the alert: nothing is dropped in silence', async () => {
    await load({ topic: `planbridge/${env}/events`, maxWaiting: '3' });
    await publishStatus((s) => s.fill === 'red');
    const kept = waiting(3);
    for (let i = 0; i < 3; i++) node('publish').receive({ payload: i });
    await kept;
    const ledger = await ledgerOf();
    const alert = operationalAlert(ledger, 'opened');
    const refused = new Promise<unknown[]>((resolve) =>
      node<import('node:events').EventEmitter>('publish').once('call:error', (call: { args: unknown[] }) => resolve(call.args)),
    );
    node('publish').receive({ payload: 3 });
    const [error] = await refused;
    expect(error).toMatchObject({ code: 'OUTBOX_FULL' });
    expect((await alert).alert).toMatchObject({ key: 'broker_down:mqtt', severity: 'critical' });
    expect(logged('warn', /outbox full: 3 messages wait for MQTT broker test broker \(limit 3\)/)).toHaveLength(1);
    expect(await ledger.outbox.waiting('mqtt')).toBe(3);
  });

  it('refuses a message without a topic', async () => {
    await load();
    const refused = new Promise<unknown[]>((resolve) =>
      node<import('node:events').EventEmitter>('publish').once('call:error', (call: { args: unknown[] }) => resolve(call.args)),
    );
    node('publish').receive({ payload: 'no topic' });
    expect((await refused)[0]).toMatchObject({ code: 'TOPIC_INVALID' });
  });
});
