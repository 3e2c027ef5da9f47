/**
 * The sides a reconciliation compares: two or three named sources. A fed side receives its pages in
 * the run; a kept side (`kept:<name>`) is read from the snapshot pb-snapshot keeps under that name,
 * e.g. the stock last sent to the planning platform.
 */

export interface Side {
  name: string;
  /** The kept snapshot's name, for a side read from a kept snapshot. */
  kept?: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** "odoo, wms, kept:planning" as sides; the first side is the reference the others are compared with. */
export function parseSides(text: string): { sides: Side[] } | { problem: string } {
  const parts = (text ?? '').split(/[,\s]+/).filter(Boolean);
  if (parts.length < 2 || parts.length > 3) return { problem: `Name two or three sides, e.g. "odoo, wms, kept:planning"; got ${parts.length}` };
  const sides: Side[] = [];
  for (const part of parts) {
    const kept = part.startsWith('kept:') ? part.slice(5) : undefined;
    if (kept !== undefined && !NAME.test(kept)) return { problem: `"${part}" does not name a kept snapshot (kept:<name>, letters, digits, _ . -)` };
    if (kept === undefined && !NAME.test(part)) return { problem: `"${part}" is not a side name (letters, digits, _ . -)` };
    // A kept side is compared under its snapshot's name.
    const name = kept ?? part;
    if (sides.some((s) => s.name === name)) return { problem: `The side "${name}" is named twice` };
    sides.push(kept === undefined ? { name } : { name, kept });
  }
  if (sides.every((s) => s.kept)) return { problem: 'At least one side must be fed pages in the run' };
  return { sides };
}

export const fedSides = (sides: Side[]): string[] => sides.filter((s) => !s.kept).map((s) => s.name);

/** The ledger scope of a kept snapshot. */
export const keepScope = (name: string): string => `keep:${name}`;
