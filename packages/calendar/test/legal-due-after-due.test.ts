/**
 * `legalDue` and a supplement requested past the appointment in force (docs/metrics.md §2, the engine's
 * `SupplementRequested.afterDue`): the dossier is already late, so the answer restarts nothing and the wait stops
 * nothing; every later request is late too. A request within the appointment restarts the limit from the answer
 * (Đ19.4), and a restart after an apology replaces the apology's date. Before, `legalDue` restarted the clock on every
 * answer, so it gave the citizen a new date for a dossier the engine, the worklists and the reports keep late.
 *
 * Dates worked by hand on the official 2024 calendar (no holiday in March 2024); the acceptance day is not counted.
 * Procedure limit 3 working days; accepted Mon 04/03/2024 09:00 → Tue 05 (1), Wed 06 (2), Thu 07 (3): due Thu 07/03.
 */
import { describe, expect, it } from 'vitest';
import { CalendarError, legalDue, vietnamCalendar } from '@motcua/calendar';

const cal = vietnamCalendar();
const limit = { unit: 'workingDays', value: 3 } as const;
const acceptedAt = '2024-03-04T09:00:00.000+07:00';
const at = (local: string) => `${local}:00.000+07:00`;

describe('legalDue: a supplement requested past the appointment restarts nothing', () => {
  it('requested Fri 08/03 (after the due Thu 07/03), answered Mon 11/03: the due date stays 07/03', () => {
    const r = legalDue({ acceptedAt, limit, supplements: [{ requestedAt: at('2024-03-08T09:00'), providedAt: at('2024-03-11T09:00') }] }, cal);
    expect(r.originalDue.date).toBe('2024-03-07');
    expect(r.afterDue).toEqual([true]);
    expect(r.restarts).toEqual([]);
    expect(r.currentDue?.date).toBe('2024-03-07'); // was 14/03 (restarted from 11/03: Tue 12, Wed 13, Thu 14)
    expect(r.effectiveDue?.date).toBe('2024-03-07');
  });

  it('while waiting for the answer to a late request the clock runs: the due date is kept, not null', () => {
    const r = legalDue({ acceptedAt, limit, supplements: [{ requestedAt: at('2024-03-08T09:00') }] }, cal);
    expect(r.waitingForCitizen).toBe(true);
    expect(r.currentDue?.date).toBe('2024-03-07');
    expect(r.effectiveDue?.date).toBe('2024-03-07');
    // A request within time pauses: no current due date while waiting (as before).
    const paused = legalDue({ acceptedAt, limit, supplements: [{ requestedAt: at('2024-03-06T09:00') }] }, cal);
    expect(paused.afterDue).toEqual([false]);
    expect(paused.currentDue).toBeNull();
  });

  it('on the due day itself a request is within time (by the day); a restart, then a later request past the new date', () => {
    // Requested Thu 07/03 16:00 (the due day), answered Thu 07/03 16:30 → restart: Fri 08 (1), Mon 11 (2), Tue 12 (3).
    // Then requested Wed 13/03 (after Tue 12/03), answered Thu 14/03: nothing restarts, the due stays Tue 12/03.
    const r = legalDue(
      {
        acceptedAt,
        limit,
        supplements: [
          { requestedAt: at('2024-03-07T16:00'), providedAt: at('2024-03-07T16:30') },
          { requestedAt: at('2024-03-13T09:00'), providedAt: at('2024-03-14T09:00') },
        ],
      },
      cal,
    );
    expect(r.afterDue).toEqual([false, true]);
    expect(r.restarts.map((x) => x.due.date)).toEqual(['2024-03-12']);
    expect(r.currentDue?.date).toBe('2024-03-12');
  });

  it('once a request was late, later ones are late too (they restart nothing even within the original limit)', () => {
    // Late request Fri 08/03, answered Mon 11/03 (due stays 07/03); the next request Mon 11/03 10:00 is late as well.
    const r = legalDue(
      {
        acceptedAt,
        limit,
        supplements: [
          { requestedAt: at('2024-03-08T09:00'), providedAt: at('2024-03-11T09:00') },
          { requestedAt: at('2024-03-11T10:00'), providedAt: at('2024-03-12T09:00') },
        ],
      },
      cal,
    );
    expect(r.afterDue).toEqual([true, true]);
    expect(r.currentDue?.date).toBe('2024-03-07');
  });

  it('after an apology the appointment in force is its date: a request before it restarts, one after it does not', () => {
    // Apology Tue 05/03 → Thu 14/03. A request Fri 08/03 is past 07/03 but within 14/03: answered Tue 12/03, the limit
    // restarts (Wed 13, Thu 14, Fri 15 → Fri 15/03) and replaces the apology's date.
    const within = legalDue(
      {
        acceptedAt,
        limit,
        reschedules: [{ issuedAt: at('2024-03-05T10:00'), newDue: '2024-03-14' }],
        supplements: [{ requestedAt: at('2024-03-08T09:00'), providedAt: at('2024-03-12T09:00') }],
      },
      cal,
    );
    expect(within.afterDue).toEqual([false]);
    expect(within.replacedDue?.date).toBe('2024-03-07');
    expect(within.currentDue?.date).toBe('2024-03-15');
    expect(within.effectiveDue?.date).toBe('2024-03-15');
    // A request Fri 15/03, past Thu 14/03, answered Mon 18/03: nothing restarts, the appointment stays Thu 14/03.
    const past = legalDue(
      {
        acceptedAt,
        limit,
        reschedules: [{ issuedAt: at('2024-03-05T10:00'), newDue: '2024-03-14' }],
        supplements: [{ requestedAt: at('2024-03-15T09:00'), providedAt: at('2024-03-18T09:00') }],
      },
      cal,
    );
    expect(past.afterDue).toEqual([true]);
    expect(past.restarts).toEqual([]);
    expect(past.effectiveDue?.date).toBe('2024-03-14'); // was 21/03 (restarted from 18/03)
    expect(past.rescheduledDue?.date).toBe('2024-03-14');
  });

  it('a limit in working hours: late once working time has elapsed after the due (closed time after it is not)', () => {
    // 8 working hours from Mon 04/03 09:00: 09:00–11:30 (2.5) + 13:30–17:00 (3.5) + Tue 07:00–09:00 (2) → Tue 05/03 09:00.
    const hours = { unit: 'workingHours', value: 8 } as const;
    const within = legalDue({ acceptedAt, limit: hours, supplements: [{ requestedAt: at('2024-03-05T09:00'), providedAt: at('2024-03-05T10:00') }] }, cal);
    expect(within.originalDue.at).toBe('2024-03-05T09:00:00.000+07:00');
    expect(within.afterDue).toEqual([false]);
    const late = legalDue({ acceptedAt, limit: hours, supplements: [{ requestedAt: at('2024-03-05T09:01'), providedAt: at('2024-03-05T10:00') }] }, cal);
    expect(late.afterDue).toEqual([true]);
    expect(late.currentDue?.at).toBe('2024-03-05T09:00:00.000+07:00');
  });
});

describe('legalDue: the apology notice in working days', () => {
  it('default 1 (Thu 07/03 → by Wed 06/03); 2 → by Tue 05/03, so an apology on Wed 06/03 is late', () => {
    const apology = { issuedAt: at('2024-03-06T10:00'), newDue: '2024-03-14' };
    const one = legalDue({ acceptedAt, limit, reschedules: [apology] }, cal);
    expect([one.apologyDeadline, one.lateApology]).toEqual(['2024-03-06', false]);
    const two = legalDue({ acceptedAt, limit, reschedules: [apology], apologyWorkingDaysBefore: 2 }, cal);
    expect([two.apologyDeadline, two.lateApology]).toEqual(['2024-03-05', true]);
  });

  it('a notice that is not a whole number ≥ 0 is CALENDAR_INVALID_OPTION', () => {
    for (const bad of [-1, 1.5, Number.NaN, '1'])
      expect(() => legalDue({ acceptedAt, limit, apologyWorkingDaysBefore: bad as number }, cal)).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_OPTION' }));
    expect(() => legalDue({ acceptedAt, limit, apologyWorkingDaysBefore: -1 }, cal)).toThrow(CalendarError);
  });
});
