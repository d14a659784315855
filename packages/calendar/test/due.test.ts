import { describe, expect, it } from 'vitest';
import { CalendarError, computeDue, createCalendar, explainDue, vietnamCalendar } from '@motcua/calendar';
import type { WorkingCalendar } from '@motcua/calendar';

const cal = vietnamCalendar();
const wd = (value: number) => ({ unit: 'workingDays', value }) as const;

describe('computeDue: working days', () => {
  it('fixture: Fri 27/10/2023 09:32 + 5 → Fri 03/11/2023, due at the end of working time', () => {
    expect(computeDue('2023-10-27T09:32:00.000+07:00', wd(5), cal)).toEqual({ date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' });
  });

  it('skips Tết 2025 and counts the make-up Saturday 26/04/2025', () => {
    expect(computeDue('2025-01-23T10:00:00.000+07:00', wd(2), cal).date).toBe('2025-02-03');
    expect(computeDue('2025-01-23T10:00:00.000+07:00', wd(3), cal).date).toBe('2025-02-04');
    expect(computeDue('2025-04-24T10:00:00.000+07:00', wd(2), cal).date).toBe('2025-04-26');
    expect(computeDue('2025-04-24T10:00:00.000+07:00', wd(2), cal).at).toBe('2025-04-26T17:00:00.000+07:00');
    expect(computeDue('2026-04-24T10:00:00.000+07:00', wd(1), cal).date).toBe('2026-04-28');
  });

  it('a receipt on a non-working day counts from the next working day (which is not counted by default)', () => {
    // Saturday 04/11/2023 → treated as received Monday 06/11
    expect(computeDue('2023-11-04T09:00:00.000+07:00', wd(5), cal).date).toBe('2023-11-13');
    expect(computeDue('2023-11-04T09:00:00.000+07:00', wd(5), cal, { nonWorkingReceipt: 'nextDayCounts' }).date).toBe('2023-11-10');
    expect(computeDue('2023-11-04T09:00:00.000+07:00', wd(0), cal).date).toBe('2023-11-06');
    expect(computeDue('2023-11-06T09:00:00.000+07:00', wd(0), cal).date).toBe('2023-11-06');
  });

  it('applies an optional cut-off to working-day limits (paper transfer, NĐ 61 Đ18)', () => {
    expect(computeDue('2023-10-27T15:20:00.000+07:00', wd(5), cal, { cutoff: '15:00' }).date).toBe('2023-11-06');
    expect(computeDue('2023-10-27T14:59:00.000+07:00', wd(5), cal, { cutoff: '15:00' }).date).toBe('2023-11-03');
  });
});

describe('computeDue: same day with the 15:00 cut-off', () => {
  it('received before or at 15:00 on a working day → same day; after → next working day', () => {
    expect(computeDue('2025-03-05T14:59:00.000+07:00', { unit: 'sameDay' }, cal).date).toBe('2025-03-05');
    expect(computeDue('2025-03-05T15:00:00.000+07:00', { unit: 'sameDay' }, cal).date).toBe('2025-03-05');
    expect(computeDue('2025-03-05T15:00:01.000+07:00', { unit: 'sameDay' }, cal).date).toBe('2025-03-06');
    expect(computeDue('2025-03-07T15:20:00.000+07:00', { unit: 'sameDay' }, cal)).toEqual({ date: '2025-03-10', at: '2025-03-10T17:00:00.000+07:00' });
  });
  it('on a non-working day → next working day; custom cut-off honoured', () => {
    expect(computeDue('2025-04-29T16:00:00.000+07:00', { unit: 'sameDay' }, cal).date).toBe('2025-05-05');
    expect(computeDue('2025-03-08T08:00:00.000+07:00', { unit: 'sameDay' }, cal).date).toBe('2025-03-10');
    expect(computeDue('2025-03-05T11:30:00.000+07:00', { unit: 'sameDay', cutoff: '11:00' }, cal).date).toBe('2025-03-06');
    expect(computeDue('2025-03-05T11:30:00.000+07:00', { unit: 'sameDay' }, cal, { cutoff: '11:00' }).date).toBe('2025-03-06');
  });
});

describe('computeDue: working hours and calendar days', () => {
  it('working hours run inside sessions and give the exact instant', () => {
    expect(computeDue('2025-03-05T16:00:00.000+07:00', { unit: 'workingHours', value: 8 }, cal)).toEqual({ date: '2025-03-06', at: '2025-03-06T16:00:00.000+07:00' });
    // received at 18:00: starts at 07:00 next day
    expect(computeDue('2025-03-05T18:00:00.000+07:00', { unit: 'workingHours', value: 4.5 }, cal).at).toBe('2025-03-06T11:30:00.000+07:00');
    // received during lunch: starts at 13:30
    expect(computeDue('2025-03-05T12:00:00.000+07:00', { unit: 'workingHours', value: 1 }, cal).at).toBe('2025-03-05T14:30:00.000+07:00');
    // across the Tết 2025 window
    expect(computeDue('2025-01-24T16:00:00.000+07:00', { unit: 'workingHours', value: 2 }, cal).at).toBe('2025-02-03T08:00:00.000+07:00');
  });
  it('calendar days roll forward off non-working days (BLDS 2015 Đ148.5) unless told not to', () => {
    expect(computeDue('2025-03-05T10:00:00.000+07:00', { unit: 'calendarDays', value: 10 }, cal).date).toBe('2025-03-17');
    expect(computeDue('2025-03-05T10:00:00.000+07:00', { unit: 'calendarDays', value: 10 }, cal, { rollForward: false }).date).toBe('2025-03-15');
    expect(computeDue('2025-03-05T10:00:00.000+07:00', { unit: 'calendarDays', value: 9 }, cal).date).toBe('2025-03-14');
    expect(computeDue('2025-03-05T10:00:00.000+07:00', { unit: 'calendarDays', value: 10 }, cal, { rollForward: false }).at).toBe('2025-03-15T17:00:00.000+07:00');
  });
});

describe('computeDue: validation and foreign calendars', () => {
  it.each([
    { unit: 'workingDays', value: -1 },
    { unit: 'workingDays', value: 1.5 },
    { unit: 'weeks', value: 1 },
    { unit: 'workingHours', value: Number.NaN },
    { unit: 'sameDay', cutoff: '3pm' },
    null,
  ])('rejects limit %j', (limit) => {
    expect(() => computeDue('2025-03-05T10:00:00.000+07:00', limit as never, cal)).toThrow(CalendarError);
  });
  it('rejects a bad receipt and a non-calendar', () => {
    expect(() => computeDue('2025-03-05 10:00', wd(1), cal)).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_DATE' }));
    expect(() => computeDue('2025-03-05T10:00:00.000+07:00', wd(1), {} as WorkingCalendar)).toThrow(/WorkingCalendar/);
  });
  it('works with any WorkingCalendar implementation (default sessions)', () => {
    const inner = createCalendar();
    const foreign: WorkingCalendar = {
      id: 'foreign',
      isWorkingDay: (d) => inner.isWorkingDay(d),
      addWorkingDays: (d, n) => inner.addWorkingDays(d, n),
      workingDaysBetween: (a, b) => inner.workingDaysBetween(a, b),
      nextWorkingDay: (d) => inner.nextWorkingDay(d),
    };
    expect(computeDue('2023-10-27T09:32:00.000+07:00', wd(5), foreign)).toEqual({ date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' });
    expect(computeDue('2023-10-27T16:00:00.000+07:00', { unit: 'workingHours', value: 2 }, foreign).at).toBe('2023-10-30T08:00:00.000+07:00');
  });
});

describe('explainDue', () => {
  it('lists every skipped day with its reason', () => {
    const t = explainDue('2025-04-29T10:00:00.000+07:00', wd(2), cal);
    expect(t.due.date).toBe('2025-05-06');
    expect(t.start.date).toBe('2025-04-29');
    expect(t.steps.map((s) => [s.date, s.counted])).toEqual([
      ['2025-04-30', false],
      ['2025-05-01', false],
      ['2025-05-02', false],
      ['2025-05-03', false],
      ['2025-05-04', false],
      ['2025-05-05', true],
      ['2025-05-06', true],
    ]);
    expect(t.steps[0]!.reason).toContain('Ngày Chiến thắng');
    expect(t.steps[2]!.reason).toContain('Hoán đổi');
    expect(t.steps.at(-1)!.ordinal).toBe(2);
  });
  it('explains the start after a non-working receipt, hour limits and calendar-day roll-forward', () => {
    expect(explainDue('2023-11-04T09:00:00.000+07:00', wd(1), cal).start).toMatchObject({ date: '2023-11-06' });
    const h = explainDue('2025-03-07T16:00:00.000+07:00', { unit: 'workingHours', value: 2 }, cal);
    expect(h.steps.filter((s) => s.counted).map((s) => s.span)).toEqual(['16:00:00–17:00:00', '07:00:00–08:00:00']);
    const c = explainDue('2025-03-05T10:00:00.000+07:00', { unit: 'calendarDays', value: 10 }, cal);
    expect(c.notes[0]).toContain('15/03/2025');
    expect(c.steps.filter((s) => !s.counted).map((s) => s.date)).toEqual(['2025-03-16', '2025-03-17']);
  });
});

describe('computeDue: the fast path agrees with the general path', () => {
  it('on random receipts and limits (opts {} forces the general path)', async () => {
    const fc = (await import('fast-check')).default;
    const { arbInstant, arbLocalDate } = await import('@motcua/calendar/testkit');
    fc.assert(
      fc.property(fc.oneof(arbInstant(), arbLocalDate()), fc.integer({ min: 0, max: 80 }), (r, n) => {
        expect(computeDue(r, wd(n), cal)).toEqual(computeDue(r, wd(n), cal, {}));
      }),
      { numRuns: 1000 },
    );
  });
});
