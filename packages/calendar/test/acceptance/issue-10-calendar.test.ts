/**
 * Issue #10, acceptance at HEAD (calendar side: items 6, 7, 11, 12, 13, 14),
 * tried as a new user would: only the public API of `@motcua/calendar`.
 * Every expected date is worked out by hand in the comments from the rule
 * (shared/domain.md §4) or from the official notice it names — never from
 * running the code under test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  apologyDeadline,
  CalendarError,
  computeDue,
  dayOfInstant,
  explainDue,
  isLateApology,
  legalDue,
  OFFICIAL_SCHEDULES,
  vietnamCalendar,
  type TimeLimit,
} from '@motcua/calendar';

const cal = vietnamCalendar();
const at = (local: string) => `${local}:00.000+07:00`;

describe('item 6 — the 15:00 cut-off is a per-procedure attribute for every limit unit (domain §4.2)', () => {
  // Received Mon 04/03/2024 at 15:20, i.e. after 15:00. March 2024 has no holiday:
  // Mon 04, Tue 05, Wed 06, Thu 07, Fri 08, (Sat 09, Sun 10), Mon 11 … Thu 14, Fri 15.
  // With the cut-off the dossier counts as received at 00:00 of Tue 05/03 (next working day).
  const late = at('2024-03-04T15:20');
  const early = at('2024-03-04T14:59');
  const cases: { limit: TimeLimit; without: string; withCutoff: string; why: string }[] = [
    // The receipt day is not counted (§4.1): Tue, Wed, Thu → Thu 07; from Tue: Wed, Thu, Fri → Fri 08.
    { limit: { unit: 'workingDays', value: 3 }, without: '2024-03-07', withCutoff: '2024-03-08', why: '3 working days' },
    // 0 working days: due the receipt day; with the cut-off the receipt day is Tue 05.
    { limit: { unit: 'workingDays', value: 0 }, without: '2024-03-04', withCutoff: '2024-03-05', why: '0 working days' },
    // 10 calendar days from Mon 04 → Thu 14; from Tue 05 → Fri 15 (both working days, no roll).
    { limit: { unit: 'calendarDays', value: 10 }, without: '2024-03-14', withCutoff: '2024-03-15', why: '10 calendar days' },
  ];
  for (const c of cases) {
    it(`${c.why}: received 15:20 → ${c.without} without the cut-off, ${c.withCutoff} with it; 14:59 is the same either way`, () => {
      expect(computeDue(late, c.limit, cal).date).toBe(c.without);
      expect(computeDue(late, c.limit, cal, { cutoff: '15:00' }).date).toBe(c.withCutoff);
      expect(computeDue(early, c.limit, cal, { cutoff: '15:00' }).date).toBe(c.without);
      expect(computeDue(early, c.limit, cal).date).toBe(c.without);
    });
  }
  it('working hours (8 h; sessions 07:00–11:30, 13:30–17:00): 15:20 → Tue 15:20 without; with the cut-off counted from Tue 07:00 → Tue 17:00', () => {
    // Without: Mon 15:20–17:00 = 1 h 40; Tue 07:00–11:30 = 4 h 30 (6 h 10); 1 h 50 more from 13:30 → Tue 15:20.
    expect(computeDue(late, { unit: 'workingHours', value: 8 }, cal).at).toBe(at('2024-03-05T15:20'));
    // With: Tue 07:00–11:30 (4 h 30) + 13:30–17:00 (3 h 30) = 8 h → Tue 17:00.
    expect(computeDue(late, { unit: 'workingHours', value: 8 }, cal, { cutoff: '15:00' }).at).toBe(at('2024-03-05T17:00'));
  });
  it('same day: the 15:00 rule always applies (Luật Hộ tịch Đ5.3): 14:59 → Mon 04, 15:20 → Tue 05, with or without the option', () => {
    const sameDay: TimeLimit = { unit: 'sameDay' };
    expect(computeDue(early, sameDay, cal).date).toBe('2024-03-04');
    expect(computeDue(late, sameDay, cal).date).toBe('2024-03-05');
    expect(computeDue(late, sameDay, cal, { cutoff: '15:00' }).date).toBe('2024-03-05');
  });
  it('the documented DueOptions example: Fri 27/10/2023 15:20, 5 working days → 06/11 with the cut-off, 03/11 without (§4.1 fixture)', () => {
    // Without: Mon 30, Tue 31, Wed 01, Thu 02, Fri 03/11. With: receipt day Mon 30/10 (not counted) → Tue 31 … Mon 06/11.
    expect(computeDue(at('2023-10-27T15:20'), { unit: 'workingDays', value: 5 }, cal).date).toBe('2023-11-03');
    expect(computeDue(at('2023-10-27T15:20'), { unit: 'workingDays', value: 5 }, cal, { cutoff: '15:00' }).date).toBe('2023-11-06');
  });
});

describe('item 7 — apology deadline: one rule (NĐ 61 Đ19.9: at the latest 1 working day before the due date)', () => {
  // Accepted Mon 04/03/2024 09:00, 5 working days: Tue 05, Wed 06, Thu 07, Fri 08, Mon 11 → due Mon 11/03.
  // The working day before Mon 11/03 is Fri 08/03 (Sat 09, Sun 10 are rest days): an apology on Sat 09/03 is late.
  it('legalDue: due Mon 11/03/2024, apology on Sat 09/03 → deadline Fri 08/03, lateApology', () => {
    const r = legalDue(
      { acceptedAt: at('2024-03-04T09:00'), limit: { unit: 'workingDays', value: 5 }, reschedules: [{ issuedAt: at('2024-03-09T09:00'), newDue: '2024-03-15' }] },
      cal,
    );
    expect(r.originalDue.date).toBe('2024-03-11');
    expect(r.apologyDeadline).toBe('2024-03-08');
    expect(r.lateApology).toBe(true);
    expect(r.effectiveDue?.date).toBe('2024-03-15');
  });
  it('the same function decides for the engine and the calendar: Fri 08/03 16:59 on time, Sat 09/03 late', () => {
    expect(apologyDeadline(cal, '2024-03-11')).toBe('2024-03-08');
    expect(isLateApology(cal, at('2024-03-08T16:59'), '2024-03-11')).toBe(false);
    expect(isLateApology(cal, at('2024-03-09T09:00'), '2024-03-11')).toBe(true);
    // Over Tết 2024 (off Thu 08 – Wed 14/02, CV 8662/VPCP-KGVX): due Thu 15/02 → the last working day before is Wed 07/02.
    expect(apologyDeadline(cal, '2024-02-15')).toBe('2024-02-07');
  });
});

/**
 * Swaps and holidays read in the official notices (each named), hand-typed:
 * `off` = a day that is not a working day, `work` = a day that is (a
 * make-up weekend day, or the first working day after a holiday window).
 * Weekdays checked against a printed calendar.
 */
