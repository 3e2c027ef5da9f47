import { once } from 'node:events';
import helper from 'node-red-node-test-helper';
import type { Node, NodeMessage } from 'node-red';

helper.init(require.resolve('node-red'));

/** Starts the helper's server for a suite and unloads flows after each test. */
export function useNodeRed(): typeof helper {
  beforeAll(() => new Promise<void>((resolve) => helper.startServer(() => resolve())));
  afterEach(() => helper.unload());
  afterAll(() => new Promise<void>((resolve) => helper.stopServer(() => resolve())));
  return helper;
}

export function node<T = Node>(id: string): T {
  const found = helper.getNode(id);
  if (!found) throw new Error(`node ${id} was not created (check the flow and the node's configuration)`);
  return found as unknown as T;
}

/** The next message a helper node receives. */
export async function nextMessage<T extends NodeMessage = NodeMessage & Record<string, unknown>>(id: string): Promise<T> {
  const [msg] = (await once(node(id), 'input')) as [T];
  return msg;
}

/** The next call of a spied node method (error, warn, status, ...): its arguments. */
export async function nextCall(id: string, method: 'error' | 'warn' | 'status' | 'log'): Promise<unknown[]> {
  const [call] = (await once(node(id), `call:${method}`)) as [{ args: unknown[] }];
  return call.args;
}

/** Resolves when a node shows a status that passes `accept` (the helper spies on status()). */
export function statusWhere(id: string, accept: (status: { fill?: string; text?: string }) => boolean): Promise<{ fill?: string; text?: string }> {
  // The helper's spy events are not in Node-RED's typed event list.
  const target = node<import('node:events').EventEmitter>(id);
  return new Promise((resolve) => {
    const listener = (call: { args: [{ fill?: string; text?: string }] }): void => {
      if (accept(call.args[0])) {
        target.removeListener('call:status', listener);
        resolve(call.args[0]);
      }
    };
    target.on('call:status', listener);
  });
}

/** The next green (done) or red (failed) status: the node finished a message. */
export function settled(id: string): Promise<{ fill?: string; text?: string }> {
  return statusWhere(id, (s) => s.fill === 'green' || s.fill === 'red');
}
