import type { Node, NodeStatus } from 'node-red';
import { sameStatus } from './status';

/**
 * Every node.status() call is an event sent to each open editor, so a node handling thousands of
 * messages a second would flood them. This shows a change at once when it is quiet and otherwise
 * coalesces changes into one trailing update, so the last status always appears.
 */
const MIN_INTERVAL_MS = 250;

export class StatusReporter {
  private shown?: NodeStatus;
  private pending?: NodeStatus;
  private lastShownAt = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly node: Node) {
    node.on('close', (_removed: boolean, done: () => void) => {
      this.dispose();
      done();
    });
  }

  set(status: NodeStatus): void {
    if (sameStatus(this.pending ?? this.shown, status)) return;
    const wait = MIN_INTERVAL_MS - (Date.now() - this.lastShownAt);
    if (wait <= 0 && !this.timer) {
      this.show(status);
      return;
    }
    this.pending = status;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), Math.max(wait, 0));
      this.timer.unref();
    }
  }

  private flush(): void {
    this.timer = undefined;
    const next = this.pending;
    this.pending = undefined;
    if (next) this.show(next);
  }

  private show(status: NodeStatus): void {
    this.shown = status;
    this.lastShownAt = Date.now();
    this.node.status(status);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}

const reporters = new WeakMap<Node, StatusReporter>();

export function statusOf(node: Node): StatusReporter {
  let reporter = reporters.get(node);
  if (!reporter) {
    reporter = new StatusReporter(node);
    reporters.set(node, reporter);
  }
  return reporter;
}
