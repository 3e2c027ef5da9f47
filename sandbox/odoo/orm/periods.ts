export type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Start of the period (YYYY-MM-DD) a day falls in. */
export function truncate(day: string, granularity: Granularity): string {
  const [y, m, d] = day.split('-').map(Number);
  switch (granularity) {
    case 'day':
      return day;
    case 'month':
      return `${y}-${String(m).padStart(2, '0')}-01`;
    case 'quarter':
      return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${y}-01-01`;
    case 'week': {
      // date_trunc('week') starts weeks on Monday.
      const date = new Date(Date.UTC(y, m - 1, d));
      date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
      return date.toISOString().slice(0, 10);
    }
  }
}

export function nextPeriod(start: string, granularity: Granularity): string {
  const date = new Date(`${start}T00:00:00Z`);
  if (granularity === 'day') date.setUTCDate(date.getUTCDate() + 1);
  else if (granularity === 'week') date.setUTCDate(date.getUTCDate() + 7);
  else if (granularity === 'month') date.setUTCMonth(date.getUTCMonth() + 1);
  else if (granularity === 'quarter') date.setUTCMonth(date.getUTCMonth() + 3);
  else date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toISOString().slice(0, 10);
}

/** Labels of Odoo's DISPLAY_DATE_FORMATS (en_US): "01 Jan 2024", "W1 2024", "January 2024", "Q1 2024", "2024". */
export function periodLabel(start: string, granularity: Granularity): string {
  const [y, m, d] = start.split('-').map(Number);
  switch (granularity) {
    case 'day':
      return `${String(d).padStart(2, '0')} ${MONTHS[m - 1].slice(0, 3)} ${y}`;
    case 'week': {
      const date = new Date(Date.UTC(y, m - 1, d + 3));
      const isoYear = date.getUTCFullYear();
      const week =
        Math.floor((date.getTime() - Date.UTC(isoYear, 0, 4)) / (7 * 86_400_000) + ((new Date(Date.UTC(isoYear, 0, 4)).getUTCDay() + 6) % 7) / 7) + 1;
      return `W${week} ${isoYear}`;
    }
    case 'month':
      return `${MONTHS[m - 1]} ${y}`;
    case 'quarter':
      return `Q${Math.floor((m - 1) / 3) + 1} ${y}`;
    case 'year':
      return String(y);
  }
}
