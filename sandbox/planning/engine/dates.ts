/** Day arithmetic on UTC day numbers (days since 1970-01-01), so no local time zone can leak in. */

const MS_PER_DAY = 86_400_000;

export function dayNumberOfMs(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** Day number of an ISO date or UTC date-time; NaN when unparsable. */
export function dayNumber(value: string): number {
  // Contract timestamps are UTC (Z or +00:00), so the first ten characters are the UTC date: parsing them
  // directly is many times faster than Date.parse, which matters for millions of demand lines.
  if (value.length === 10 || value.endsWith('Z') || value.endsWith('+00:00')) {
    const y = digits(value, 0, 4);
    const m = digits(value, 5, 2);
    const d = digits(value, 8, 2);
    if (value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45 && y > 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
      return daysFromCivil(y, m, d);
    }
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? NaN : dayNumberOfMs(ms);
}

/** Howard Hinnant's days_from_civil: proleptic Gregorian date to days since 1970-01-01, no Date object. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Decimal digits at value[start, start + count); NaN if any is not a digit. */
function digits(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

// A plan formats the same few hundred days over and over (forecast periods, need-by dates); toISOString
// was the largest single cost of a 10,000 item-location plan before this cache.
const isoDateCache = new Map<number, string>();

export function isoDate(day: number): string {
  let text = isoDateCache.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoDateCache.size < 100_000) isoDateCache.set(day, text);
  }
  return text;
}

export function isoDateTime(day: number): string {
  return `${isoDate(day)}T00:00:00Z`;
}

/** 1970-01-01 was a Thursday; day -3 (1969-12-29) is the Monday that starts week index 0. */
export function weekIndex(day: number): number {
  return Math.floor((day + 3) / 7);
}

export function weekStartDay(week: number): number {
  return week * 7 - 3;
}

/** ISO 8601 week of a day: the week belongs to the year that holds its Thursday. */
export function isoWeek(day: number): { year: number; week: number } {
  const thursday = weekStartDay(weekIndex(day)) + 3;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / MS_PER_DAY;
  return { year, week: Math.floor((thursday - jan1) / 7) + 1 };
}

export function isoWeekLabel(day: number): string {
  const { year, week } = isoWeek(day);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
