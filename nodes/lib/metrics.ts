import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Node } from 'node-red';
import type { CallFailureEvent, CircuitName, Resilience, RetryEvent } from './resilience';
import { runtimePart, type PlanbridgeRuntime } from './runtime-context';

export interface Metrics {
  registry: Registry;
  messages: Counter<'node_type' | 'flow' | 'outcome'>;
  failures: Counter<'node_type' | 'flow' | 'code'>;
  retries: Counter<'target' | 'code'>;
  callFailures: Counter<'target' | 'code'>;
  deadLetters: Counter<'node_type' | 'flow'>;
  latency: Histogram<'flow'>;
  circuitState: Gauge<'target'>;
  circuitTransitions: Counter<'target' | 'state'>;
  backlog: Gauge;
  openDeadLetters: Gauge;
  validationProblems: Counter<'contract' | 'rule'>;
  dependencyUp: Gauge<'dependency'>;
  operationalAlerts: Gauge<'type'>;
  /** When the counters started from zero (epoch ms): they count since then. */
  startedAt: number;
}

/** Sources of the gauges that are read when Prometheus scrapes (the ledgers register here). */
export interface GaugeSources {
  backlog: Map<string, () => Promise<number>>;
  openDeadLetters: Map<string, () => Promise<number>>;
  /** Open operational alerts per type (nodes/integration/alerts/operational-watch.ts). */
  operationalAlerts: Map<string, () => Promise<Map<string, number>>>;
}

interface Holder {
  metrics: Metrics;
  sources: GaugeSources;
}

function sum(sources: Map<string, () => Promise<number>>): Promise<number> {
  return Promise.all([...sources.values()].map((read) => read().catch(() => 0))).then((values) => values.reduce((a, b) => a + b, 0));
}

function create(): Holder {
  const registry = new Registry();
  const sources: GaugeSources = { backlog: new Map(), openDeadLetters: new Map(), operationalAlerts: new Map() };
  const metrics: Metrics = {
    registry,
    messages: new Counter({
      name: 'planbridge_messages_total',
      help: 'Messages handled by planbridge nodes, by outcome',
      labelNames: ['node_type', 'flow', 'outcome'],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'planbridge_failures_total',
      help: 'Messages that failed in a planbridge node, by error code',
      labelNames: ['node_type', 'flow', 'code'],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'planbridge_retries_total',
      help: 'Retried calls to external systems',
      labelNames: ['target', 'code'],
      registers: [registry],
    }),
    callFailures: new Counter({
      name: 'planbridge_call_failures_total',
      help: 'Calls to external systems that failed after their last attempt, by error code',
      labelNames: ['target', 'code'],
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'planbridge_dead_letters_total',
      help: 'Messages put into the dead-letter store',
      labelNames: ['node_type', 'flow'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'planbridge_message_latency_seconds',
      help: 'Time from a tracked message being received to being delivered',
      labelNames: ['flow'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    circuitState: new Gauge({
      name: 'planbridge_circuit_state',
      help: 'Circuit per target: 0 closed, 1 half-open, 2 open',
      labelNames: ['target'],
      registers: [registry],
    }),
    circuitTransitions: new Counter({
      name: 'planbridge_circuit_transitions_total',
      help: 'Circuit state changes per target',
      labelNames: ['target', 'state'],
      registers: [registry],
    }),
    backlog: new Gauge({
      name: 'planbridge_backlog',
      help: 'Tracked messages not yet delivered or dead-lettered',
      registers: [registry],
      async collect() {
        this.set(await sum(sources.backlog));
      },
    }),
    openDeadLetters: new Gauge({
      name: 'planbridge_dead_letters_open',
      help: 'Dead letters waiting for replay or resolution',
      registers: [registry],
      async collect() {
        this.set(await sum(sources.openDeadLetters));
      },
    }),
    validationProblems: new Counter({
      name: 'planbridge_validation_problems_total',
      help: 'Problems pb-validate found in records, by contract and rule',
      labelNames: ['contract', 'rule'],
      registers: [registry],
    }),
    dependencyUp: new Gauge({
      name: 'planbridge_dependency_up',
      help: 'What planbridge itself depends on (the ledger, the MQTT broker): 1 reachable, 0 down',
      labelNames: ['dependency'],
      registers: [registry],
    }),
    operationalAlerts: new Gauge({
      name: 'planbridge_operational_alerts_open',
      help: 'Open alerts about planbridge itself, by type (auth_failure, file_quarantined, ledger_unwritable, ...); an unwritable ledger counts at once',
      labelNames: ['type'],
      registers: [registry],
      async collect() {
        const totals = new Map<string, number>();
        const counts = await Promise.all([...sources.operationalAlerts.values()].map((read) => read().catch(() => new Map<string, number>())));
        for (const byType of counts) for (const [type, n] of byType) totals.set(type, (totals.get(type) ?? 0) + n);
        this.reset();
        for (const [type, n] of totals) this.set({ type }, n);
      },
    }),
    startedAt: Date.now(),
  };
  return { metrics, sources };
}

const METRICS = runtimePart('metrics', create);

/** The runtime's metrics, served at <admin root>/metrics. */
export function metrics(runtime: PlanbridgeRuntime): Metrics {
  return runtime.get(METRICS).metrics;
}

export function gaugeSources(runtime: PlanbridgeRuntime): GaugeSources {
  return runtime.get(METRICS).sources;
}

const CIRCUIT_VALUE: Record<CircuitName, number> = { closed: 0, 'half-open': 1, open: 2 };
const watched = new WeakSet<Resilience>();

/** Counts a connector's retries and follows its circuit. */
export function watchResilience(runtime: PlanbridgeRuntime, resilience: Resilience): void {
  if (watched.has(resilience)) return;
  watched.add(resilience);
  const m = metrics(runtime);
  m.circuitState.set({ target: resilience.target }, 0);
  resilience.on('retry', (event: RetryEvent) => m.retries.inc({ target: event.target, code: event.code }));
  resilience.on('failure', (event: CallFailureEvent) => m.callFailures.inc({ target: event.target, code: event.code }));
  resilience.on('circuit', (state: CircuitName) => {
    m.circuitState.set({ target: resilience.target }, CIRCUIT_VALUE[state]);
    m.circuitTransitions.inc({ target: resilience.target, state });
  });
}

export function nodeLabels(node: Node): { node_type: string; flow: string } {
  return { node_type: node.type, flow: (node as Node & { z?: string }).z ?? '' };
}

/** Message latency (received to delivered) and dead letters from a ledger's events. */
export function observeLedger(runtime: PlanbridgeRuntime, ledger: import('node:events').EventEmitter): void {
  const m = metrics(runtime);
  ledger.on('delivered', (event: { flowId: string | null; receivedAt?: number }) => {
    if (event.receivedAt) m.latency.observe({ flow: event.flowId ?? '' }, (Date.now() - event.receivedAt) / 1000);
  });
  ledger.on('dead-lettered', (event: { letter: { nodeType: string | null; flowId: string | null } }) => {
    m.deadLetters.inc({ node_type: event.letter.nodeType ?? '', flow: event.letter.flowId ?? '' });
  });
}
