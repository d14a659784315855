/**
 * A limit in working hours is exceeded only when more working time than the
 * limit has elapsed (domain §4.1: hours count inside the working sessions).
 * The due instant is where exactly the limit has elapsed; time when the
 * office is closed — after hours, the lunch break, a weekend, a holiday —
 * adds none. So the due is exceeded from the first working instant after it:
 * one millisecond after it inside a session, one millisecond after the next
 * session's opening when it ends a session (or lies in closed time).
 *
 * Worked examples counted by hand on the sessions 07:00–11:30, 13:30–17:00 and
 * the 2024–2025 notices; a property against a brute-force oracle that walks
 * the minutes over a hand-typed calendar (late ⇔ working minutes in (due, at] > 0).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alertSchedule,
  CalendarError,
  classifyPending,
  classifyResolved,
  createCalendar,
  exceededFrom,
  exceededFromMs,
  isExceeded,
  kpiClock,
  nextAlertAt,
  vietnamCalendar,
  type WorkingCalendar,
} from '@motcua/calendar';
import { refIsWorkingDay } from './fixtures/vn-days';

const cal = vietnamCalendar();
const vn = (local: string) => `${local.length === 16 ? `${local}:00.000` : local}+07:00`;
const due = (local: string) => ({ date: local.slice(0, 10), at: vn(local) });

describe('exceededFrom: the first instant at which a working-time due is exceeded (worked examples)', () => {
  it('a due at the end of the afternoon session: late from the next working day 07:00:00.001', () => {
    // Mon 04/03/2024 17:00 → Tue 05/03 opens at 07:00.
    expect(exceededFrom(vn('2024-03-04T17:00'), cal)).toBe(vn('2024-03-05T07:00:00.001'));
    expect(exceededFromMs(Date.parse(vn('2024-03-04T17:00')), cal)).toBe(Date.parse(vn('2024-03-05T07:00:00.001')));
  });

  it('a due at the end of the morning session: late from 13:30:00.001 the same day', () => {
    expect(exceededFrom(vn('2024-03-05T11:30'), cal)).toBe(vn('2024-03-05T13:30:00.001'));
  });

  it('a due inside a session (or at its opening): late one millisecond after it', () => {
    expect(exceededFrom(vn('2024-03-04T15:00'), cal)).toBe(vn('2024-03-04T15:00:00.001'));
    expect(exceededFrom(vn('2024-03-04T07:00'), cal)).toBe(vn('2024-03-04T07:00:00.001'));
    expect(exceededFrom(vn('2024-03-04T13:30'), cal)).toBe(vn('2024-03-04T13:30:00.001'));
    expect(exceededFrom(vn('2024-03-04T16:59:59.999'), cal)).toBe(vn('2024-03-04T17:00'));
  });

  it('a due in closed time (a rescheduled or shifted instant): late from the next opening', () => {
    expect(exceededFrom(vn('2024-03-04T12:15'), cal)).toBe(vn('2024-03-04T13:30:00.001'));
    expect(exceededFrom(vn('2024-03-04T06:00'), cal)).toBe(vn('2024-03-04T07:00:00.001'));
    expect(exceededFrom(vn('2024-03-04T21:00'), cal)).toBe(vn('2024-03-05T07:00:00.001'));
  });

  it('a weekend: due Fri 08/03/2024 17:00 → Mon 11/03 07:00:00.001', () => {
    expect(exceededFrom(vn('2024-03-08T17:00'), cal)).toBe(vn('2024-03-11T07:00:00.001'));
    expect(exceededFrom(vn('2024-03-09T10:00'), cal)).toBe(vn('2024-03-11T07:00:00.001'));
  });

  it('holidays: Giỗ Tổ Thu 18/04/2024, the 30/4 break with its swap, Tết 2025', () => {
    // Wed 17/04 17:00 → Thu 18/04 is Giỗ Tổ → Fri 19/04.
    expect(exceededFrom(vn('2024-04-17T17:00'), cal)).toBe(vn('2024-04-19T07:00:00.001'));
    // Fri 26/04 17:00 → Sat 27, Sun 28, Mon 29 (swapped off), Tue 30/04, Wed 01/05 closed → Thu 02/05.
    expect(exceededFrom(vn('2024-04-26T17:00'), cal)).toBe(vn('2024-05-02T07:00:00.001'));
    // Fri 03/05/2024 17:00 → Sat 04/05 is the make-up working day.
    expect(exceededFrom(vn('2024-05-03T17:00'), cal)).toBe(vn('2024-05-04T07:00:00.001'));
    // Fri 24/01/2025 17:00 → Tết 25/01–02/02 → Mon 03/02/2025.
    expect(exceededFrom(vn('2025-01-24T17:00'), cal)).toBe(vn('2025-02-03T07:00:00.001'));
  });

  it('isExceeded: 17:30, the night and 07:00:00.000 add no working time; 07:00:00.001 does', () => {
    const at = vn('2024-03-04T17:00');
    expect(isExceeded(vn('2024-03-04T17:00'), at, cal)).toBe(false);
    expect(isExceeded(vn('2024-03-04T17:30'), at, cal)).toBe(false);
    expect(isExceeded(vn('2024-03-05T06:59'), at, cal)).toBe(false);
    expect(isExceeded(vn('2024-03-05T07:00'), at, cal)).toBe(false);
    expect(isExceeded(vn('2024-03-05T07:00:00.001'), at, cal)).toBe(true);
    expect(isExceeded(vn('2024-03-05T07:01'), at, cal)).toBe(true);
    // Inside a session: one millisecond after the due.
    expect(isExceeded(vn('2024-03-04T15:00'), vn('2024-03-04T15:00'), cal)).toBe(false);
    expect(isExceeded(vn('2024-03-04T15:00:00.001'), vn('2024-03-04T15:00'), cal)).toBe(true);
    // A Due is accepted too (its `at`).
    expect(isExceeded(vn('2024-03-09T10:00'), due('2024-03-08T17:00'), cal)).toBe(false);
  });

  it('a calendar of another package (a plain WorkingCalendar) uses the default sessions', () => {
    const foreign: WorkingCalendar = {
      id: 'foreign-mon-fri',
      isWorkingDay: (day) => {
        const d = new Date(`${String(day).slice(0, 10)}T00:00:00Z`).getUTCDay();
        return d >= 1 && d <= 5;
      },
      addWorkingDays: (day, n) => cal.addWorkingDays(day, n),
      workingDaysBetween: (a, b) => cal.workingDaysBetween(a, b),
      nextWorkingDay: (day) => cal.nextWorkingDay(day),
    };
    expect(exceededFrom(vn('2024-03-08T17:00'), foreign)).toBe(vn('2024-03-11T07:00:00.001'));
  });

  it('refuses what is not an instant', () => {
    expect(() => exceededFromMs(Number.NaN, cal)).toThrow(CalendarError);
    expect(() => exceededFrom('2024-03-04 17:00', cal)).toThrow(CalendarError);
  });
});

describe("the 'workingTime' comparison policy (classify*, alertSchedule, nextAlertAt, kpiClock)", () => {
  const d = due('2024-03-08T17:00'); // Fri

  it('classifyResolved: early on an earlier day, on time until the first working instant after the due, then late', () => {
    const opts = { policy: 'workingTime', calendar: cal } as const;
    expect(classifyResolved(vn('2024-03-07T16:00'), d, opts)).toBe('early');
    expect(classifyResolved(vn('2024-03-08T17:00'), d, opts)).toBe('onTime');
    expect(classifyResolved(vn('2024-03-08T17:30'), d, opts)).toBe('onTime');
    expect(classifyResolved(vn('2024-03-09T10:00'), d, opts)).toBe('onTime'); // Saturday
    expect(classifyResolved(vn('2024-03-11T07:00'), d, opts)).toBe('onTime');
    expect(classifyResolved(vn('2024-03-11T07:00:00.001'), d, opts)).toBe('late');
    // The instant policy stays what it was: strictly after due.at.
    expect(classifyResolved(vn('2024-03-08T17:30'), d, { policy: 'minute' })).toBe('late');
  });

  it('classifyResolved needs the calendar for it', () => {
    expect(() => classifyResolved(vn('2024-03-08T17:30'), d, { policy: 'workingTime' })).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_OPTION' }));
  });

  it('classifyPending, alertSchedule and nextAlertAt: overdue from the first working instant after the due', () => {
    const opts = { policy: 'workingTime' } as const;
    expect(classifyPending(vn('2024-03-09T10:00'), d, cal, { ...opts, warnDays: 0 })).toBe('withinTime');
    expect(classifyPending(vn('2024-03-11T07:00'), d, cal, opts)).toBe('dueSoon');
    expect(classifyPending(vn('2024-03-11T07:00:00.001'), d, cal, opts)).toBe('overdue');
    expect(alertSchedule(d, cal, 2, opts)).toEqual({ dueSoonAt: vn('2024-03-07T00:00'), overdueAt: vn('2024-03-11T07:00:00.001') });
    expect(nextAlertAt(d, cal, 2, vn('2024-03-08T18:00'), opts)).toBe(vn('2024-03-11T07:00:00.001'));
    expect(nextAlertAt(d, cal, 2, vn('2024-03-11T07:00:00.001'), opts)).toBeNull();
  });

  it('kpiClock: 8 working hours from Thu 07/03/2024 17:30 → due Fri 17:00; ended Sat 09/03 is on time, Mon 07:30 late', () => {
    const limit = { unit: 'workingHours', value: 8 } as const;
    const input = { acceptedAt: vn('2024-03-07T17:30'), limit, asOf: vn('2024-03-31T00:00') };
    const onSat = kpiClock({ ...input, endedAt: vn('2024-03-09T10:00') }, cal, { policy: 'workingTime' });
    expect(onSat.kpiDue).toEqual(d);
    expect(onSat.timeliness).toBe('onTime');
    expect(kpiClock({ ...input, endedAt: vn('2024-03-11T07:30') }, cal, { policy: 'workingTime' }).timeliness).toBe('late');
    // Pending: within time on Sunday evening, overdue on Monday 07:30.
    expect(kpiClock({ ...input, asOf: vn('2024-03-10T21:00') }, cal, { policy: 'workingTime', warnDays: 0 }).timeliness).toBe('withinTime');
    expect(kpiClock({ ...input, asOf: vn('2024-03-11T07:30') }, cal, { policy: 'workingTime' }).timeliness).toBe('overdue');
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// The brute-force oracle: minutes walked one by one over a hand-typed calendar.

const MINUTE = 60_000;
const DAY = 86_400_000;
const VN_MS = 7 * 3_600_000;
const hm = (h: number, m: number) => h * 60 + m;
/** Local day number (days since 1970-01-01 in Vietnam) and minute of the day of an instant (ms), by plain arithmetic. */
const dayNoOf = (ms: number) => Math.floor((ms + VN_MS) / DAY);
const minuteOf = (ms: number) => Math.floor((ms + VN_MS - dayNoOf(ms) * DAY) / MINUTE);
const dateOfDayNo = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
const memo = <T>(f: (dayNo: number) => T) => {
  const seen = new Map<number, T>();
  return (dayNo: number): T => {
    let v = seen.get(dayNo);
    if (v === undefined) seen.set(dayNo, (v = f(dayNo)));
    return v;
  };
};

