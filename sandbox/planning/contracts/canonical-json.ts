import { createHash } from 'node:crypto';

/**
 * Canonical JSON of one value: object keys sorted by UTF-16 code units at every depth, no whitespace,
 * numbers and strings as JSON.stringify writes them. For the values the contracts use this is RFC 8785 (JCS).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    if (obj[key] === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(obj[key])}`);
  }
  return `{${parts.join(',')}}`;
}

/** Batch checksum rule: sha256 (lowercase hex) over every record's canonical JSON followed by "\n", pages in seq order. */
export class BatchChecksum {
  private readonly hash = createHash('sha256');

  add(records: readonly unknown[]): this {
    for (const rec of records) this.hash.update(`${canonicalJson(rec)}\n`);
    return this;
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

export function batchChecksum(pages: readonly (readonly unknown[])[]): string {
  const sum = new BatchChecksum();
  for (const page of pages) sum.add(page);
  return sum.hex();
}
