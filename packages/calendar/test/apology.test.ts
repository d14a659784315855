import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apologyDeadline, CalendarError, isLateApology, legalDue, vietnamCalendar } from '@motcua/calendar';
import { FIRST_2024, LAST_2024, dateOf, workingBefore } from './support/oracle-2024';

const cal = vietnamCalendar();

describe('apologyDeadline (NĐ 61 Đ19.9: at the latest 1 [working] day before the due date)', () => {
  it('due Mon 11/03/2024 → Fri 08/03; an apology on Sat 09/03 is late, on Fri 08/03 on time', () => {
    expect(apologyDeadline(cal, '2024-03-11')).toBe('2024-03-08');
    expect(apologyDeadline(cal, { date: '2024-03-11' }, 1)).toBe('2024-03-08');
    expect(isLateApology(cal, '2024-03-09T09:00:00.000+07:00', '2024-03-11')).toBe(true);
    expect(isLateApology(cal, '2024-03-10T09:00:00.000+07:00', '2024-03-11')).toBe(true);
    expect(isLateApology(cal, '2024-03-08T16:59:59.000+07:00', '2024-03-11')).toBe(false);
    expect(isLateApology(cal, '2024-03-07T09:00:00.000+07:00', '2024-03-11')).toBe(false);
  });

  it('worked out by hand across Tết 2024 (off Thu 08/02 – Wed 14/02) and the 30/4 swap', () => {
    expect(apologyDeadline(cal, '2024-02-15')).toBe('2024-02-07'); // Thu after Tết → Wed before it
    expect(apologyDeadline(cal, '2024-02-16', 2)).toBe('2024-02-07');
    expect(apologyDeadline(cal, '2024-05-06')).toBe('2024-05-04'); // Sat 04/05/2024 is a make-up working day
    expect(apologyDeadline(cal, '2024-05-04')).toBe('2024-05-03');
    expect(apologyDeadline(cal, '2024-05-03')).toBe('2024-05-02');
    expect(apologyDeadline(cal, '2024-05-02')).toBe('2024-04-26'); // 27/04–01/05 off
    expect(apologyDeadline(cal, '2024-09-04')).toBe('2024-08-30'); // Quốc khánh 31/08–03/09
  });

  it('0 working days: the due day itself', () => {
    expect(apologyDeadline(cal, '2024-03-11', 0)).toBe('2024-03-11');
    expect(isLateApology(cal, '2024-03-11T16:00:00.000+07:00', '2024-03-11', 0)).toBe(false);
    expect(isLateApology(cal, '2024-03-12T08:00:00.000+07:00', '2024-03-11', 0)).toBe(true);
  });

  it('bad inputs are CalendarErrors', () => {
    expect(() => apologyDeadline(cal, '2024-03-11', -1)).toThrow(CalendarError);
    expect(() => apologyDeadline(cal, '2024-03-11', 1.5)).toThrow(CalendarError);
    expect(() => apologyDeadline(cal, 'Monday')).toThrow(CalendarError);
    expect(() => apologyDeadline(cal, { date: 11 } as never)).toThrow(CalendarError);
  });

  it('property: equals the hand-built 2024 oracle (n-th working day strictly before the due day), any due day, n = 1..5', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_2024 + 20, max: LAST_2024 }), fc.integer({ min: 1, max: 5 }), (dueDn, n) => {
        const deadline = workingBefore(dueDn, n);
        expect(apologyDeadline(cal, dateOf(dueDn), n)).toBe(dateOf(deadline));
      }),
      { numRuns: 400 },
    );
  });

  it('property: late iff issued on a local day after the deadline; legalDue reports the same deadline and flag', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_2024 + 20, max: LAST_2024 - 30 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 86_399 }), (dueDn, back, sec) => {
        const due = dateOf(dueDn);
        const issuedDn = dueDn - back;
        const issuedAt = `${dateOf(issuedDn)}T${String(Math.floor(sec / 3600)).padStart(2, '0')}:${String(Math.floor(sec / 60) % 60).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}+07:00`;
        const late = issuedDn > workingBefore(dueDn, 1);
        expect(isLateApology(cal, issuedAt, due)).toBe(late);
        // legalDue on a 0-working-day limit received on `due` (a working day) replaces exactly that due day.
        if (cal.isWorkingDay(due) && back > 0) {
          const acceptedAt = `${dateOf(issuedDn - 1)}T08:00:00+07:00`;
          const r = legalDue({ acceptedAt, limit: { unit: 'calendarDays', value: dueDn - (issuedDn - 1) }, reschedules: [{ issuedAt, newDue: dateOf(dueDn + 40) }] }, cal, {
            rollForward: false,
          });
          expect(r.replacedDue?.date).toBe(due);
          expect(r.apologyDeadline).toBe(dateOf(workingBefore(dueDn, 1)));
          expect(r.lateApology).toBe(late);
        }
      }),
      { numRuns: 300 },
    );
  });
});
