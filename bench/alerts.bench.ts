import { randomBytes } from 'node:crypto';
import path from 'node:path';
import mqtt from 'mqtt';
import type { NodeMessage } from 'node-red';
import type { EmbeddedRuntime } from './lib/embedded-runtime';
import { startBenchBroker } from './lib/mqtt-broker';
import { nowNs, percentile, printTable } from './lib/measure';

const PER_SECOND = 100;
const SETTLE_MS = 10_000;
const REFRESH_PAUSE_MS = 25;
const at = { x: 100, y: 100 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** When each event was POSTed, and how long until its message reached the MQTT subscriber. */
class Arrivals {
  private readonly pending = new Map<string, bigint>();
  readonly latenciesMs: number[] = [];

  expect(key: string, startedNs: bigint): void {
    this.pending.set(key, startedNs);
  }

  arrived(key: string): void {
    const started = this.pending.get(key);
    if (started === undefined) return;
    this.pending.delete(key);
    this.latenciesMs.push(Number(nowNs() - started) / 1e6);
  }

  /** Waits for the stragglers; answers how many never arrived. */
  async settle(timeoutMs: number): Promise<number> {
    const end = Date.now() + timeoutMs;
    while (this.pending.size && Date.now() < end) await sleep(20);
    const lost = this.pending.size;
    this.pending.clear();
    return lost;
  }
}

interface Run {
  arrivals: Arrivals;
  httpErrors: number;
  seconds: number;
  lost: number;
  listedMs: number[];
}

/** A webhook body as Odoo would send it, and what the custom rule makes an alert of. */
function eventBody(run: string, i: number): { key: string; body: string } {
  const key = `bench:${run}:${i}`;
  return {
    key,
    body: JSON.stringify({ _model: 'bench.event', _id: i, _action: 'bench(#1)', key, type: 'custom', severity: 'warning', message: `bench event ${i}` }),
  };
}

/** Asks pb-exceptions for the list, as the dashboard does, and answers with what it listed. */
function exceptionsClient(runtime: EmbeddedRuntime): (filter: object) => Promise<Array<{ key: string }>> {
  const waiting = new Map<number, (alerts: Array<{ key: string }>) => void>();
  let next = 0;
  const sink = runtime.node('ab-listed') as unknown as import('node:events').EventEmitter;
  sink.on('input', (msg: NodeMessage & { probe?: number; payload?: { alerts?: Array<{ key: string }> } }, _send: unknown, done: () => void) => {
    done();
    const resolve = msg.probe !== undefined ? waiting.get(msg.probe) : undefined;
    if (!resolve) return;
    waiting.delete(msg.probe as number);
    resolve(msg.payload?.alerts ?? []);
  });
  return (filter) =>
    new Promise((resolve) => {
      next += 1;
      waiting.set(next, resolve);
      runtime.node('ab-exceptions').receive({
        topic: 'refresh',
        payload: filter,
        probe: next,
        _client: { user: { username: 'bench', roles: ['viewer'] } },
      });
    });
}

/**
 * Sends `events` POSTs at PER_SECOND, each with a unique key, and records per event the time from
 * the POST to its message at the MQTT subscriber; `watch` follows every PER_SECOND-th event further.
 */
async function drive(
  url: string,
  run: string,
  events: number,
  arrivals: Arrivals,
  watch?: (key: string, startedNs: bigint) => Promise<void>,
): Promise<{ httpErrors: number; seconds: number }> {
  let httpErrors = 0;
  const inFlight: Array<Promise<void>> = [];
  const watched: Array<Promise<void>> = [];
  const start = Date.now();
  for (let i = 0; i < events; i++) {
    const wait = start + (i * 1000) / PER_SECOND - Date.now();
    if (wait > 0) await sleep(wait);
    const { key, body } = eventBody(run, i);
    const startedNs = nowNs();
    arrivals.expect(key, startedNs);
    inFlight.push(
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
        async (response) => {
          await response.arrayBuffer();
          if (!response.ok) httpErrors += 1;
        },
        () => {
          httpErrors += 1;
        },
      ),
    );
    if (watch && i % PER_SECOND === 0) watched.push(watch(key, startedNs));
  }
  const seconds = (Date.now() - start) / 1000;
  await Promise.all([...inFlight, ...watched]);
  return { httpErrors, seconds };
}