const NOTICE_FACTS: { year: number; notice: string; off: string[]; work: string[] }[] = [
  // TB 573/TB-VPCP: Tết Wed 14 – Tue 20/02/2018; Quốc khánh Sun 02/09 → nghỉ bù Mon 03/09.
  { year: 2018, notice: 'TB 573/TB-VPCP', off: ['2018-02-14', '2018-02-20', '2018-09-03'], work: [] },
  // TB 3238/TB-LĐTBXH: Mon 31/12/2018 off, made up Sat 05/01/2019; Mon 29/04/2019 off, made up Sat 04/05/2019.
  { year: 2019, notice: 'TB 3238/TB-LĐTBXH', off: ['2018-12-31', '2019-04-29', '2019-04-30', '2019-05-01'], work: ['2019-01-05', '2019-05-04'] },
  // TB 4544/TB-LĐTBXH: Tết Thu 23 – Wed 29/01/2020; Thu 30/01 is a working day again.
  { year: 2020, notice: 'TB 4544/TB-LĐTBXH', off: ['2020-01-23', '2020-01-24', '2020-01-27', '2020-01-29'], work: ['2020-01-30'] },
  // CV 9895/VPCP-KGVX: Tết Wed 10 – Tue 16/02/2021; Quốc khánh Thu 02 + Fri 03/09 (off 02–05/09).
  { year: 2021, notice: 'CV 9895/VPCP-KGVX', off: ['2021-02-10', '2021-02-16', '2021-09-02', '2021-09-03'], work: ['2021-02-17'] },
  // CV 245/VPCP-KGVX: Tết Mon 31/01 – Fri 04/02/2022; Quốc khánh Thu 01 + Fri 02/09.
  { year: 2022, notice: 'CV 245/VPCP-KGVX', off: ['2022-01-31', '2022-02-04', '2022-09-01', '2022-09-02'], work: ['2022-02-07'] },
  // VPCP 01/12/2022: Tết Fri 20 – Thu 26/01/2023; Quốc khánh Fri 01/09, Sat 02/09 → nghỉ bù Mon 04/09.
  { year: 2023, notice: 'VPCP notice of 01/12/2022', off: ['2023-01-20', '2023-01-26', '2023-09-01', '2023-09-04'], work: ['2023-01-27', '2023-09-05'] },
  // 2024: CV 8662/VPCP-KGVX: Tết off Thu 08 – Wed 14/02; CV 2450/VPCP-KGVX: Mon 29/04 swapped with Sat 04/05 (off 27/04–01/05).
  { year: 2024, notice: 'CV 8662/VPCP-KGVX, CV 2450/VPCP-KGVX', off: ['2024-02-08', '2024-02-14', '2024-04-29'], work: ['2024-05-04'] },
  // 2025: TB 6150/TB-BLĐTBXH: Fri 02/05 swapped with Sat 26/04 (off 30/04–04/05) (domain §4.4).
  { year: 2025, notice: 'TB 6150/TB-BLĐTBXH', off: ['2025-05-02'], work: ['2025-04-26'] },
  // 2026: CV 12729/VPCP-KGVX: Fri 02/01 off, Sat 10/01 worked; TB 9441/TB-BNV: Mon 31/08 off, Sat 22/08 worked; Tết Mon 16 – Fri 20/02.
  { year: 2026, notice: 'TB 9441/TB-BNV, CV 12729/VPCP-KGVX', off: ['2026-01-02', '2026-02-16', '2026-02-20', '2026-08-31', '2026-09-01'], work: ['2026-01-10', '2026-08-22'] },
];

