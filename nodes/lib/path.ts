/** The value at a dot path inside an object (`payload.order.id`); undefined when any step is missing. */
export function valueAt(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A path as the editor may show it (`msg.payload.id`) without the leading `msg.`. */
export function messagePath(path: string | undefined): string {
  return (path ?? '').trim().replace(/^msg\./, '');
}