/** Is the minute starting at `ms` working time? The state bodies' calendar: the hand-typed days, 07:00–11:30 and 13:30–17:00. */
const vnDay = memo((n) => refIsWorkingDay(dateOfDayNo(n)));
function vnWorkingMinute(ms: number): boolean {
  if (!vnDay(dayNoOf(ms))) return false;
  const minute = minuteOf(ms);
  return (minute >= hm(7, 0) && minute < hm(11, 30)) || (minute >= hm(13, 30) && minute < hm(17, 0));
}

/** A custom six-day week: Mon–Fri 08:00–12:00, 13:00–17:30; Saturday 07:30–11:00; Sunday closed; no holidays. */
const sixDay = createCalendar({
  id: 'six-day',
  workingWeek: [1, 2, 3, 4, 5, 6],
  sessions: [
    ['08:00', '12:00'],
    ['13:00', '17:30'],
  ],
  sessionsByWeekday: { 6: [['07:30', '11:00']] },
  holidays: () => [],
});
function sixDayWorkingMinute(ms: number): boolean {
  const minute = minuteOf(ms);
  const weekday = new Date(dayNoOf(ms) * DAY).getUTCDay();
  if (weekday === 0) return false;
  if (weekday === 6) return minute >= hm(7, 30) && minute < hm(11, 0);
  return (minute >= hm(8, 0) && minute < hm(12, 0)) || (minute >= hm(13, 0) && minute < hm(17, 30));
}

