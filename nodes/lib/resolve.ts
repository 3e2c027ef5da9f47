import type { Node } from 'node-red';

const warned = new WeakMap<Node, Set<string>>();

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Node field versus message property: a filled-in field wins, a blank field lets the message
 * property through. When both are set and differ the node warns once, so an analyst learns why the
 * message value is ignored.
 */
export function fieldOrMsg<T>(node: Node, name: string, field: T | '' | undefined, fromMsg: T | undefined): T | undefined {
  if (isBlank(field)) return isBlank(fromMsg) ? undefined : fromMsg;
  if (!isBlank(fromMsg) && fromMsg !== field) {
    let names = warned.get(node);
    if (!names) {
      names = new Set();
      warned.set(node, names);
    }
    if (!names.has(name)) {
      names.add(name);
      node.warn(`The node's "${name}" is set, so the message's value (${String(fromMsg)}) is ignored`);
    }
  }
  return field as T;
}
