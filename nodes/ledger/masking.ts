import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a masked field shows wherever the ledger shows a copy. */
export const MASK = '***';
const MARK = '$masked';

type Json = unknown;

/**
 * Field paths such as `payload.unit_cost` or `payload.lines.price`: dot-separated keys, where a key
 * applied to an array applies to each element (so one path covers a record and a page of records),
 * and `*` matches any key.
 */
export function parseMaskPaths(text: string | string[]): string[][] {
  const list = Array.isArray(text) ? text : text.split(/[\n,]+/);
  return list
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.split('.').filter(Boolean));
}

function transform(value: Json, path: string[], at: number, change: (v: Json) => Json): Json {
  if (Array.isArray(value)) return value.map((item) => transform(item, path, at, change));
  if (at === path.length) return change(value);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, Json>;
  const key = path[at];
  if (key === '*') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(record)) out[k] = transform(v, path, at + 1, change);
    return out;
  }
  if (!(key in record)) return value;
  return { ...record, [key]: transform(record[key], path, at + 1, change) };
}

function replaceMarked(value: Json, change: (sealed: string) => Json): Json {
  if (Array.isArray(value)) return value.map((v) => replaceMarked(v, change));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, Json>;
  if (typeof record[MARK] === 'string' && Object.keys(record).length === 1) return change(record[MARK]);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(record)) out[k] = replaceMarked(v, change);
  return out;
}

/**
 * The ledger's masking policy. Copies the ledger keeps for redelivery and replay hold masked
 * values sealed (AES-256-GCM under a key derived from the secret), so a replay restores them; every
 * copy it shows (audit, dead-letter lists, the dashboard) holds `***`. Without a secret the kept
 * copies are redacted too, and a replay carries `***`.
 */
export class Masker {
  private readonly paths: string[][];
  private readonly key?: Buffer;

  constructor(paths: string[][], secret?: string) {
    this.paths = paths;
    if (secret) this.key = Buffer.from(hkdfSync('sha256', secret, 'planbridge-ledger', 'field-masking', 32));
  }

  get active(): boolean {
    return this.paths.length > 0;
  }

  get reversible(): boolean {
    return !!this.key;
  }

  /** For the copies the ledger keeps: masked fields sealed (or redacted without a secret). */
  protect(value: Json): Json {
    if (!this.active) return value;
    return this.paths.reduce((v, path) => transform(v, path, 0, (field) => (field === undefined ? field : this.seal(field))), value);
  }

  /** Undoes protect() for redelivery and replay. */
  restore(value: Json): Json {
    if (!this.key) return value;
    return replaceMarked(value, (sealed) => this.unseal(sealed));
  }

  /** For copies that are shown: masked fields become `***`, sealed or not. */
  redact(value: Json): Json {
    const redacted = this.active ? this.paths.reduce((v, path) => transform(v, path, 0, (field) => (field === undefined ? field : MASK)), value) : value;
    return replaceMarked(redacted, () => MASK);
  }

  private seal(value: Json): Json {
    if (!this.key) return MASK;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return { [MARK]: `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${data.toString('base64url')}` };
  }

  private unseal(sealed: string): Json {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !this.key) return MASK;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return JSON.parse(Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8'));
    } catch {
      // Sealed under another secret: the value is unrecoverable, which is what masking promises.
      return MASK;
    }
  }
}
