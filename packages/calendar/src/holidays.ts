/**
 * Vietnam's statutory public holidays (ngày nghỉ lễ, Tết) for a Gregorian
 * year, placed either by a bundled official schedule or by documented
 * fallback heuristics.
 *
 * - BLLĐ 2019 Điều 112 (years ≥ 2021): Tết Dương lịch 1, Tết Âm lịch 5,
 *   30/4 1, 1/5 1, Quốc khánh 2 (02/9 + one adjacent day), Giỗ Tổ 1 (10/3 âm lịch).
 * - BLLĐ 2012 Điều 115 (2014–2020): the same but Quốc khánh 1 day.
 * - BLLĐ 1994 as amended (≤ 2013; Tết 2013 fell before BLLĐ 2012 took
 *   effect on 01/05/2013): Tết 4 days, Giỗ Tổ from 2007. Approximate.
 */
import { daysFromCivil, formatDay, weekdayOf } from './dates';
import { lunarToDayNumber, solarToLunar } from './lunar';
import type { OfficialYear } from './official/types';
import type { HolidayInput, LocalDate } from './types';

/**
 * Fallback placement of the Tết days when no official schedule is bundled:
 * - `lastDayPlus4` (default, as npm `date-holidays`): the last day of the old
 *   lunar year + mùng 1–4;
 * - `twoBeforeThreeAfter`: the two last days of the old year + mùng 1–3
 *   (what the government chose in 2018–2021, 2023, 2024 and 2025).
 *
 * @example
 * ```ts
 * vietnamCalendar({ official: false, tetRule: 'twoBeforeThreeAfter' }).isWorkingDay('2024-02-08'); // false
 * ```
 */
export type TetRule = 'lastDayPlus4' | 'twoBeforeThreeAfter';

/**
 * Options of {@link vietnamHolidays}.
 *
 * @example
 * ```ts
 * vietnamHolidays(2024, { tetRule: 'twoBeforeThreeAfter' }).filter((h) => h.name.startsWith('Tết Âm lịch')).map((h) => h.date);
 * // ['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12']
 * ```
 */
export interface VietnamHolidayOptions {
  /** Fallback Tết placement (default `lastDayPlus4`). */
  tetRule?: TetRule;
  /** Official schedules whose placements win over the heuristics (default: none). */
  schedules?: readonly OfficialYear[];
}

const LUNAR_DAY_NAMES = (dn: number): string => {
  const lunar = solarToLunar(formatDay(dn));
  if (lunar.month === 1) return `mùng ${lunar.day} Tết`;
  return `${lunar.day} tháng Chạp`;
};

function codeFor(year: number): { code: string; art: string; tetDays: number; nationalDays: number; hungKings: boolean } {
  if (year >= 2021) return { code: 'BLLĐ 2019', art: 'Điều 112', tetDays: 5, nationalDays: 2, hungKings: true };
  if (year >= 2014) return { code: 'BLLĐ 2012', art: 'Điều 115', tetDays: 5, nationalDays: 1, hungKings: true };
  return { code: 'BLLĐ 1994 (sửa đổi)', art: 'Điều 73', tetDays: 4, nationalDays: 1, hungKings: year >= 2007 };
}

/**
 * The adjacent Quốc khánh day chosen when no schedule is bundled: 03/09 when
 * 02/09 is a Monday or Thursday (bridging to the weekend, or because 01/09 is
 * a Sunday), otherwise 01/09. This reproduces every official choice 2021–2026
 * (2021 Thu→03, 2022 Fri→01, 2023 Sat→01, 2024 Mon→03, 2025 Tue→01, 2026 Wed→01).
 *
 * @example
 * ```ts
 * import { nationalDayAdjacent } from '@motcua/calendar';
 * nationalDayAdjacent(2025); // '2025-09-01' (02/09 is a Tuesday)
 * nationalDayAdjacent(2027); // '2027-09-03' (02/09 is a Thursday)
 * ```
 */
export function nationalDayAdjacent(year: number): LocalDate {
  const wd = weekdayOf(daysFromCivil(year, 9, 2));
  return formatDay(daysFromCivil(year, 9, wd === 1 || wd === 4 ? 3 : 1));
}

/**
 * The statutory holidays of Vietnam for one Gregorian year, each with its
 * legal basis and how its date was placed (`fixed`, `lunar`, `official`,
 * `heuristic`). Compensatory days are not included (the calendar adds them).
 *
 * @example
 * ```ts
 * import { vietnamHolidays } from '@motcua/calendar';
 * vietnamHolidays(2026).find((h) => h.name.startsWith('Giỗ Tổ'))?.date; // '2026-04-26'
 * ```
 */
export function vietnamHolidays(year: number, opts: VietnamHolidayOptions = {}): HolidayInput[] {
  const law = codeFor(year);
  const basis = `${law.code} ${law.art}`;
  const schedule = opts.schedules?.find((s) => s.year === year);
  const out: HolidayInput[] = [];
  const fixed = (month: number, day: number, name: string): void => {
    out.push({ date: formatDay(daysFromCivil(year, month, day)), name, basis, placement: 'fixed' });
  };

  fixed(1, 1, 'Tết Dương lịch (01/01)');

  // Tết Âm lịch
  const tetPlacement = schedule?.placements.find((p) => p.holiday === 'tet');
  if (tetPlacement) {
    for (const date of tetPlacement.dates) {
      out.push({
        date,
        name: `Tết Âm lịch (${LUNAR_DAY_NAMES(daysFromCivil(+date.slice(0, 4), +date.slice(5, 7), +date.slice(8, 10)))})`,
        basis: `${basis}; ngày nghỉ do Thủ tướng quyết định`,
        placement: 'official',
        source: tetPlacement.source,
        confidence: tetPlacement.confidence,
      });
    }
  } else {
    const newYear = lunarToDayNumber({ day: 1, month: 1, year, leap: false });
    const rule = opts.tetRule ?? 'lastDayPlus4';
    const before = rule === 'twoBeforeThreeAfter' ? 2 : 1;
    for (let i = -before; i < law.tetDays - before; i++) {
      out.push({
        date: formatDay(newYear + i),
        name: `Tết Âm lịch (${LUNAR_DAY_NAMES(newYear + i)})`,
        basis,
        placement: 'heuristic',
        confidence: 'unconfirmed',
      });
    }
  }

  if (law.hungKings) {
    out.push({
      date: formatDay(lunarToDayNumber({ day: 10, month: 3, year, leap: false })),
      name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      basis,
      placement: 'lunar',
    });
  }
  fixed(4, 30, 'Ngày Chiến thắng (30/4)');
  fixed(5, 1, 'Ngày Quốc tế lao động (01/5)');

  if (law.nationalDays === 1) {
    fixed(9, 2, 'Quốc khánh (02/9)');
  } else {
    const qk = schedule?.placements.find((p) => p.holiday === 'nationalDay');
    if (qk) {
      for (const date of qk.dates) {
        out.push({
          date,
          name: date.endsWith('-09-02') ? 'Quốc khánh (02/9)' : 'Quốc khánh (ngày liền kề)',
          basis: `${basis}; ngày nghỉ do Thủ tướng quyết định`,
          placement: 'official',
          source: qk.source,
          confidence: qk.confidence,
        });
      }
    } else {
      fixed(9, 2, 'Quốc khánh (02/9)');
      out.push({
        date: nationalDayAdjacent(year),
        name: 'Quốc khánh (ngày liền kề)',
        basis,
        placement: 'heuristic',
        confidence: 'unconfirmed',
      });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
