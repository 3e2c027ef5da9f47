import { ConfigError } from '../../lib/errors';

export type SearchMode = 'all' | 'page' | 'incremental';

export interface SearchFields {
  model?: string;
  domain?: string;
  fields?: string;
  order?: string;
  pageSize?: string | number;
  mode?: SearchMode;
  lookbackSeconds?: string | number;
  cursorName?: string;
}

export interface SearchOptions {
  model: string;
  domain: unknown[];
  fields: string[];
  order: string;
  pageSize: number;
  mode: SearchMode;
  lookbackSeconds: number;
  cursorName: string;
}

/** A domain typed in the editor: a JSON array in Odoo's prefix notation, e.g. [["active","=",true]]. */
export function parseDomain(text: string | undefined): unknown[] {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return [];
  let domain: unknown;
  try {
    domain = JSON.parse(trimmed);
  } catch (err) {
    throw new ConfigError(`The domain is not valid JSON: ${(err as Error).message}`, 'ODOO_DOMAIN_INVALID');
  }
  if (!Array.isArray(domain)) throw new ConfigError('The domain must be a list, e.g. [["active", "=", true]]', 'ODOO_DOMAIN_INVALID');
  for (const term of domain) {
    const operator = typeof term === 'string' && ['&', '|', '!'].includes(term);
    const triple = Array.isArray(term) && term.length === 3 && typeof term[0] === 'string' && typeof term[1] === 'string';
    if (!operator && !triple)
      throw new ConfigError(`"${JSON.stringify(term)}" is not a domain term: use ["field", "operator", value] or "&", "|", "!"`, 'ODOO_DOMAIN_INVALID');
  }
  return domain;
}

export function parseFieldList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,]+/)
    .map((f) => f.trim())
    .filter(Boolean);
}

/** The node's fields, checked at deploy; the message may still fill a blank model or domain. */
export function searchOptionsFrom(def: SearchFields): SearchOptions {
  const pageSize = Number(def.pageSize ?? 500);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000)
    throw new ConfigError(`The page size must be between 1 and 10000, got "${def.pageSize}"`);
  const lookbackSeconds = Number(def.lookbackSeconds ?? 60);
  if (!Number.isFinite(lookbackSeconds) || lookbackSeconds < 0)
    throw new ConfigError(`The look-back must be a number of seconds, got "${def.lookbackSeconds}"`);
  const mode: SearchMode = def.mode === 'page' || def.mode === 'incremental' ? def.mode : 'all';
  return {
    model: (def.model ?? '').trim(),
    domain: parseDomain(def.domain),
    fields: parseFieldList(def.fields),
    order: (def.order ?? '').trim(),
    pageSize,
    mode,
    lookbackSeconds,
    cursorName: (def.cursorName ?? '').trim(),
  };
}
