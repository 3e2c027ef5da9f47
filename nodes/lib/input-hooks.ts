import type { Node, NodeMessage } from 'node-red';
import type { PlanbridgeError } from './errors';

/**
 * Cross-cutting work at the end of every message a planbridge node handles, without the node
 * knowing: the ledger dead-letters tracked messages that fail and releases their idempotency
 * keys; metrics count outcomes. runInput awaits the failure hooks before done(err), so the dead
 * letter exists before Catch nodes run.
 */
export type FailureHook = (node: Node, msg: NodeMessage, error: PlanbridgeError) => Promise<void> | void;
export type SuccessHook = (node: Node, msg: NodeMessage) => void;

const KEY = Symbol.for('planbridge.inputHooks');

interface Hooks {
  failure: Map<string, FailureHook>;
  success: Map<string, SuccessHook>;
}

function hooks(): Hooks {
  const holder = globalThis as unknown as Record<symbol, Hooks | undefined>;
  holder[KEY] ??= { failure: new Map(), success: new Map() };
  return holder[KEY];
}

/** Registers (or replaces, by name) a hook run when a message fails in any planbridge node. */
export function onInputFailure(name: string, hook: FailureHook): void {
  hooks().failure.set(name, hook);
}

export function onInputSuccess(name: string, hook: SuccessHook): void {
  hooks().success.set(name, hook);
}

export async function runFailureHooks(node: Node, msg: NodeMessage, error: PlanbridgeError): Promise<void> {
  for (const hook of hooks().failure.values()) {
    try {
      await hook(node, msg, error);
    } catch (err) {
      // A hook that fails (the ledger is down, say) must not hide the original error.
      node.warn(`planbridge: could not record the failure: ${(err as Error).message}`);
    }
  }
}

export function runSuccessHooks(node: Node, msg: NodeMessage): void {
  for (const hook of hooks().success.values()) hook(node, msg);
}
