/**
 * `workingDayIndex` on day numbers equals the calendar's own string API, for a
 * calendar of this package (its day index) and for a foreign WorkingCalendar
 * (a prefix count over `isWorkingDay`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDay, parseLocalDate, vietnamCalendar, workingDayIndex, type WorkingCalendar } from '../src/index';

const cal = vietnamCalendar();
const foreign: WorkingCalendar = {
  id: 'foreign',
  isWorkingDay: (d) => cal.isWorkingDay(d),
  addWorkingDays: (d, n) => cal.addWorkingDays(d, n),
  workingDaysBetween: (a, b) => cal.workingDaysBetween(a, b),
  nextWorkingDay: (d) => cal.nextWorkingDay(d),
};
const day = fc.integer({ min: parseLocalDate('1990-01-01'), max: parseLocalDate('2060-12-31') });

describe('workingDayIndex', () => {
  for (const [name, calendar] of [
    ['vietnamCalendar()', cal],
    ['a foreign WorkingCalendar', foreign],
  ] as const) {
    it(`between and add agree with workingDaysBetween and addWorkingDays — ${name}`, () => {
      const index = workingDayIndex(calendar);
      fc.assert(
        fc.property(day, fc.integer({ min: -400, max: 400 }), fc.integer({ min: 1, max: 300 }), (from, span, count) => {
          expect(index.between(from, from + span)).toBe(cal.workingDaysBetween(formatDay(from), formatDay(from + span)));
          expect(formatDay(index.add(from, count))).toBe(cal.addWorkingDays(formatDay(from), count));
        }),
        { numRuns: 400 },
      );
    });
  }
});
