import { describe, expect, it } from 'vitest';
import { CalendarError, createCalendar, receptionCalendar, vietnamCalendar, toInstant, toLocalDate } from '@motcua/calendar';

const cal = vietnamCalendar();

describe('vietnamCalendar: worked examples', () => {
  it('behaves exactly as in the README', () => {
    expect(cal.isWorkingDay('2025-01-27')).toBe(false);
    expect(cal.addWorkingDays('2023-10-27', 5)).toBe('2023-11-03');
  });

  it('fixture: Fri 27/10/2023 09:32 + 5 working days → Fri 03/11/2023 (instants are read in UTC+7)', () => {
    expect(cal.addWorkingDays('2023-10-27T09:32:00.000+07:00', 5)).toBe('2023-11-03');
    expect(cal.addWorkingDays(new Date('2023-10-27T02:32:00Z'), 5)).toBe('2023-11-03');
    // 20:00 UTC on the 26th is already 03:00 on the 27th in Vietnam
    expect(cal.addWorkingDays('2023-10-26T20:00:00Z', 5)).toBe('2023-11-03');
    expect(cal.addWorkingDays('2023-10-26T16:59:59Z', 5)).toBe('2023-11-02');
  });

  it('Tết 2025: off from Sat 25/01 to Sun 02/02, back on Mon 03/02', () => {
    expect(cal.isWorkingDay('2025-01-24')).toBe(true);
    for (const d of ['2025-01-25', '2025-01-27', '2025-01-29', '2025-01-31', '2025-02-02']) expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.isWorkingDay('2025-02-03')).toBe(true);
    expect(cal.nextWorkingDay('2025-01-24')).toBe('2025-02-03');
    expect(cal.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
  });

  it('Sat 26/04/2025 is a make-up working day (làm bù) and Fri 02/05/2025 is off', () => {
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    expect(cal.isWorkingDay('2025-05-02')).toBe(false);
    expect(cal.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
    expect(cal.addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
    const e = cal.explain('2025-04-26');
    expect(e.isWorkingDay).toBe(true);
    expect(e.decidedBy).toBe('official');
    expect(e.layers.map((l) => l.rule)).toEqual(['weekly', 'official']);
    expect(e.summary).toMatch(/^Thứ Bảy 26\/04\/2025: ngày làm việc — Làm bù/);
    expect(e.summary).toContain('8726/VPCP-KGVX');
  });

  it('Giỗ Tổ Sun 26/04/2026 → compensatory Mon 27/04/2026', () => {
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
    const e = cal.explain('2026-04-27');
    expect(e.decidedBy).toBe('compensatory');
    expect(e.summary).toContain('Nghỉ bù cho Giỗ Tổ Hùng Vương');
    expect(e.layers.at(-1)?.basis).toBe('BLLĐ 2019 Điều 111.3');
    expect(cal.explain('2026-04-26').layers.map((l) => l.rule)).toEqual(['weekly', 'holiday']);
  });

  it('several holidays on rest days get successive compensatory days (2023: Sat 29/04, Sun 30/04, Mon 01/05 → Tue 02, Wed 03/05)', () => {
    expect(cal.explain('2023-05-02').summary).toContain('Giỗ Tổ');
    expect(cal.explain('2023-05-03').summary).toContain('Ngày Chiến thắng');
    expect(cal.isWorkingDay('2023-05-04')).toBe(true);
  });

  it('explains ordinary days', () => {
    expect(cal.explain('2025-03-05')).toMatchObject({ isWorkingDay: true, decidedBy: 'weekly', weekday: 'Thứ Tư' });
    expect(cal.explain('2025-03-08')).toMatchObject({ isWorkingDay: false, decidedBy: 'weekly', weekday: 'Thứ Bảy' });
  });

  it('lists the special days of a year', () => {
    const days = cal.specialDays(2025).map((d) => d.date);
    expect(days).toContain('2025-04-26');
    expect(days).toContain('2025-09-01');
    expect(days).not.toContain('2025-03-05');
  });

  it('subtracts and steps back', () => {
    expect(cal.subtractWorkingDays('2023-11-03', 5)).toBe('2023-10-27');
    expect(cal.addWorkingDays('2025-02-03', -1)).toBe('2025-01-24');
    expect(cal.previousWorkingDay('2025-02-03')).toBe('2025-01-24');
    expect(cal.addWorkingDays('2025-03-08', -1)).toBe('2025-03-07'); // Saturday → Friday
    expect(cal.addWorkingDays('2025-03-08', 0)).toBe('2025-03-10');
    expect(cal.addWorkingDays('2025-03-07', 0)).toBe('2025-03-07');
  });

  it('workingDaysBetween counts from < d ≤ to and is antisymmetric', () => {
    expect(cal.workingDaysBetween('2023-10-27', '2023-11-03')).toBe(5);
    expect(cal.workingDaysBetween('2023-11-03', '2023-10-27')).toBe(-5);
    expect(cal.workingDaysBetween('2025-01-24', '2025-02-02')).toBe(0);
  });

  it('grows its index lazily far into the past and future, and fails loudly outside its years', () => {
    expect(cal.addWorkingDays('1905-01-02', 1)).toBe('1905-01-03');
    expect(cal.addWorkingDays('2190-06-01', 10)).toBe('2190-06-15');
    expect(cal.workingDaysBetween('1950-01-01', '2150-01-01')).toBeGreaterThan(50_000);
    expect(() => cal.isWorkingDay('1899-12-31')).toThrow(expect.objectContaining({ code: 'CALENDAR_OUT_OF_RANGE' }));
    expect(() => cal.addWorkingDays('2199-12-20', 30)).toThrow(expect.objectContaining({ code: 'CALENDAR_OUT_OF_RANGE' }));
    const narrow = vietnamCalendar({ years: { from: 2020, to: 2026 } });
    expect(() => narrow.isWorkingDay('2027-01-04')).toThrow(/2020–2026/);
  });
});

describe('input validation', () => {
  it.each(['2025-02-30', '2025-13-01', '2025-1-01', '25-01-01', 'yesterday', '', '2025-04-31', '2023-02-29'])('rejects %j', (bad) => {
    const err = (() => {
      try {
        cal.addWorkingDays(bad, 1);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(CalendarError);
    expect((err as CalendarError).code).toBe('CALENDAR_INVALID_DATE');
    expect((err as CalendarError).message).toContain(JSON.stringify(bad));
  });

  it('accepts 29/02 in leap years only', () => {
    expect(cal.isWorkingDay('2024-02-29')).toBe(true);
    expect(() => cal.isWorkingDay('2100-02-29')).toThrow(/does not exist/);
  });

  it('rejects instants without an offset and malformed instants', () => {
    expect(() => cal.addWorkingDays('2025-03-05T10:00:00', 1)).toThrow(/needs a UTC offset/);
    expect(() => cal.addWorkingDays('2025-03-05T25:00:00.000+07:00', 1)).toThrow(CalendarError);
    expect(() => cal.addWorkingDays('2025-03-05T10:00:00+0700x', 1)).toThrow(CalendarError);
    expect(() => cal.addWorkingDays(new Date(Number.NaN), 1)).toThrow(/invalid/);
    expect(() => cal.addWorkingDays(20250305 as unknown as string, 1)).toThrow(CalendarError);
    expect(cal.addWorkingDays('2025-03-05T10:00:00.123456+07:00', 1)).toBe('2025-03-06');
    expect(cal.addWorkingDays('2025-03-05T23:30:00-05:00', 1)).toBe('2025-03-07'); // 11:30 on the 6th in Vietnam
  });

  it.each([1.5, Number.NaN, Infinity, '3', null, 2_000_000])('rejects n = %j with CALENDAR_INVALID_NUMBER', (n) => {
    expect(() => cal.addWorkingDays('2025-03-05', n as number)).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_NUMBER' }));
  });

  it('rejects bad options', () => {
    expect(() => createCalendar({ workingWeek: [] })).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_OPTION' }));
    expect(() => createCalendar({ workingWeek: [7 as 0] })).toThrow(/not a weekday/);
    expect(() => createCalendar({ sessions: [['11:30', '07:00']] })).toThrow(/ends before/);
    expect(() =>
      createCalendar({
        sessions: [
          ['07:00', '12:00'],
          ['11:00', '17:00'],
        ],
      }),
    ).toThrow(/overlap/);
    expect(() => createCalendar({ sessions: [['7:00', '12:00']] })).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_TIME' }));
    expect(() => vietnamCalendar({ overrides: [{ date: '2025-05-05', kind: 'maybe' as 'off', reason: 'x' }] })).toThrow(/kind/);
    expect(() => vietnamCalendar({ overrides: [{ date: '2025-05-05', kind: 'off', reason: '' }] })).toThrow(/reason/);
    expect(() =>
      vietnamCalendar({
        overrides: [
          { date: '2025-05-05', kind: 'off', reason: 'a' },
          { date: '2025-05-05', kind: 'work', reason: 'b' },
        ],
      }),
    ).toThrow(/twice/);
    expect(() => vietnamCalendar({ years: { from: 1700, to: 2000 } })).toThrow(/1800–2199/);
    expect(() => vietnamCalendar({ tetRule: 'bogus' as 'lastDayPlus4' })).toThrow(/tetRule/);
  });
});

describe('overrides and custom calendars', () => {
  it("a province's own overrides beat bundled data (both directions)", () => {
    const p = vietnamCalendar({
      overrides: [
        { date: '2025-11-24', kind: 'off', reason: 'Ngày Văn hóa Việt Nam (tỉnh cho nghỉ)', source: 'QĐ …/QĐ-UBND' },
        { date: '2025-04-26', kind: 'off', reason: 'Tỉnh không làm bù' },
        { date: '2025-01-27', kind: 'work', reason: 'Trực Tết' },
      ],
    });
    expect(p.isWorkingDay('2025-11-24')).toBe(false);
    expect(p.isWorkingDay('2025-04-26')).toBe(false);
    expect(p.isWorkingDay('2025-01-27')).toBe(true);
    expect(p.explain('2025-04-26').layers.map((l) => l.rule)).toEqual(['weekly', 'official', 'override']);
    expect(p.explain('2025-11-24').summary).toContain('QĐ …/QĐ-UBND');
    expect(p.addWorkingDays('2025-11-21', 1)).toBe('2025-11-25');
    expect(cal.addWorkingDays('2025-11-21', 1)).toBe('2025-11-24');
  });

  it('a custom working week counts Saturdays', () => {
    const six = vietnamCalendar({ workingWeek: [1, 2, 3, 4, 5, 6], official: false });
    expect(six.isWorkingDay('2025-03-08')).toBe(true);
    expect(six.addWorkingDays('2023-10-27', 5)).toBe('2023-11-02');
    // Giỗ Tổ Sun 26/04/2026 → next working day is Mon 27/04 in any week
    expect(six.isWorkingDay('2026-04-27')).toBe(false);
    // 01/01/2022 is a Saturday: a working day in a six-day week, so no compensatory Monday
    expect(six.isWorkingDay('2022-01-03')).toBe(true);
  });

  it('createCalendar builds a fully custom calendar, with or without compensatory days', () => {
    const h = (y: number) => [{ date: `${y}-01-01`, name: 'New Year' }];
    expect(createCalendar({ holidays: h }).isWorkingDay('2022-01-03')).toBe(false);
    expect(createCalendar({ holidays: h, compensatory: false }).isWorkingDay('2022-01-03')).toBe(true);
    const plain = createCalendar();
    expect(plain.id).toBe('custom');
    expect(plain.addWorkingDays('2025-01-24', 5)).toBe('2025-01-31');
    expect(() => createCalendar({ holidays: () => [{ date: '2025-02-30', name: 'x' }] }).isWorkingDay('2025-01-01')).toThrow(/does not exist/);
  });

  it('extraHolidays adds a statutory day with its compensatory day', () => {
    const c = vietnamCalendar({ extraHolidays: (y) => [{ date: `${y}-11-24`, name: 'Ngày Văn hóa Việt Nam' }] });
    expect(c.isWorkingDay('2024-11-24')).toBe(false);
    expect(c.isWorkingDay('2024-11-25')).toBe(false); // 24/11/2024 is a Sunday
    expect(c.explain('2024-11-25').decidedBy).toBe('compensatory');
  });
});

describe('reception calendar vs deadline calendar', () => {
  const counter = receptionCalendar();
  it('opens Saturday mornings but not on holidays or inside official windows', () => {
    expect(counter.isWorkingDay('2025-03-08')).toBe(true);
    expect(counter.sessionsOn('2025-03-08')).toEqual([['07:00', '11:30']]);
    expect(counter.sessionsOn('2025-03-07')).toEqual([
      ['07:00', '11:30'],
      ['13:30', '17:00'],
    ]);
    expect(counter.isWorkingDay('2025-02-01')).toBe(false);
    expect(counter.isWorkingDay('2023-04-29')).toBe(false); // Giỗ Tổ on a Saturday
    expect(counter.isWorkingDay('2023-05-02')).toBe(false); // its compensatory day
    expect(counter.endOfWorkingDay('2025-03-08')).toBe('2025-03-08T11:30:00.000+07:00');
    expect(cal.isWorkingDay('2025-03-08')).toBe(false);
  });
});

describe('working hours', () => {
  it('adds hours inside sessions and skips non-working time', () => {
    expect(cal.addWorkingHours('2025-03-05T10:00:00.000+07:00', 1)).toBe('2025-03-05T11:00:00.000+07:00');
    expect(cal.addWorkingHours('2025-03-05T11:00:00.000+07:00', 1)).toBe('2025-03-05T14:00:00.000+07:00');
    expect(cal.addWorkingHours('2025-03-07T16:00:00.000+07:00', 2)).toBe('2025-03-10T08:00:00.000+07:00');
    expect(cal.addWorkingHours('2025-03-05T18:00:00.000+07:00', 0.5)).toBe('2025-03-06T07:30:00.000+07:00');
    expect(cal.addWorkingHours('2025-03-05T12:00:00.000+07:00', 3.5)).toBe('2025-03-05T17:00:00.000+07:00');
    expect(cal.workingHoursBetween('2025-03-07T16:00:00.000+07:00', '2025-03-10T08:00:00.000+07:00')).toBe(2);
    expect(cal.workingHoursBetween('2025-03-10T08:00:00.000+07:00', '2025-03-07T16:00:00.000+07:00')).toBe(-2);
    expect(cal.endOfWorkingDay('2025-03-05')).toBe('2025-03-05T17:00:00.000+07:00');
    expect(() => cal.addWorkingHours('2025-03-05T10:00:00.000+07:00', -1)).toThrow(CalendarError);
  });

  it('uses configured sessions', () => {
    const c = vietnamCalendar({
      sessions: [
        ['08:00', '12:00'],
        ['13:00', '17:30'],
      ],
    });
    expect(c.addWorkingHours('2025-03-05T11:00:00.000+07:00', 2)).toBe('2025-03-05T14:00:00.000+07:00');
    expect(c.endOfWorkingDay('2025-03-05')).toBe('2025-03-05T17:30:00.000+07:00');
  });
});

describe('conversions', () => {
  it('reads any input in UTC+7', () => {
    expect(toLocalDate('2023-10-27T20:00:00Z')).toBe('2023-10-28');
    expect(toLocalDate(new Date('2025-01-28T17:30:00Z'))).toBe('2025-01-29');
    expect(toInstant('2023-10-27T02:32:00Z')).toBe('2023-10-27T09:32:00.000+07:00');
    expect(toInstant('2023-10-27')).toBe('2023-10-27T00:00:00.000+07:00');
    expect(toInstant('2023-10-27T02:32:00.5Z')).toBe('2023-10-27T09:32:00.500+07:00');
  });
});
