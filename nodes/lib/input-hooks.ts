import type { Node, NodeMessage } from 'node-red';
import type { PlanbridgeError } from './errors';
import { runtimePart, type PlanbridgeRuntime } from './runtime-context';

/**
 * Cross-cutting work at the end of every message a planbridge node handles, without the node
 * knowing: the ledger dead-letters tracked messages that fail and releases their idempotency
 * keys; metrics count outcomes. runInput awaits the failure hooks before done(err), so the dead
 * letter exists before Catch nodes run. The runtime registers them once (nodes/common/kit.ts).
 */
export type FailureHook = (node: Node, msg: NodeMessage, error: PlanbridgeError) => Promise<void> | void;
export type SuccessHook = (node: Node, msg: NodeMessage) => void;

interface Hooks {
  failure: Map<string, FailureHook>;
  success: Map<string, SuccessHook>;
}

const HOOKS = runtimePart<Hooks>('input hooks', () => ({ failure: new Map(), success: new Map() }));

/** Registers (or replaces, by name) a hook run when a message fails in any planbridge node. */
export function onInputFailure(runtime: PlanbridgeRuntime, name: string, hook: FailureHook): void {
  runtime.get(HOOKS).failure.set(name, hook);
}

export function onInputSuccess(runtime: PlanbridgeRuntime, name: string, hook: SuccessHook): void {
  runtime.get(HOOKS).success.set(name, hook);
}

export async function runFailureHooks(runtime: PlanbridgeRuntime, node: Node, msg: NodeMessage, error: PlanbridgeError): Promise<void> {
  for (const hook of runtime.get(HOOKS).failure.values()) {
    try {
      await hook(node, msg, error);
    } catch (err) {
      // A hook that fails (the ledger is down, say) must not hide the original error.
      node.warn(`planbridge: could not record the failure: ${(err as Error).message}`);
    }
  }
}

export function runSuccessHooks(runtime: PlanbridgeRuntime, node: Node, msg: NodeMessage): void {
  for (const hook of runtime.get(HOOKS).success.values()) hook(node, msg);
}
