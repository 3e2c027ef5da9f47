import { EventEmitter } from 'node:events';
import type { Node, NodeStatus } from 'node-red';

export interface FakeNode extends Node {
  statuses: NodeStatus[];
  warnings: string[];
  /** Runs the node's close listeners as the runtime does and waits for them. */
  closeNow(): Promise<void>;
}

/** Just enough of a Node-RED node to test the shared glue without a runtime. */
export function fakeNode(): FakeNode {
  const emitter = new EventEmitter();
  const statuses: NodeStatus[] = [];
  const warnings: string[] = [];
  const node = Object.assign(emitter, {
    id: 'n1',
    type: 'fake',
    statuses,
    warnings,
    status: (s: NodeStatus) => statuses.push(s),
    warn: (w: unknown) => warnings.push(String(w)),
    error: () => undefined,
    log: () => undefined,
    closeNow: async () => {
      const listeners = emitter.listeners('close') as Array<(removed: boolean, done: () => void) => void>;
      await Promise.all(listeners.map((l) => new Promise<void>((resolve) => l(false, resolve))));
    },
  });
  return node as unknown as FakeNode;
}
