import type { NodeAPI } from 'node-red';

/** A piece of per-runtime state (the ledgers, the failure hooks, the metrics, ...), defined beside the module that owns it. */
export interface RuntimePart<T> {
  readonly name: string;
  create(): T;
}

export function runtimePart<T>(name: string, create: () => T): RuntimePart<T> {
  return { name, create };
}

/**
 * What planbridge keeps for one Node-RED runtime: the ledgers its ledger-config nodes opened, the hooks
 * runInput runs when a message fails, the routes that pass the sign-in guard, the metrics. It is passed
 * explicitly: settings.ts creates it as `settings.planbridge`, Node-RED hands the settings to every node
 * module (RED.settings), and runtime/server.ts gives it to the route guard. Each part is created the
 * first time it is asked for.
 */
export class PlanbridgeRuntime {
  private readonly parts = new Map<RuntimePart<unknown>, unknown>();

  get<T>(part: RuntimePart<T>): T {
    if (!this.parts.has(part)) this.parts.set(part, part.create());
    return this.parts.get(part) as T;
  }
}

// Node-RED started without planbridge's settings (node-red-node-test-helper, or the nodes installed in
// an analyst's own Node-RED): one context per runtime, found by the runtime's event bus, which every
// node module of that runtime shares (their RED objects and settings copies are each their own).
const bySharedEvents = new WeakMap<object, PlanbridgeRuntime>();

/** The planbridge context of the runtime a node module was loaded into. */
export function runtimeOf(RED: NodeAPI): PlanbridgeRuntime {
  const given = (RED.settings as unknown as { planbridge?: unknown }).planbridge;
  if (given instanceof PlanbridgeRuntime) return given;
  const key = RED.events as unknown as object;
  let runtime = bySharedEvents.get(key);
  if (!runtime) bySharedEvents.set(key, (runtime = new PlanbridgeRuntime()));
  return runtime;
}
