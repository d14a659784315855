/**
 * The Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's
 * astronomical algorithm ("Thuật toán tính âm lịch",
 * https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html):
 * months start on the local day of the new moon, the 11th month contains the
 * winter solstice, and a leap month is the first month without a major solar
 * term. All "local days" are taken in **UTC+7** (Vietnam), which is why the
 * Vietnamese calendar can differ from the Chinese one (UTC+8). Tết 1985 fell
 * on 21/01/1985 in Vietnam but on 20/02/1985 in China: the winter solstice
 * of December 1984 (about 16:23 UTC on 21/12) was still 21/12 in Hanoi but
 * already 22/12 in Beijing, so the 11th month is the one starting 23/11/1984
 * in UTC+7 but the one starting 22/12/1984 in UTC+8 (China's month starting
 * 23/11/1984 is a leap 10th month). test/lunar.test.ts recomputes both.
 *
 * Valid for years 1800–2199 (the range Hồ Ngọc Đức published tables for).
 */
import { CalendarError } from './errors';
import { civilFromDays, daysFromCivil, formatDay } from './dates';
import { toDayNumber } from './instant';
import type { DateInput, LocalDate } from './types';

/**
 * A lunar date. `leap` is true in a leap month (tháng nhuận).
 *
 * @example
 * ```ts
 * const tet: LunarDate = { day: 1, month: 1, year: 2025, leap: false }; // lunarToSolar(tet) === '2025-01-29'
 * ```
 */
export interface LunarDate {
  day: number;
  month: number;
  /** The lunar year, named by the Gregorian year in which its Tết falls. */
  year: number;
  leap: boolean;
}

const PI = Math.PI;
const INT = Math.floor;
const JD_EPOCH_OFFSET = 2440588; // Julian day number of 1970-01-01

/** Julian day number of a day number (days since 1970-01-01). */
const jdOf = (dn: number): number => dn + JD_EPOCH_OFFSET;
const dnOfJd = (jd: number): number => jd - JD_EPOCH_OFFSET;

/** Julian date of the k-th new moon after 1900-01-01 13:52 UTC (Meeus, as simplified by Hồ Ngọc Đức). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let Jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  Jd1 = Jd1 + 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltat = T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return Jd1 + C1 - deltat;
}

/** Sun's ecliptic longitude (radians, 0..2π) at Julian date `jdn`. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - PI * 2 * INT(L / (PI * 2));
  return L;
}

/** Local Julian day number of the k-th new moon in a time zone (hours east of UTC). */
function newMoonDay(k: number, tz: number): number {
  return INT(newMoon(k) + 0.5 + tz / 24);
}

/** Major solar term index (0..11) in force at local midnight of Julian day `jdn`. */
function sunLongitudeSector(jdn: number, tz: number): number {
  return INT((sunLongitude(jdn - 0.5 - tz / 24) / PI) * 6);
}

/** Julian day number of the first day of the 11th lunar month of Gregorian year `yy`. */
function lunarMonth11(yy: number, tz: number): number {
  const off = jdOf(daysFromCivil(yy, 12, 31)) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = newMoonDay(k, tz);
  const sunLong = sunLongitudeSector(nm, tz);
  if (sunLong >= 9) nm = newMoonDay(k - 1, tz);
  return nm;
}

/** Offset (in months after month 11 starting at `a11`) of the leap month. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, tz), tz);
  do {
    last = arc;
    i++;
    arc = sunLongitudeSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

function checkYear(y: number, what: string): void {
  if (!Number.isInteger(y) || y < 1800 || y > 2199) {
    throw new CalendarError('CALENDAR_OUT_OF_RANGE', `${what}: year ${y} is outside 1800–2199, where the lunar algorithm is validated`, y);
  }
}

/**
 * Convert a solar (Gregorian) date to the lunar date, in time zone `tz`
 * (hours; default 7 for Vietnam, use 8 for the Chinese calendar).
 *
 * @example
 * ```ts
 * import { solarToLunar } from '@motcua/calendar';
 * solarToLunar('2026-04-26'); // { day: 10, month: 3, year: 2026, leap: false } (Giỗ Tổ)
 * ```
 */
