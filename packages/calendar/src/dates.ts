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
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil}: `[year, month, day]`. */
export function civilFromDays(dn: number): [number, number, number] {
  const z = dn + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dn: number): number {
  return (((dn + 4) % 7) + 7) % 7;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function pad4(n: number): string {
  return n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(dn: number): LocalDate {
  const [y, m, d] = civilFromDays(dn);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** Year of a day number. */
export function yearOfDay(dn: number): number {
  return civilFromDays(dn)[0];
}

export function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two ASCII digits at `i` as a number, or -1. */
export function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function num(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const c = digit(s, i + k);
    if (c < 0) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function invalidDate(value: unknown, why: string): CalendarError {
  return new CalendarError('CALENDAR_INVALID_DATE', `Invalid date ${show(value)}: ${why}`, value);
}

// Day number of 1 January for years 1000..2999 (fast path of parsing), and month offsets.
const TABLE_FROM = 1000;
const TABLE_TO = 2999;
const YEAR_START = new Int32Array(TABLE_TO - TABLE_FROM + 2);
for (let y = TABLE_FROM; y <= TABLE_TO + 1; y++) YEAR_START[y - TABLE_FROM] = daysFromCivil(y, 1, 1);
const MONTH_START = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** Parse the `YYYY-MM-DD` prefix of `s` (validated) into a day number; throws on error. */
export function parseDatePart(s: string, original: unknown): number {
  const hi = d2(s, 0);
  const lo = d2(s, 2);
  const m = d2(s, 5);
  const d = d2(s, 8);
  if (hi < 0 || lo < 0 || m < 0 || d < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) {
    throw invalidDate(original, 'expected YYYY-MM-DD (a local date in Asia/Ho_Chi_Minh) or an ISO instant with an offset');
  }
  const y = hi * 100 + lo;
  if (m < 1 || m > 12) throw invalidDate(original, `month ${m} is not 1–12`);
  const leap = (y & 3) === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d < 1 || d > (m === 2 ? (leap ? 29 : 28) : daysInMonth(y, m))) {
    throw invalidDate(original, `day ${d} does not exist in ${pad4(y)}-${pad2(m)}`);
  }
  if (y < TABLE_FROM || y > TABLE_TO) return daysFromCivil(y, m, d);
  return YEAR_START[y - TABLE_FROM]! + MONTH_START[m]! + (leap && m > 2 ? 1 : 0) + d - 1;
}

/** Parse a strict `YYYY-MM-DD` local date into a day number. */
export function parseLocalDate(s: string): number {
  if (typeof s !== 'string' || s.length !== 10) throw invalidDate(s, 'expected YYYY-MM-DD');
  return parseDatePart(s, s);
}

/**
 * Parse a clock time `HH:MM` (00:00–24:00) into minutes since midnight.
 */
export function parseClock(s: unknown, what: string): number {
  if (typeof s !== 'string' || s.length !== 5 || s.charCodeAt(2) !== 58) {
    throw new CalendarError('CALENDAR_INVALID_TIME', `Invalid ${what} ${show(s)}: expected HH:MM`, s);
  }
  const h = num(s, 0, 2);
  const m = num(s, 3, 2);
  if (h < 0 || m < 0 || m > 59 || h > 24 || (h === 24 && m !== 0)) {
    throw new CalendarError('CALENDAR_INVALID_TIME', `Invalid ${what} ${show(s)}: expected HH:MM between 00:00 and 24:00`, s);
  }
  return h * 60 + m;
}

/** `HH:MM` of minutes since midnight. */
export function formatClock(min: number): string {
  return `${pad2(Math.floor(min / 60))}:${pad2(min % 60)}`;
}

/** Vietnamese weekday name (Thứ Hai … Chủ nhật) for 0 = Sunday … 6 = Saturday. */
export const WEEKDAY_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

/** `DD/MM/YYYY`, the Vietnamese way of writing a date, for explanations. */
export function formatVi(dn: number): string {
  const [y, m, d] = civilFromDays(dn);
  return `${pad2(d)}/${pad2(m)}/${pad4(y)}`;
}
