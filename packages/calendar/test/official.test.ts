import { describe, expect, it } from 'vitest';
import { OFFICIAL_SCHEDULES, vietnamCalendar, vietnamHolidays, nationalDayAdjacent } from '@motcua/calendar';
import { NOTICE_YEARS, REF_FROM, REF_TO, refIsWorkingDay, refNextDay } from './fixtures/vn-days';

const cal = vietnamCalendar();

describe('bundled official schedules 2018–2026', () => {
  it('bundles every year 2018–2026, each datum with a source URL and a confidence', () => {
    expect(OFFICIAL_SCHEDULES.map((s) => s.year)).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const s of OFFICIAL_SCHEDULES) {
      for (const x of [...s.placements, ...s.overrides, ...s.windows]) {
        expect(x.source.url).toMatch(/^https?:\/\//);
        expect(['official', 'secondary', 'unconfirmed']).toContain(x.confidence);
        expect(x.source.title.length).toBeGreaterThan(5);
      }
      for (const p of s.placements) expect(p.dates.length).toBe(p.holiday === 'tet' ? 5 : 2);
    }
  });

  it('agrees with every published window: every day inside is off, the days around it are working days', () => {
    let checked = 0;
    for (const s of OFFICIAL_SCHEDULES) {
      for (const w of s.windows) {
        for (let d = w.from; d <= w.to; d = refNextDay(d)) {
          expect(cal.isWorkingDay(d), `${d} in ${w.label}`).toBe(false);
          checked++;
        }
        expect(cal.isWorkingDay(refNextDay(w.from, -1)), `day before ${w.label}`).toBe(true);
        expect(cal.isWorkingDay(refNextDay(w.to)), `day after ${w.label}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('agrees with every listed override, and explains it with its source', () => {
    for (const s of OFFICIAL_SCHEDULES) {
      for (const o of s.overrides) {
        expect(cal.isWorkingDay(o.date), o.date).toBe(o.kind === 'work');
        const e = cal.explain(o.date);
        expect(e.decidedBy).toBe('official');
        expect(e.summary).toContain(o.source.title);
      }
    }
  });

  it('agrees with the hand-written reference on every day 2018–2027 (exhaustive)', () => {
    let n = 0;
    for (let d = '2018-01-01'; d <= '2027-12-31'; d = refNextDay(d)) {
      if (cal.isWorkingDay(d) !== refIsWorkingDay(d)) throw new Error(`${d}: ${cal.explain(d).summary}`);
      n++;
    }
    expect(n).toBe(3652);
  });

  it('every notice year of the reference is bundled, and only those years are not estimated', () => {
    expect([...NOTICE_YEARS].sort()).toEqual(OFFICIAL_SCHEDULES.map((s) => s.year));
    for (let y = REF_FROM; y <= REF_TO; y++) expect(cal.isEstimated(`${y}-06-15`), String(y)).toBe(!NOTICE_YEARS.includes(y));
  });

  it('2026 Quốc khánh: Thông báo 9441/TB-BNV swaps Monday 31/08 with Saturday 22/08 (off 29/08–02/09)', () => {
    expect(cal.isWorkingDay('2026-08-31')).toBe(false);
    expect(cal.isWorkingDay('2026-08-22')).toBe(true);
    for (const d of ['2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02']) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay('2026-08-28')).toBe(true);
    expect(cal.isWorkingDay('2026-09-03')).toBe(true);
    const e = cal.explain('2026-08-31');
    expect(e.decidedBy).toBe('official');
    expect(e.summary).toContain('9441/TB-BNV');
    expect(cal.explain('2026-08-22').summary).toContain('Làm bù');
    // a dossier received Fri 21/08/2026 with 5 working days: Sat 22 (làm bù), Mon 24 … Thu 27
    expect(cal.addWorkingDays('2026-08-21', 5)).toBe('2026-08-27');
    // received Thu 27/08 with 3: Fri 28, then (29/08–02/09 off) Thu 03, Fri 04/09
    expect(cal.addWorkingDays('2026-08-27', 3)).toBe('2026-09-04');
  });

  it('2019: Tết Dương lịch and 30/4 swaps of Thông báo 3238/TB-LĐTBXH', () => {
    expect(cal.isWorkingDay('2018-12-31')).toBe(false);
    expect(cal.isWorkingDay('2019-01-05')).toBe(true);
    expect(cal.isWorkingDay('2019-04-29')).toBe(false);
    expect(cal.isWorkingDay('2019-05-04')).toBe(true);
    expect(cal.explain('2018-12-31').summary).toContain('3238/TB-LĐTBXH');
    expect(cal.isEstimated('2018-12-31')).toBe(false);
    // Tết Kỷ Hợi: 9 days 02–10/02/2019
    expect(cal.workingDaysBetween('2019-02-01', '2019-02-11')).toBe(1);
  });

  it('counts the expected number of working days per year', () => {
    // 2025: 261 weekdays − 12 weekdays off + 1 make-up Saturday
    expect(cal.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(250);
    expect(cal.workingDaysBetween('2023-12-31', '2024-12-31')).toBe(262 - 12 + 1);
  });

  it('falls back to the rules when official schedules are turned off', () => {
    const rules = vietnamCalendar({ official: false });
    // 2024 Tết by the default rule: 09–13/02 + nghỉ bù 14, 15/02; official was 08–14/02
    expect(rules.isWorkingDay('2024-02-08')).toBe(true);
    expect(rules.isWorkingDay('2024-02-15')).toBe(false);
    expect(cal.isWorkingDay('2024-02-15')).toBe(true);
    // no swap without the schedule
    expect(rules.isWorkingDay('2025-04-26')).toBe(false);
    expect(rules.isWorkingDay('2025-05-02')).toBe(true);
    // rules alone still give the 2025 Tết days 28/01–01/02 → Sat 01/02 moved to Mon 03/02
    expect(rules.isWorkingDay('2025-02-03')).toBe(false);
    expect(cal.isWorkingDay('2025-02-03')).toBe(true);
  });

  it('the twoBeforeThreeAfter Tết rule reproduces the official Tết windows of 2018, 2019, 2020, 2021, 2023, 2024, 2025', () => {
    const alt = vietnamCalendar({ official: false, tetRule: 'twoBeforeThreeAfter' });
    for (const s of OFFICIAL_SCHEDULES.filter((x) => [2018, 2019, 2020, 2021, 2023, 2024, 2025].includes(x.year))) {
      const w = s.windows.find((x) => x.label.startsWith('Tết') && !x.label.startsWith('Tết Dương lịch'))!;
      for (let d = refNextDay(w.from, -3); d <= refNextDay(w.to, 3); d = refNextDay(d)) {
        expect(alt.isWorkingDay(d), d).toBe(cal.isWorkingDay(d));
      }
    }
  });

  it('the Quốc khánh heuristic reproduces every official adjacent day 2021–2026', () => {
    for (const s of OFFICIAL_SCHEDULES.filter((x) => x.year >= 2021 && x.year <= 2026)) {
      const p = s.placements.find((x) => x.holiday === 'nationalDay')!;
      expect(p.dates).toContain(nationalDayAdjacent(s.year));
    }
  });

  it('applies Labour Code 2012 before 2021 (Quốc khánh 1 day) and 2019 from 2021 (2 days)', () => {
    expect(vietnamHolidays(2020).filter((h) => h.name.startsWith('Quốc khánh'))).toHaveLength(1);
    expect(vietnamHolidays(2027).filter((h) => h.name.startsWith('Quốc khánh'))).toHaveLength(2);
    expect(vietnamHolidays(2010).filter((h) => h.name.startsWith('Tết Âm lịch'))).toHaveLength(4);
    expect(vietnamHolidays(2005).some((h) => h.name.startsWith('Giỗ Tổ'))).toBe(false);
  });
});
