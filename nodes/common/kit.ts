import type { Node, NodeAPI, NodeMessage } from 'node-red';
import { onInputFailure } from '../lib/input-hooks';
import { runInput, type Done, type InputResult, type Send } from '../lib/run-input';
import { runtimePart, runtimeOf, type PlanbridgeRuntime } from '../lib/runtime-context';
import { registerDeadLetterApi } from '../ledger/admin-api';
import { recordFailure } from '../ledger/failure-hook';
import { installOperationalWatch } from '../integration/alerts/operational-watch';
import { registerCatalogueEndpoint } from '../integration/health/catalogue-endpoint';
import { registerContractsEndpoint, registerResilienceEndpoint } from './contracts-endpoint';
import { registerMetrics } from './metrics-endpoint';

/** What a planbridge node module works with: its runtime's context, and runInput bound to it. */
export interface NodeKit {
  readonly runtime: PlanbridgeRuntime;
  /** Runs one message through `work` (see nodes/lib/run-input.ts): status, send, done, and the failure hooks. */
  runInput(node: Node, msg: NodeMessage, send: Send, done: Done, work: (send: Send) => InputResult | Promise<InputResult>): void;
}

// The admin apps the endpoints are mounted on (a test harness gives each flow it loads a new one).
const INSTALLED = runtimePart('runtime services installed on', () => new WeakSet<object>());

/**
 * What the runtime needs once, before any planbridge node handles a message: the ledger's failure
 * hook (a tracked message that fails becomes a dead letter), the metrics, the admin endpoints
 * (contracts, dead letters, alerts, the flow catalogue, /metrics), and the operational alerts (refused credentials,
 * quarantined files, an unwritable ledger). The planbridge-runtime plugin installs them when
 * Node-RED loads it, before any node; a runtime without the plugin (node-red-node-test-helper) gets
 * them from its first node.
 */
export function installRuntimeServices(RED: NodeAPI, runtime: PlanbridgeRuntime = runtimeOf(RED)): void {
  const installed = runtime.get(INSTALLED);
  if (installed.has(RED.httpAdmin)) return;
  installed.add(RED.httpAdmin);
  onInputFailure(runtime, 'ledger', (node, msg, error) => recordFailure(runtime, node, msg, error));
  registerMetrics(RED, runtime);
  registerContractsEndpoint(RED);
  registerResilienceEndpoint(RED);
  registerDeadLetterApi(RED, runtime);
  registerCatalogueEndpoint(RED, runtime);
  installOperationalWatch(runtime, (text) => RED.log.warn(text));
}

/** The kit of a node module: `const kit = nodeKit(RED)` at the top of its register function. */
export function nodeKit(RED: NodeAPI): NodeKit {
  const runtime = runtimeOf(RED);
  installRuntimeServices(RED, runtime);
  return {
    runtime,
    runInput: (node, msg, send, done, work) => runInput(runtime, node, msg, send, done, work),
  };
}