/**
 * Alerts end to end: an Odoo webhook (token, ledger) into pb-alert (custom rule: the message is the
 * alert) out to MQTT through pb-publish (the ledger's outbox) on an embedded aedes broker, at 100 events a second, each a new alert. Per
 * event: POST to arrival at an MQTT subscriber, p50 and p95 against the same POSTs through a bare
 * http in → mqtt out flow; and the time until a pb-exceptions refresh (the dashboard's Exceptions
 * page) lists the alert. PLANBRIDGE_BENCH_ALERT_SECONDS shortens the 60 s run.
 */
export async function benchAlerts(runtime: EmbeddedRuntime): Promise<void> {
  if (!runtime.hasType('pb-exceptions'))
    throw new Error('pb-exceptions is not registered: add "pb-exceptions": "dist/nodes/integration/pb-exceptions.js" to package.json\'s "node-red".nodes');
  const seconds = Number(process.env.PLANBRIDGE_BENCH_ALERT_SECONDS ?? 60);
  const events = Math.max(1, Math.round(seconds * PER_SECOND));
  const broker = await startBenchBroker();
  const http = await runtime.serveHttp();
  const subscriber = await mqtt.connectAsync(broker.url, { clientId: `bench-subscriber-${process.pid}` });
  const token = randomBytes(24).toString('base64url');
  let current = new Arrivals();
  subscriber.on('message', (_topic, payload) => {
    try {
      const key = (JSON.parse(payload.toString()) as { key?: string }).key;
      if (key) current.arrived(key);
    } catch {
      // Not one of ours.
    }
  });
  await subscriber.subscribeAsync(['bench/#', 'planbridge/+/alerts/#'], { qos: 1 });
  try {
    const flows = [
      { id: 'ab', type: 'tab', label: 'alerts bench' },
      { id: 'ab-ledger', type: 'ledger-config', engine: 'sqlite', file: path.join(runtime.userDir, 'alerts-bench.db'), leaseSeconds: '30' },
      {
        id: 'ab-broker',
        type: 'mqtt-broker',
        name: 'bench',
        broker: broker.host,
        port: String(broker.port),
        clientid: '',
        autoConnect: true,
        usetls: false,
        protocolVersion: '4',
        keepalive: '60',
        cleansession: true,
      },
      {
        id: 'ab-in',
        z: 'ab',
        ...at,
        type: 'http in',
        url: '/bench/baseline',
        method: 'post',
        upload: false,
        swaggerDoc: '',
        wires: [['ab-base-out', 'ab-base-answer']],
      },
      { id: 'ab-base-out', z: 'ab', ...at, type: 'mqtt out', topic: 'bench/baseline', qos: '1', retain: 'false', broker: 'ab-broker' },
      { id: 'ab-base-answer', z: 'ab', ...at, type: 'http response', statusCode: '', headers: {}, wires: [] },
      { id: 'ab-hook', z: 'ab', ...at, type: 'odoo-webhook', path: 'bench-alerts', ledger: 'ab-ledger', allowFrom: '', wires: [['ab-alert']] },
      {
        id: 'ab-alert',
        z: 'ab',
        ...at,
        type: 'pb-alert',
        ledger: 'ab-ledger',
        rule: 'custom',
        owner: 'bench',
        slaMinutes: '60',
        env: 'bench',
        repeatEverySeconds: '60',
        watchSeconds: '0',
        wires: [['ab-out']],
      },
      // As the shipped flows publish: through the ledger's outbox (pb-publish), not straight to the broker.
      {
        id: 'ab-out',
        z: 'ab',
        ...at,
        type: 'pb-publish',
        ledger: 'ab-ledger',
        broker: 'ab-broker',
        topic: '',
        qos: '1',
        retain: 'false',
        alertAfter: '60',
        maxWaiting: '100000',
      },
      { id: 'ab-judged', z: 'ab', ...at, type: 'complete', scope: ['ab-alert'], uncaught: false, wires: [['ab-complete']] },
      { id: 'ab-complete', z: 'ab', ...at, type: 'pb-complete', outcomePath: '', wires: [[]] },
      { id: 'ab-exceptions', z: 'ab', ...at, type: 'pb-exceptions', ledger: 'ab-ledger', env: 'bench', wires: [['ab-listed'], []] },
      { id: 'ab-listed', z: 'ab', ...at, type: 'debug', active: false, wires: [] },
    ];
    await runtime.deploy(flows, { 'ab-hook': { token } });
    const baselineUrl = `${http.url}/bench/baseline`;
    const webhookUrl = `${http.url}/hooks/odoo/bench-alerts?token=${token}`;

    // Until Node-RED's MQTT connection is up, publishes wait: probe through the bare flow first.
    for (let probe = 0; probe < 100 && !current.latenciesMs.length; probe++) {
      const { key, body } = eventBody('probe', probe);
      current.expect(key, nowNs());
      await fetch(baselineUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.arrayBuffer());
      await sleep(100);
    }
    if (!current.latenciesMs.length) throw new Error('the bench flow never published to the MQTT broker');

    const list = exceptionsClient(runtime);
    const refreshMs: number[] = [];
    // Refreshes follow each other with a short pause, so following an event does not starve the flow it measures.
    const listed =
      (listedMs: number[]) =>
      async (key: string, startedNs: bigint): Promise<void> => {
        const end = Date.now() + SETTLE_MS;
        while (Date.now() < end) {
          const asked = nowNs();
          const alerts = await list({ type: 'custom' });
          refreshMs.push(Number(nowNs() - asked) / 1e6);
          if (alerts.some((a) => a.key === key)) {
            listedMs.push(Number(nowNs() - startedNs) / 1e6);
            return;
          }
          await sleep(REFRESH_PAUSE_MS);
        }
      };

    const measure = async (url: string, run: string, count: number, follow: boolean): Promise<Run> => {
      current = new Arrivals();
      const arrivals = current;
      const listedMs: number[] = [];
      const result = await drive(url, run, count, arrivals, follow ? listed(listedMs) : undefined);
      const lost = await arrivals.settle(SETTLE_MS);
      return { ...result, arrivals, lost, listedMs };
    };

    // Warm both paths (JIT, the SQLite file, the HTTP agent), then measure the bare flow and ours in turn.
    await measure(baselineUrl, 'warm-base', PER_SECOND, false);
    await measure(webhookUrl, 'warm-alert', PER_SECOND, false);
    const base = await measure(baselineUrl, 'base', events, false);
    const ours = await measure(webhookUrl, 'alert', events, true);

    const ms = (v: number): number => v * 1e6;
    const [b50, b95] = [percentile(base.arrivals.latenciesMs, 0.5), percentile(base.arrivals.latenciesMs, 0.95)];
    const [o50, o95] = [percentile(ours.arrivals.latenciesMs, 0.5), percentile(ours.arrivals.latenciesMs, 0.95)];
    const [l50, l95] = [percentile(ours.listedMs, 0.5), percentile(ours.listedMs, 0.95)];
    console.log(
      `\nAlerts: ${events} webhook events at ${PER_SECOND}/s (sent in ${ours.seconds.toFixed(1)} s; bare flow ${base.seconds.toFixed(1)} s), each a new alert; ` +
        `arrived at MQTT ${ours.arrivals.latenciesMs.length} (lost ${ours.lost}, HTTP errors ${ours.httpErrors}); bare flow arrived ${base.arrivals.latenciesMs.length} (lost ${base.lost}, HTTP errors ${base.httpErrors}); ` +
        `listed by pb-exceptions: ${ours.listedMs.length} of ${Math.ceil(events / PER_SECOND)} followed; one refresh (up to 500 rows listed) took ${percentile(refreshMs, 0.5).toFixed(1)} ms at the median`,
    );
    printTable('Alerts', [
      { benchmark: 'webhook POST → pb-alert → MQTT subscriber, p50', ours: ms(o50), baselineName: 'http in → mqtt out, p50', baseline: ms(b50) },
      { benchmark: 'webhook POST → pb-alert → MQTT subscriber, p95', ours: ms(o95), baselineName: 'http in → mqtt out, p95', baseline: ms(b95) },
      { benchmark: 'webhook POST → listed by a pb-exceptions refresh, p50', ours: ms(l50), baselineName: 'http in → mqtt out, p50', baseline: ms(b50) },
      { benchmark: 'webhook POST → listed by a pb-exceptions refresh, p95', ours: ms(l95), baselineName: 'http in → mqtt out, p95', baseline: ms(b95) },
    ]);
  } finally {
    await runtime.deploy([]);
    await subscriber.endAsync();
    await http.close();
    await broker.stop();
  }
}