/** Working minutes in (due, at] (whole-minute instants): the minutes starting at due, due + 1 min, … before at. */
function workingMinutesBetween(working: (ms: number) => boolean, dueMs: number, atMs: number): number {
  let n = 0;
  for (let t = dueMs; t < atMs; t += MINUTE) if (working(t)) n++;
  return n;
}
/** The first working minute at or after the due (its start). */
function firstWorkingMinute(working: (ms: number) => boolean, dueMs: number): number {
  let t = dueMs;
  while (!working(t)) t += MINUTE;
  return t;
}

// Whole-minute instants in 2024–2025, many of them on session edges and in closed time.
const dayArb = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2025, 11, 20) }).map((t) => new Date(t - (t % 86_400_000)).toISOString().slice(0, 10));
const minuteArb = fc.oneof(
  fc.constantFrom(0, hm(6, 59), hm(7, 0), hm(7, 30), hm(8, 0), hm(11, 0), hm(11, 29), hm(11, 30), hm(12, 0), hm(13, 0), hm(13, 30), hm(16, 59), hm(17, 0), hm(17, 30), hm(23, 59)),
  fc.integer({ min: 0, max: 1439 }),
);
const instantArb = fc.tuple(dayArb, minuteArb).map(([date, m]) => Date.parse(`${date}T00:00:00.000+07:00`) + m * MINUTE);
// The decision: at the due, a minute or hours later, across nights, weekends and the holiday breaks.
const offsetArb = fc.oneof(fc.constantFrom(0, 1, 30, 60, 120, 14 * 60, 24 * 60, 62 * 60, 86 * 60), fc.integer({ min: 0, max: 10 * 24 * 60 }));

