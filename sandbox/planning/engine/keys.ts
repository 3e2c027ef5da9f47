/** Business key sku + location; the separator cannot occur in codes that travel in CSV or JSON. */
export function itemLocationKey(sku: string, location: string): string {
  return `${sku}\u0001${location}`;
}

export function splitKey(key: string): { sku: string; location: string } {
  const at = key.indexOf('\u0001');
  return { sku: key.slice(0, at), location: key.slice(at + 1) };
}

/** Plain code-unit order: locale-independent, so every machine sorts the same way. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
