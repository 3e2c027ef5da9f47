import { valueError } from './errors';

/** Odoo stores datetimes as naive UTC "YYYY-MM-DD HH:MM:SS", dates as "YYYY-MM-DD". */
export function formatDatetime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function parseUtc(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : `${value.replace(' ', 'T')}Z`);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

const DATETIME_FORMAT = '%Y-%m-%d %H:%M:%S';
const DIRECTIVE: Record<string, RegExp> = {
  Y: /^\d{4}/,
  m: /^(1[0-2]|0[1-9]|[1-9])/,
  d: /^(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])/,
  H: /^(2[0-3]|[0-1]\d|\d)/,
  M: /^([0-5]\d|\d)/,
  S: /^(6[0-1]|[0-5]\d|\d)/,
};

/**
 * Python's strptime for the few directives Odoo uses: returns the parts or throws the ValueError text Python gives.
 * Odoo never accepts ISO "T", "Z", offsets or fractions on write, so neither does the sandbox.
 */
function strptime(value: string, format: string): Record<string, number> {
  const parts: Record<string, number> = {};
  let rest = value;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '%' && i + 1 < format.length) {
      const directive = format[++i];
      const match = DIRECTIVE[directive]?.exec(rest);
      if (!match) throw valueError(`time data ${pyRepr(value)} does not match format ${pyRepr(format)}`);
      parts[directive] = Number(match[0]);
      rest = rest.slice(match[0].length);
    } else {
      if (rest[0] !== ch) throw valueError(`time data ${pyRepr(value)} does not match format ${pyRepr(format)}`);
      rest = rest.slice(1);
    }
  }
  if (rest) throw valueError(`unconverted data remains: ${rest}`);
  const probe = new Date(Date.UTC(parts.Y, (parts.m ?? 1) - 1, parts.d ?? 1));
  if (probe.getUTCDate() !== (parts.d ?? 1)) throw valueError('day is out of range for month');
  return parts;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** fields.Datetime.to_datetime: `strptime(value, DATETIME_FORMAT[:len(value)-2])`, so "YYYY-MM-DD" and "YYYY-MM-DD HH:MM" pass too. */
export function parseOdooDatetime(value: string): string {
  const format = DATETIME_FORMAT.slice(0, Math.max(0, value.length - 2));
  const p = strptime(value, format);
  return `${pad(p.Y, 4)}-${pad(p.m ?? 1)}-${pad(p.d ?? 1)} ${pad(p.H ?? 0)}:${pad(p.M ?? 0)}:${pad(p.S ?? 0)}`;
}

/** fields.Date.to_date: `strptime(value[:10], DATE_FORMAT)`, so a datetime string is truncated to its date. */
export function parseOdooDate(value: string): string {
  const p = strptime(value.slice(0, 10), '%Y-%m-%d');
  return `${pad(p.Y, 4)}-${pad(p.m)}-${pad(p.d)}`;
}

/**
 * Domain values reach PostgreSQL as text, which accepts ISO forms; compare them as Odoo's canonical string.
 * Returns undefined when the value is not a recognisable date.
 */
export function normalizeDomainDatetime(value: string, dateOnly: boolean): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return undefined;
  if (dateOnly) return `${m[1]}-${m[2]}-${m[3]}`;
  let date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
  if (m[7] && m[7] !== 'Z') {
    const sign = m[7][0] === '-' ? -1 : 1;
    const digits = m[7].slice(1).replace(':', '');
    date = new Date(date.getTime() - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000);
  }
  return formatDatetime(date);
}

/** Python repr() of a string, as it appears in Odoo error messages. */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (value === false) return 'False';
  if (value === true) return 'True';
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}
