import type { NodeAPI } from 'node-red';

interface Outstanding {
  /** Deliveries of the message not yet completed by the node that received them. */
  count: number;
  finished: () => void;
}

const outstanding = new Map<string, Outstanding>();
/**
 * Counted deliveries per message object, with the id it had when delivered. Only these settle, so a
 * Catch or Complete node's copy (made by receive(), which counts no delivery) cannot finish a page
 * early, and a node that gives the message a new id before calling done (split, for its parts) still
 * settles its delivery. One object can be in several deliveries at once: a node passing its message on.
 */
const counted = new WeakMap<object, { id: string; pending: number }>();

function settleDelivery(msg: object | undefined): void {
  const delivery = msg ? counted.get(msg) : undefined;
  if (!delivery || delivery.pending <= 0) return;
  delivery.pending -= 1;
  if (delivery.pending === 0) counted.delete(msg as object);
  settle(delivery.id);
}
let installed = false;

interface HookEvent {
  msg?: { _msgid?: string };
  /** onReceive: the node that receives; `_expectedDoneCount` counts its input handlers that take done. */
  destination?: { node?: { _expectedDoneCount?: number } };
}

type Hooks = { add(id: string, cb: (event: HookEvent) => void): void };

function settle(id: string | undefined): void {
  const entry = id ? outstanding.get(id) : undefined;
  if (!entry) return;
  entry.count -= 1;
  if (entry.count <= 0) {
    outstanding.delete(id as string);
    entry.finished();
  }
}

/**
 * Counts, per message id, deliveries (preDeliver) against completions (onComplete, when a node calls
 * done) with Node-RED's runtime hooks (`_expectedDoneCount` is a Node internal, stable since 1.0). A message is finished when every node it reached has completed
 * it. Installed once, on first use: a runtime that never pages pays nothing.
 */
function install(RED: NodeAPI): boolean {
  if (installed) return true;
  // The node API carries the runtime's hooks; node-red-node-test-helper's does not, so fall back to the
  // module that holds them (the same instance the runtime routes with).
  let hooks = (RED as unknown as { hooks?: Hooks }).hooks;
  if (!hooks) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional: @node-red/util is absent outside a runtime
      hooks = (require('@node-red/util') as { hooks?: Hooks }).hooks;
    } catch {
      return false;
    }
  }
  if (!hooks) return false;
  installed = true;
  hooks.add('preDeliver.planbridge-pacing', (event) => {
    const id = event.msg?._msgid;
    const entry = id ? outstanding.get(id) : undefined;
    if (!entry || !event.msg) return;
    entry.count += 1;
    const delivery = counted.get(event.msg);
    if (delivery && delivery.id === id) delivery.pending += 1;
    else counted.set(event.msg, { id: id as string, pending: 1 });
  });
  // A node whose input handlers do not take done (written before Node-RED 1.0) never completes a
  // message: its delivery counts as finished once it is received.
  hooks.add('onReceive.planbridge-pacing', (event) => {
    if (!((event.destination?.node?._expectedDoneCount ?? 0) > 0)) settleDelivery(event.msg);
  });
  hooks.add('onComplete.planbridge-pacing', (event) => settleDelivery(event.msg));
  return true;
}

/**
 * Keeps a node that emits many pages (a full Odoo read, an import) at most `limit` pages ahead of the
 * flow behind it, so a slow target makes the reader wait instead of piling pages up in memory. A page
 * whose nodes never call done (an old third-party node) is let go after `patienceMs`, so the reader
 * slows down but never stops.
 */
export class PagePacer {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly counting: boolean;

  constructor(
    private readonly RED: NodeAPI,
    private readonly limit = 4,
    private readonly patienceMs = 10_000,
  ) {
    this.counting = install(RED);
  }

  /** Sends one page with a fresh message id and counts it until the flow has finished with it. */
  emit(send: (msg: { _msgid: string }) => void, msg: Record<string, unknown>): void {
    const id = this.RED.util.generateId();
    if (!this.counting) {
      // Without hooks, pages only take turns with the event loop.
      send({ ...msg, _msgid: id });
      const turn = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.inFlight.delete(turn);
      });
      this.inFlight.add(turn);
      return;
    }
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    outstanding.set(id, { count: 0, finished });
    send({ ...msg, _msgid: id });
    const entry = outstanding.get(id);
    // Nothing is wired after the node (or delivery failed at once): the page is finished already.
    if (entry && entry.count === 0) {
      outstanding.delete(id);
      finished();
    }
    let timer: NodeJS.Timeout | undefined;
    const settled = Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.patienceMs)))]).then(() => {
      clearTimeout(timer);
      outstanding.delete(id);
      this.inFlight.delete(settled);
    });
    this.inFlight.add(settled);
  }

  /** Resolves once fewer than `limit` pages are still in the flow. */
  async ready(): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
  }

  /** Resolves once every page sent is finished: the run reports done only when its pages are. */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.race(this.inFlight);
  }
}
