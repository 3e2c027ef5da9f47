import { dayNumber, daysFromCivil, isoDate, isoWeekLabel, weekIndex, weekStartDay } from '../../../../sandbox/planning/engine/dates';

describe('planning dates', () => {
  it('parses dates and UTC date-times to the same day number', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2026-11-26')).toBe(Date.UTC(2026, 10, 26) / 86_400_000);
    expect(dayNumber('2026-11-26T23:59:59Z')).toBe(dayNumber('2026-11-26'));
    expect(dayNumber('2026-11-26T10:00:00+00:00')).toBe(dayNumber('2026-11-26'));
    // An offset is honoured through Date.parse: 01:00 at +02:00 is the previous UTC day.
    expect(dayNumber('2026-11-26T01:00:00+02:00')).toBe(dayNumber('2026-11-25'));
    expect(dayNumber('garbage')).toBeNaN();
  });

  it('matches Date.UTC for days_from_civil across leap years and centuries', () => {
    for (const [y, m, d] of [
      [2000, 2, 29],
      [1900, 3, 1],
      [2024, 12, 31],
      [2100, 1, 1],
      [1969, 12, 29],
    ]) {
      expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
    }
  });

  it('starts weeks on Monday', () => {
    const thursday = dayNumber('2026-11-26');
    expect(isoDate(weekStartDay(weekIndex(thursday)))).toBe('2026-11-23');
    expect(weekIndex(dayNumber('2026-11-29'))).toBe(weekIndex(thursday));
    expect(weekIndex(dayNumber('2026-11-30'))).toBe(weekIndex(thursday) + 1);
  });

  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 of its own year
    ['2026-12-31', '2026-W53'], // 2026 starts on a Thursday, so it has 53 weeks
    ['2027-01-01', '2026-W53'], // a Friday belongs to the previous year's last week
    ['2024-12-30', '2025-W01'], // a Monday whose Thursday is in 2025
    ['2026-11-26', '2026-W48'],
  ])('labels %s as ISO week %s', (date, label) => {
    expect(isoWeekLabel(dayNumber(date))).toBe(label);
  });
});
