import os from 'node:os';
import path from 'node:path';
import type { Node, NodeAPI } from 'node-red';
import { watchResilience } from './metrics';
import { operationalSignals, type HeldConnection } from './operational-signals';
import type { Resilience } from './resilience';
import type { PlanbridgeRuntime } from './runtime-context';

/** The runtime's user directory (files a node keeps: staging folders, relative folders of a profile). */
export function userDirOf(RED: NodeAPI): string {
  return (RED.settings as unknown as { userDir?: string }).userDir ?? path.join(os.tmpdir(), 'planbridge');
}

export interface ConnectionNode extends Node {
  /** Why the configuration cannot work; the nodes that use this one show it. */
  problem?: string;
}

interface Held {
  /** The connection's retries and circuit, counted in the metrics. */
  resilience?: Resilience;
  dispose(): void | Promise<void>;
}

/**
 * What a config node holds (a client, a file exchange), built at deploy. A configuration that cannot
 * work leaves the node with `problem` and logs it, and the deploy goes on; what was built is disposed
 * when the node closes. A connection with a resilience policy is counted in the metrics and announced
 * to the operational signals (its refused credentials become an auth_failure alert).
 */
export function holdConnection<T extends Held>(runtime: PlanbridgeRuntime, node: ConnectionNode, build: () => T): T | undefined {
  let held: T;
  try {
    held = build();
  } catch (err) {
    node.problem = (err as Error).message;
    node.error(node.problem);
    return undefined;
  }
  let connection: HeldConnection | undefined;
  if (held.resilience) {
    watchResilience(runtime, held.resilience);
    connection = { id: node.id, type: node.type, name: node.name || node.id, resilience: held.resilience };
    operationalSignals(runtime).emit('connection-held', connection);
  }
  node.on('close', (_removed: boolean, done: () => void) => {
    if (connection) operationalSignals(runtime).emit('connection-released', connection);
    Promise.resolve()
      .then(() => held.dispose())
      .then(
        () => done(),
        () => done(),
      );
  });
  return held;
}