export function solarToLunar(date: DateInput, tz = 7): LunarDate {
  const dn = toDayNumber(date);
  const yy = civilFromDays(dn)[0];
  checkYear(yy, 'solarToLunar');
  const dayNumber = jdOf(dn);
  const k = INT((dayNumber - 2415021.076998695) / 29.530588853);
  // The mean-month estimate k can be one lunation off near a new moon (e.g.
  // 09/04/2062, where Hồ Ngọc Đức's one-step correction gives day 0): walk
  // to the last new moon on or before the day.
  let kk = k + 1;
  let monthStart = newMoonDay(kk, tz);
  while (monthStart > dayNumber) monthStart = newMoonDay(--kk, tz);
  for (let next = newMoonDay(kk + 1, tz); next <= dayNumber; next = newMoonDay(++kk + 1, tz)) monthStart = next;
  let a11 = lunarMonth11(yy, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = lunarMonth11(yy - 1, tz);
  } else {
    lunarYear = yy + 1;
    b11 = lunarMonth11(yy + 1, tz);
  }
  const day = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day, month, year: lunarYear, leap };
}

/**
 * Convert a lunar date to its solar (Gregorian) local date, in time zone `tz`
 * (default 7). Throws if the date does not exist (e.g. a leap month that the
 * year does not have, or day 30 of a 29-day month).
 *
 * @example
 * ```ts
 * import { lunarToSolar } from '@motcua/calendar';
 * lunarToSolar({ day: 1, month: 1, year: 2025, leap: false }); // '2025-01-29' (Tết Ất Tỵ)
 * ```
 */
export function lunarToSolar(date: LunarDate, tz = 7): LocalDate {
  return formatDay(lunarToDayNumber(date, tz));
}

/** Day number (days since 1970-01-01) of a lunar date; see {@link lunarToSolar}. */
export function lunarToDayNumber(date: LunarDate, tz = 7): number {
  const { day, month, year, leap } = date;
  checkYear(year, 'lunarToSolar');
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new CalendarError('CALENDAR_INVALID_DATE', `Invalid lunar date ${day}/${month}/${year}`, date);
  }
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, tz);
    b11 = lunarMonth11(year, tz);
  } else {
    a11 = lunarMonth11(year, tz);
    b11 = lunarMonth11(year + 1, tz);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) {
      throw new CalendarError('CALENDAR_INVALID_DATE', `Lunar year ${year} has no leap month ${month}`, date);
    } else if (leap || off >= leapOff) {
      off += 1;
    }
  } else if (leap) {
    throw new CalendarError('CALENDAR_INVALID_DATE', `Lunar year ${year} has no leap month`, date);
  }
  const monthStart = newMoonDay(k + off, tz);
  const next = newMoonDay(k + off + 1, tz);
  if (day > next - monthStart) {
    throw new CalendarError('CALENDAR_INVALID_DATE', `Lunar month ${month}${leap ? ' (nhuận)' : ''}/${year} has only ${next - monthStart} days`, date);
  }
  return dnOfJd(monthStart + day - 1);
}

/**
 * Tết Nguyên đán (1st day of the 1st lunar month) of Gregorian year `year`,
 * computed for UTC+7.
 *
 * @example
 * ```ts
 * import { lunarNewYear } from '@motcua/calendar';
 * lunarNewYear(2026); // '2026-02-17'
 * lunarNewYear(1985); // '1985-01-21' (China, UTC+8: lunarNewYear(1985, 8) === '1985-02-20')
 * ```
 */
export function lunarNewYear(year: number, tz = 7): LocalDate {
  return lunarToSolar({ day: 1, month: 1, year, leap: false }, tz);
}

/**
 * Giỗ Tổ Hùng Vương (10th day of the 3rd lunar month; in a year with a leap
 * 3rd month, the regular month) of Gregorian year `year`, for UTC+7.
 *
 * @example
 * ```ts
 * import { hungKingsDay } from '@motcua/calendar';
 * hungKingsDay(2026); // '2026-04-26' (a Sunday: compensatory day Monday 27/04)
 * ```
 */
export function hungKingsDay(year: number, tz = 7): LocalDate {
  return lunarToSolar({ day: 10, month: 3, year, leap: false }, tz);
}