describe('item 11 — bundled official schedules match the notices and cite them', () => {
  it('2026 Quốc khánh: the swap of Mon 31/08 (off) with Sat 22/08 (worked) is in the data, cited to TB 9441/TB-BNV', () => {
    expect(cal.isWorkingDay('2026-08-31')).toBe(false);
    expect(cal.isWorkingDay('2026-08-22')).toBe(true);
    // Off 29/08 (Sat) – 02/09 (Wed); Thu 03/09 is a working day again.
    expect(['2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02'].map((d) => cal.isWorkingDay(d))).toEqual([false, false, false, false, false]);
    expect(cal.isWorkingDay('2026-09-03')).toBe(true);
    expect(JSON.stringify(cal.explain('2026-08-22').layers)).toContain('9441');
    expect(JSON.stringify(cal.explain('2026-08-31').layers)).toContain('9441');
  });
  for (const f of NOTICE_FACTS) {
    it(`${f.year} (${f.notice}): off ${f.off.join(', ')}; worked ${f.work.join(', ') || '—'}`, () => {
      for (const d of f.off) expect(cal.isWorkingDay(d), d).toBe(false);
      for (const d of f.work) expect(cal.isWorkingDay(d), d).toBe(true);
      for (const d of [...f.off, ...f.work]) expect(cal.isEstimated(d), d).toBe(false);
    });
  }
  it('every bundled placement, override and window names its source (title and address)', () => {
    const years = OFFICIAL_SCHEDULES.map((y) => y.year);
    for (let y = 2018; y <= 2026; y++) expect(years).toContain(y);
    for (const y of OFFICIAL_SCHEDULES)
      for (const entry of [...y.placements, ...y.overrides, ...y.windows]) {
        expect(entry.source.title.length, `${y.year}`).toBeGreaterThan(10);
        expect(entry.source.url, `${y.year}`).toMatch(/^https?:\/\//);
      }
  });
});

describe('item 12 — 2018 and 2019 have official schedules, with their swaps', () => {
  it('both years are bundled (not estimated) and carry the swaps of TB 3238/TB-LĐTBXH', () => {
    expect(cal.isEstimated('2018-06-21')).toBe(false); // the 2018 rule pack starts 21/06/2018
    expect(cal.isEstimated('2019-07-01')).toBe(false);
    // Mon 31/12/2018 off ↔ Sat 05/01/2019 worked; Mon 29/04/2019 off ↔ Sat 04/05/2019 worked.
    expect([cal.isWorkingDay('2018-12-31'), cal.isWorkingDay('2019-01-05')]).toEqual([false, true]);
    expect([cal.isWorkingDay('2019-04-29'), cal.isWorkingDay('2019-05-04')]).toEqual([false, true]);
    // A 2018 deadline across the swap: accepted Thu 27/12/2018, 3 working days → Fri 28, (Sat 29, Sun 30, Mon 31 off, Tue 01/01 holiday) Wed 02, Thu 03/01/2019.
    expect(computeDue(at('2018-12-27T09:00'), { unit: 'workingDays', value: 3 }, cal).date).toBe('2019-01-03');
  });
});

describe('item 13 — test fixtures are not generated by the code under test', () => {
  it('test/fixtures/vn-days.ts imports nothing (hand-typed from the notices)', () => {
    const text = readFileSync(fileURLToPath(new URL('../fixtures/vn-days.ts', import.meta.url)), 'utf8');
    expect(text).not.toMatch(/^\s*import\s/m);
    expect(text).not.toMatch(/require\(/);
    expect(text).not.toContain('@motcua/calendar');
  });
});

describe('item 14 — years without an official schedule (2027 onward) are marked estimated everywhere', () => {
  it('explain().summary, computeDue, explainDue reasons and derived compensatory days carry the marker; 2026 does not', () => {
    expect(cal.isEstimated('2027-03-01')).toBe(true);
    const e = cal.explain('2027-01-01');
    expect(e.estimated).toBe(true);
    expect(e.summary).toContain('ước tính');
    const due = computeDue(at('2027-03-01T09:00'), { unit: 'workingDays', value: 3 }, cal);
    expect(due.estimated).toBe(true);
    const trace = explainDue(at('2027-03-01T09:00'), { unit: 'workingDays', value: 3 }, cal);
    expect(trace.estimated).toBe(true);
    expect(trace.steps.every((s) => s.reason.includes('ước tính'))).toBe(true);
    // A 2026 due date that ends in 2026 is not estimated.
    expect(computeDue(at('2026-03-02T09:00'), { unit: 'workingDays', value: 3 }, cal).estimated).toBeUndefined();
    // Derived compensatory day: Giỗ Tổ 2027 is 10/3 lunar = Fri 16/04/2027 (no nghỉ bù); 30/4/2027 Fri, 1/5/2027 Sat → nghỉ bù Mon 03/05/2027 (BLLĐ Art. 111.3).
    expect(cal.isWorkingDay('2027-05-03')).toBe(false);
    expect(cal.explain('2027-05-03').estimated).toBe(true);
    // A period that reaches into 2027 lists its estimated days.
    expect(cal.estimatedDays('2026-12-30', '2027-01-02')).toEqual(['2027-01-01', '2027-01-02']);
  });
});

describe('item 20 (calendar) — an instant outside the calendar never reads as a day', () => {
  it('dayOfInstant: +010000-01-01T18:59:59.+07:00 (as engines before the year bound stored it) throws CalendarError instead of giving a day of year −4900', () => {
    expect(() => dayOfInstant('+010000-01-01T18:59:59.+07:00')).toThrow(CalendarError);
    expect(() => dayOfInstant('-000001-01-01T00:00:00.000+07:00')).toThrow(CalendarError);
    // 04/03/2024 is day 19786 since 1970-01-01: 54 years × 365 + 13 leap days (1972…2020) = 19723; + 31 (Jan) + 29 (Feb) + 3 = 19786.
    expect(dayOfInstant('2024-03-04T09:00:00.000+07:00')).toBe(19786);
    expect(dayOfInstant('2024-03-04T01:00:00Z')).toBe(19786);
  });
});
