/**
 * Day numbers and local dates in Asia/Ho_Chi_Minh (UTC+7, no DST since
 * 1975); instants live in `instant.ts`. Everything here is plain integer arithmetic: no Intl, no
 * `Date` parsing of user strings.
 *
 * A *day number* is the count of days since 1970-01-01 (the Unix epoch day),
 * so 1970-01-01 is 0 and 2025-01-01 is 20089.
 */
import { CalendarError, show } from './errors';
import type { LocalDate } from './types';

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), integer arithmetic only.
 * @example daysFromCivil(2024, 3, 4) // 19786
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const marchYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchYear / 400);
  const yoe = marchYear - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil}: `[year, month, day]`. */
export function civilFromDays(dn: number): [number, number, number] {
  const shifted = dn + 719468;
  const era = Math.floor(shifted / 146097);
  const doe = shifted - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const marchMonth = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * marchMonth + 2) / 5) + 1;
  const month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dn: number): number {
  return (((dn + 4) % 7) + 7) % 7;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

export function pad4(value: number): string {
  return value < 10 ? `000${value}` : value < 100 ? `00${value}` : value < 1000 ? `0${value}` : String(value);
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(dn: number): LocalDate {
  const [year, month, day] = civilFromDays(dn);
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

/** Year of a day number. */
export function yearOfDay(dn: number): number {
  return civilFromDays(dn)[0];
}

export function digit(text: string, index: number): number {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/** Two ASCII digits at `index` as a number, or -1. */
export function d2(text: string, index: number): number {
  const tens = text.charCodeAt(index) - 48;
  const units = text.charCodeAt(index + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

function num(text: string, index: number, len: number): number {
  let value = 0;
  for (let offset = 0; offset < len; offset++) {
    const code = digit(text, index + offset);
    if (code < 0) return -1;
    value = value * 10 + code;
  }
  return value;
}

export function invalidDate(value: unknown, why: string): CalendarError {
  return new CalendarError('CALENDAR_INVALID_DATE', `Invalid date ${show(value)}: ${why}`, value);
}

// Day number of 1 January for years 1000..2999 (fast path of parsing), and month offsets.
const TABLE_FROM = 1000;
const TABLE_TO = 2999;
const YEAR_START = new Int32Array(TABLE_TO - TABLE_FROM + 2);
for (let year = TABLE_FROM; year <= TABLE_TO + 1; year++) YEAR_START[year - TABLE_FROM] = daysFromCivil(year, 1, 1);
const MONTH_START = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** Parse the `YYYY-MM-DD` prefix of `s` (validated) into a day number; throws on error. */
export function parseDatePart(text: string, original: unknown): number {
  const century = d2(text, 0);
  const yearOfCentury = d2(text, 2);
  const month = d2(text, 5);
  const day = d2(text, 8);
  if (century < 0 || yearOfCentury < 0 || month < 0 || day < 0 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) {
    throw invalidDate(original, 'expected YYYY-MM-DD (a local date in Asia/Ho_Chi_Minh) or an ISO instant with an offset');
  }
  const year = century * 100 + yearOfCentury;
  if (month < 1 || month > 12) throw invalidDate(original, `month ${month} is not 1–12`);
  const leap = (year & 3) === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day < 1 || day > (month === 2 ? (leap ? 29 : 28) : daysInMonth(year, month))) {
    throw invalidDate(original, `day ${day} does not exist in ${pad4(year)}-${pad2(month)}`);
  }
  if (year < TABLE_FROM || year > TABLE_TO) return daysFromCivil(year, month, day);
  return YEAR_START[year - TABLE_FROM]! + MONTH_START[month]! + (leap && month > 2 ? 1 : 0) + day - 1;
}

/** Parse a strict `YYYY-MM-DD` local date into a day number. */
export function parseLocalDate(text: string): number {
  if (typeof text !== 'string' || text.length !== 10) throw invalidDate(text, 'expected YYYY-MM-DD');
  return parseDatePart(text, text);
}

/**
 * Parse a clock time `HH:MM` (00:00–24:00) into minutes since midnight.
 */
export function parseClock(text: unknown, what: string): number {
  if (typeof text !== 'string' || text.length !== 5 || text.charCodeAt(2) !== 58) {
    throw new CalendarError('CALENDAR_INVALID_TIME', `Invalid ${what} ${show(text)}: expected HH:MM`, text);
  }
  const hour = num(text, 0, 2);
  const minute = num(text, 3, 2);
  if (hour < 0 || minute < 0 || minute > 59 || hour > 24 || (hour === 24 && minute !== 0)) {
    throw new CalendarError('CALENDAR_INVALID_TIME', `Invalid ${what} ${show(text)}: expected HH:MM between 00:00 and 24:00`, text);
  }
  return hour * 60 + minute;
}

/** `HH:MM` of minutes since midnight. */
export function formatClock(min: number): string {
  return `${pad2(Math.floor(min / 60))}:${pad2(min % 60)}`;
}

/** Vietnamese weekday name (Thứ Hai … Chủ nhật) for 0 = Sunday … 6 = Saturday. */
export const WEEKDAY_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

/** `DD/MM/YYYY`, the Vietnamese way of writing a date, for explanations. */
export function formatVi(dn: number): string {
  const [year, month, day] = civilFromDays(dn);
  return `${pad2(day)}/${pad2(month)}/${pad4(year)}`;
}
