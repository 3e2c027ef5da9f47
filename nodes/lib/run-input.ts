import type { Node, NodeMessage } from 'node-red';
import { toPlanbridgeError } from './errors';
import { runFailureHooks, runSuccessHooks } from './input-hooks';
import type { PlanbridgeRuntime } from './runtime-context';
import { Status } from './status';
import { statusOf } from './status-reporter';

export type Outgoing = NodeMessage | Array<NodeMessage | NodeMessage[] | null>;
export type Send = (msg: Outgoing) => void;
export type Done = (err?: Error) => void;

export interface InputResult {
  /** What to send: one message, or one entry per output (null skips an output). */
  send?: Outgoing | null;
  /** Text for the green status after success, e.g. a count. */
  status?: string;
}

/**
 * Runs one message through `work`. It is the only place that sets a node's message status and calls
 * send and done: every path ends in done() or done(err), so Complete and Catch nodes always fire and
 * no promise rejection escapes. Synchronous work skips the busy status and the promise. A failure
 * first runs the input hooks (the ledger dead-letters a tracked message), then reaches Catch nodes.
 */
export function runInput(
  runtime: PlanbridgeRuntime,
  node: Node,
  msg: NodeMessage,
  send: Send,
  done: Done,
  work: (send: Send) => InputResult | Promise<InputResult>,
): void {
  const status = statusOf(node);
  const finish = (result: InputResult): void => {
    if (result.send) send(result.send);
    status.set(Status.ok(result.status));
    runSuccessHooks(runtime, node, msg);
    done();
  };
  const fail = (err: unknown): void => {
    const error = toPlanbridgeError(err);
    status.set(Status.failed(error.statusText));
    // The hooks catch their own failures; whatever happens, the message ends in done(err).
    void runFailureHooks(runtime, node, msg, error).then(
      () => done(error),
      () => done(error),
    );
  };

  let result: InputResult | Promise<InputResult>;
  try {
    // Nodes that emit several messages for one input (pages) send them through this argument.
    result = work(send);
  } catch (err) {
    fail(err);
    return;
  }
  if (result instanceof Promise) {
    status.set(Status.busy());
    result.then(finish, fail);
  } else {
    finish(result);
  }
}
