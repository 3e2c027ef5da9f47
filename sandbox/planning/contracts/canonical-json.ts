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

/** A page's checksum: sha256 (lowercase hex) over each record's canonical JSON followed by "\n". */
export function pageChecksum(records: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const rec of records) hash.update(`${canonicalJson(rec)}\n`);
  return hash.digest('hex');
}

/**
 * Batch checksum rule: sha256 (lowercase hex) over the page checksums, each followed by "\n", pages in
 * seq order. Chaining page digests lets a sender that stopped half-way resume with only the digests of
 * the pages it sent, not the pages themselves.
 */
export class BatchChecksum {
  private readonly hash = createHash('sha256');

  add(records: readonly unknown[]): this {
    this.hash.update(`${pageChecksum(records)}\n`);
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
