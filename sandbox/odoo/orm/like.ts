const cache = new Map<string, RegExp>();

/**
 * SQL LIKE as a RegExp. Odoo wraps like/ilike values in %...% without escaping, so `%` and `_` typed by a client
 * stay wildcards, exactly as in PostgreSQL.
 */
export function likeRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = cache.get(key);
  if (re) return re;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) source += escape(pattern[++i]);
    else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += escape(ch);
  }
  re = new RegExp(`^${source}$`, caseInsensitive ? 'i' : '');
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

function escape(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
