import { describe, expect, it } from 'vitest';
import { alertSchedule, CalendarError, classifyPending, classifyResolved, computeDue, nextAlertAt, routeDeadlines, vietnamCalendar } from '@motcua/calendar';

const cal = vietnamCalendar();
const due = { date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' };

describe('classifyResolved', () => {
  it('day policy (default): early / on time / late by local day', () => {
    expect(classifyResolved('2023-11-02T23:59:00.000+07:00', due)).toBe('early');
    expect(classifyResolved('2023-11-03T00:00:00.000+07:00', due)).toBe('onTime');
    expect(classifyResolved('2023-11-03T17:30:00.000+07:00', due)).toBe('onTime');
    expect(classifyResolved('2023-11-04T00:00:00.000+07:00', due)).toBe('late');
    expect(classifyResolved('2023-11-03T17:30:00Z', due)).toBe('late'); // 00:30 on the 4th in Vietnam
  });
  it('minute policy: late strictly after due.at', () => {
    expect(classifyResolved('2023-11-03T17:00:00.000+07:00', due, { policy: 'minute' })).toBe('onTime');
    expect(classifyResolved('2023-11-03T17:00:01.000+07:00', due, { policy: 'minute' })).toBe('late');
    expect(classifyResolved('2023-11-02T17:30:00.000+07:00', due, { policy: 'minute' })).toBe('early');
  });
  it('rejects a malformed due', () => {
    expect(() => classifyResolved('2023-11-03T10:00:00.000+07:00', { date: '2023-11-03', at: '2023-11-04T17:00:00.000+07:00' })).toThrow(CalendarError);
    expect(() => classifyResolved('2023-11-03T10:00:00.000+07:00', due, { policy: 'second' as 'day' })).toThrow(/policy/);
  });
});

describe('classifyPending, alertSchedule, nextAlertAt', () => {
  it('buckets by the working-day warning window', () => {
    expect(classifyPending('2023-10-30T08:00:00.000+07:00', due, cal)).toBe('withinTime');
    expect(classifyPending('2023-11-01T23:59:59.000+07:00', due, cal)).toBe('withinTime');
    expect(classifyPending('2023-11-02T00:00:00.000+07:00', due, cal)).toBe('dueSoon');
    expect(classifyPending('2023-11-03T23:59:59.000+07:00', due, cal)).toBe('dueSoon');
    expect(classifyPending('2023-11-04T00:00:00.000+07:00', due, cal)).toBe('overdue');
    expect(classifyPending('2023-11-03T17:00:01.000+07:00', due, cal, { policy: 'minute' })).toBe('overdue');
    expect(classifyPending('2023-11-02T08:00:00.000+07:00', due, cal, { warnDays: 0 })).toBe('withinTime');
  });
  it('counts the warning window in working days across Tết', () => {
    const d = computeDue('2025-01-22T09:00:00.000+07:00', { unit: 'workingDays', value: 4 }, cal); // due Tue 04/02
    expect(d.date).toBe('2025-02-04');
    expect(alertSchedule(d, cal, 2)).toEqual({ dueSoonAt: '2025-02-03T00:00:00.000+07:00', overdueAt: '2025-02-05T00:00:00.000+07:00' });
    expect(alertSchedule(d, cal, 3).dueSoonAt).toBe('2025-01-24T00:00:00.000+07:00');
    expect(alertSchedule(d, cal, 0).dueSoonAt).toBeNull();
  });
  it('nextAlertAt gives the next bucket change, then null', () => {
    expect(nextAlertAt(due, cal, 2, '2023-10-30T08:00:00.000+07:00')).toBe('2023-11-02T00:00:00.000+07:00');
    expect(nextAlertAt(due, cal, 2, '2023-11-02T00:00:00.000+07:00')).toBe('2023-11-04T00:00:00.000+07:00');
    expect(nextAlertAt(due, cal, 2, '2023-11-05T00:00:00.000+07:00')).toBeNull();
    expect(nextAlertAt(due, cal, 0, '2023-10-30T08:00:00.000+07:00')).toBe('2023-11-04T00:00:00.000+07:00');
    expect(nextAlertAt(due, cal, 2, '2023-11-02T09:00:00.000+07:00', { policy: 'minute' })).toBe('2023-11-03T17:00:00.001+07:00');
    expect(() => nextAlertAt(due, cal, -1, '2023-11-02T09:00:00.000+07:00')).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_NUMBER' }));
  });
});

describe('routeDeadlines (inter-agency legs)', () => {
  const legs = [
    { agency: 'UBND xã', role: 'participant', limit: { unit: 'workingDays', value: 2 } },
    { agency: 'Chi nhánh VPĐK', role: 'participant', limit: { unit: 'workingDays', value: 1 } },
    { agency: 'Sở TN&MT', role: 'lead', limit: { unit: 'workingDays', value: 3 } },
  ] as const;
  it('sequential: each leg starts when the previous one is due (or completed)', () => {
    const r = routeDeadlines({ mode: 'sequential', startAt: '2023-10-27T09:32:00.000+07:00', legs }, cal);
    expect(r.legs.map((l) => l.due.date)).toEqual(['2023-10-31', '2023-11-01', '2023-11-06']);
    expect(r.due.date).toBe('2023-11-06');
    // sums: 2 + 1 + 3 = 6 working days from the start
    expect(r.due.date).toBe(cal.addWorkingDays('2023-10-27', 6));
    const early = routeDeadlines(
      { mode: 'sequential', startAt: '2023-10-27T09:32:00.000+07:00', legs: [{ ...legs[0], completedAt: '2023-10-30T10:00:00.000+07:00' }, legs[1], legs[2]] },
      cal,
    );
    expect(early.legs[1]!.startBasis).toBe('previousCompleted');
    expect(early.legs.map((l) => l.due.date)).toEqual(['2023-10-31', '2023-10-31', '2023-11-03']);
  });
  it('parallel: all legs start together; the route is due with the latest leg', () => {
    const r = routeDeadlines({ mode: 'parallel', startAt: '2023-10-27T09:32:00.000+07:00', legs }, cal);
    expect(r.legs.map((l) => l.due.date)).toEqual(['2023-10-31', '2023-10-30', '2023-11-01']);
    expect(r.due.date).toBe('2023-11-01');
  });
  it('needs exactly one lead agency', () => {
    expect(() => routeDeadlines({ mode: 'parallel', startAt: '2023-10-27T09:32:00.000+07:00', legs: [legs[0]] }, cal)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_INVALID_ROUTE' }),
    );
    expect(() => routeDeadlines({ mode: 'zigzag' as 'parallel', startAt: '2023-10-27T09:32:00.000+07:00', legs }, cal)).toThrow(/mode/);
  });
});
