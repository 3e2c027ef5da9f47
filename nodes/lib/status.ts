import type { NodeStatus } from 'node-red';

/** The four statuses planbridge nodes show, plus clear. */
export const Status = {
  busy: (text?: string): NodeStatus => ({ fill: 'blue', shape: 'dot', text }),
  ok: (text?: string): NodeStatus => ({ fill: 'green', shape: 'dot', text }),
  connecting: (text?: string): NodeStatus => ({ fill: 'yellow', shape: 'ring', text }),
  failed: (text: string): NodeStatus => ({ fill: 'red', shape: 'ring', text }),
  clear: (): NodeStatus => ({}),
} as const;

export function sameStatus(a: NodeStatus | undefined, b: NodeStatus): boolean {
  return !!a && a.fill === b.fill && a.shape === b.shape && a.text === b.text;
}