describe('exceededFromMs and isExceeded = the brute-force oracle (property)', () => {
  for (const [name, calendar, working] of [
    ['vietnamCalendar (hand-typed notices)', cal, vnWorkingMinute],
    ['a custom six-day week with its own sessions', sixDay, sixDayWorkingMinute],
  ] as const) {
    it(`${name}: late ⇔ working minutes in (due, at] > 0; exceeded from the first working minute + 1 ms`, () => {
      let late = 0;
      let closedOnTime = 0;
      fc.assert(
        fc.property(instantArb, offsetArb, (dueMs, offset) => {
          const atMs = dueMs + offset * MINUTE;
          const want = workingMinutesBetween(working, dueMs, atMs) > 0;
          expect(isExceeded(new Date(atMs), new Date(dueMs), calendar), `due ${new Date(dueMs).toISOString()}, at +${offset} min`).toBe(want);
          expect(exceededFromMs(dueMs, calendar)).toBe(firstWorkingMinute(working, dueMs) + 1);
          if (want) late++;
          else if (offset > 0) closedOnTime++;
        }),
        { numRuns: 800 },
      );
      // The walk reached both sides of the rule, including decisions in closed time after the due.
      expect(late).toBeGreaterThan(150);
      expect(closedOnTime).toBeGreaterThan(50);
    });
  }

  it('the oracle itself is not vacuous: Giỗ Tổ 18/04/2024 and the make-up Saturday 04/05/2024', () => {
    const at = (local: string) => Date.parse(vn(local));
    expect(workingMinutesBetween(vnWorkingMinute, at('2024-04-17T17:00'), at('2024-04-18T16:00'))).toBe(0);
    expect(firstWorkingMinute(vnWorkingMinute, at('2024-04-17T17:00'))).toBe(at('2024-04-19T07:00'));
    expect(firstWorkingMinute(vnWorkingMinute, at('2024-05-03T17:00'))).toBe(at('2024-05-04T07:00'));
    expect(workingMinutesBetween(vnWorkingMinute, at('2024-03-04T07:00'), at('2024-03-04T17:00'))).toBe(8 * 60);
  });
});
