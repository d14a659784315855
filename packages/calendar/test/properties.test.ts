import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createCalendar, receptionCalendar, vietnamCalendar } from '@motcua/calendar';
import { calendarProperties, naiveAddWorkingDays } from '@motcua/calendar/testkit';
import type { WorkingCalendar } from '@motcua/calendar';

const calendars: [string, WorkingCalendar][] = [
  ['vietnamCalendar()', vietnamCalendar()],
  [
    'vietnamCalendar with province overrides',
    vietnamCalendar({
      overrides: [
        { date: '2025-11-24', kind: 'off', reason: 'x' },
        { date: '2024-03-09', kind: 'work', reason: 'y' },
      ],
    }),
  ],
  ['six-day custom calendar', createCalendar({ workingWeek: [1, 2, 3, 4, 5, 6], holidays: (y) => [{ date: `${y}-09-02`, name: 'QK' }] })],
  ['reception calendar', receptionCalendar()],
];

describe.each(calendars)('testkit properties: %s', (_name, cal) => {
  const props = calendarProperties(cal);
  for (const [key, property] of Object.entries(props)) {
    it(key, () => {
      fc.assert(property as fc.IRawProperty<unknown[]>, { numRuns: 150 });
    });
  }
});

describe('the testkit properties catch a wrong implementation', () => {
  const good = vietnamCalendar();
  const broken: WorkingCalendar = {
    id: 'broken',
    isWorkingDay: (d) => good.isWorkingDay(d),
    // counts the receipt day (a classic bug)
    addWorkingDays: (d, n) => (n === 0 ? good.addWorkingDays(d, 0) : good.addWorkingDays(d, n - 1)),
    workingDaysBetween: (a, b) => good.workingDaysBetween(a, b),
    nextWorkingDay: (d) => good.nextWorkingDay(d),
  };
  it('betweenInvertsAdd fails for a calendar that counts the receipt day', () => {
    expect(() => fc.assert(calendarProperties(broken).betweenInvertsAdd, { numRuns: 200 })).toThrow();
  });
  const skipsMakeUp: WorkingCalendar = {
    ...broken,
    addWorkingDays: (d, n) => naiveAddWorkingDays((x) => ![0, 6].includes(new Date(`${x}T00:00:00Z`).getUTCDay()), String(d).slice(0, 10), n),
  };
  it('resultIsWorkingDay fails for a calendar that ignores holidays', () => {
    expect(() => fc.assert(calendarProperties(skipsMakeUp, { min: '2025-01-20', max: '2025-02-05' }).resultIsWorkingDay, { numRuns: 300 })).toThrow();
  });
});
