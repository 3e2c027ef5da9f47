import { createHash } from 'node:crypto';

/** Canonical JSON (RFC 8785 for the values contracts use): keys sorted at every depth, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  }
  return `{${parts.join(',')}}`;
}

/** A page's checksum: sha256 of its records as canonical JSON lines. */
export function pageChecksum(records: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const record of records) hash.update(`${canonicalJson(record)}\n`);
  return hash.digest('hex');
}

/** A batch's checksum: sha256 of the page checksums in seq order, one per line (see docs/planning-exchange.md). */
export function batchChecksum(pageChecksums: readonly string[]): string {
  const hash = createHash('sha256');
  for (const digest of pageChecksums) hash.update(`${digest}\n`);
  return hash.digest('hex');
}
