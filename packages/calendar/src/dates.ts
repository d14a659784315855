/**
 * Day numbers, local dates and instants in Asia/Ho_Chi_Minh (UTC+7, no DST
 * since 1975). Everything here is plain integer arithmetic: no Intl, no
 * `Date` parsing of user strings.
 *
 * A *day number* is the count of days since 1970-01-01 (the Unix epoch day),
 * so 1970-01-01 is 0 and 2025-01-01 is 20089.
 */
import { CalendarError, show } from './errors';
import type { DateInput, Instant, LocalDate } from './types';

/** Vietnam's fixed UTC offset in milliseconds (UTC+7). */
export const VN_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

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

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
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

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two ASCII digits at `i` as a number, or -1. */
function d2(s: string, i: number): number {
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

function invalidDate(value: unknown, why: string): CalendarError {
  return new CalendarError('CALENDAR_INVALID_DATE', `Invalid date ${show(value)}: ${why}`, value);
}

// Day number of 1 January for years 1000..2999 (fast path of parsing), and month offsets.
const TABLE_FROM = 1000;
const TABLE_TO = 2999;
const YEAR_START = new Int32Array(TABLE_TO - TABLE_FROM + 2);
for (let y = TABLE_FROM; y <= TABLE_TO + 1; y++) YEAR_START[y - TABLE_FROM] = daysFromCivil(y, 1, 1);
const MONTH_START = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** Parse the `YYYY-MM-DD` prefix of `s` (validated) into a day number; throws on error. */
function parseDatePart(s: string, original: unknown): number {
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
 * Parse an ISO-8601 instant that carries an offset:
 * `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)`. Returns epoch milliseconds.
 * A string without an offset is rejected: it does not name an instant.
 */
export function parseInstant(s: string): number {
  if (typeof s !== 'string') throw invalidDate(s, 'expected an ISO instant string');
  const n = s.length;
  if (n === 25) {
    // Fast path for the canonical form YYYY-MM-DDTHH:MM:SS±HH:MM.
    const hh = d2(s, 11);
    const mi = d2(s, 14);
    const ss = d2(s, 17);
    const oh = d2(s, 20);
    const om = d2(s, 23);
    const sign = s.charCodeAt(19);
    if (
      s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && s.charCodeAt(22) === 58 &&
      (sign === 43 || sign === 45) && hh >= 0 && hh <= 23 && mi >= 0 && mi <= 59 && ss >= 0 && ss <= 59 &&
      oh >= 0 && oh <= 23 && om >= 0 && om <= 59
    ) {
      const off = (sign === 43 ? 1 : -1) * (oh * 60 + om);
      return parseDatePart(s, s) * DAY_MS + ((hh * 60 + mi - off) * 60 + ss) * 1000;
    }
  }
  if (n === 29 && s.charCodeAt(19) === 46) {
    // Fast path for the engine's canonical form YYYY-MM-DDTHH:MM:SS.sss±HH:MM.
    const hh = d2(s, 11);
    const mi = d2(s, 14);
    const ss = d2(s, 17);
    const ms = d2(s, 20) * 10 + digit(s, 22);
    const oh = d2(s, 24);
    const om = d2(s, 27);
    const sign = s.charCodeAt(23);
    if (
      s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && s.charCodeAt(26) === 58 &&
      (sign === 43 || sign === 45) && hh >= 0 && hh <= 23 && mi >= 0 && mi <= 59 && ss >= 0 && ss <= 59 &&
      ms >= 0 && digit(s, 22) >= 0 && oh >= 0 && oh <= 23 && om >= 0 && om <= 59
    ) {
      const off = (sign === 43 ? 1 : -1) * (oh * 60 + om);
      return parseDatePart(s, s) * DAY_MS + ((hh * 60 + mi - off) * 60 + ss) * 1000 + ms;
    }
  }
  if (n < 17 || (s.charCodeAt(10) !== 84 && s.charCodeAt(10) !== 116)) {
    throw invalidDate(s, 'expected YYYY-MM-DD or an ISO instant such as 2023-10-27T09:32:00+07:00');
  }
  const dn = parseDatePart(s, s);
  const hh = d2(s, 11);
  const mi = d2(s, 14);
  if (hh < 0 || mi < 0 || s.charCodeAt(13) !== 58) throw invalidDate(s, 'expected a time HH:MM after "T"');
  if (hh > 23 || mi > 59) throw invalidDate(s, `time ${pad2(hh)}:${pad2(mi)} is out of range`);
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = d2(s, i + 1);
    if (sec < 0 || sec > 59) throw invalidDate(s, 'seconds must be 00–59');
    i += 3;
    if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
      i++;
      let k = 0;
      let frac = 0;
      while (i < n && digit(s, i) >= 0) {
        if (k < 3) frac = frac * 10 + digit(s, i);
        k++;
        i++;
      }
      if (k === 0) throw invalidDate(s, 'empty fraction of a second');
      for (let z = Math.min(k, 3); z < 3; z++) frac *= 10;
      ms = frac;
    }
  }
  let offsetMin: number;
  const c = s.charCodeAt(i);
  if ((c === 90 || c === 122) && i + 1 === n) {
    offsetMin = 0;
  } else if (c === 43 || c === 45) {
    const sign = c === 43 ? 1 : -1;
    const oh = d2(s, i + 1);
    let om: number;
    if (s.charCodeAt(i + 3) === 58 && i + 6 === n) om = d2(s, i + 4);
    else if (i + 5 === n) om = d2(s, i + 3);
    else throw invalidDate(s, 'malformed UTC offset (expected ±HH:MM)');
    if (oh < 0 || om < 0 || oh > 23 || om > 59) throw invalidDate(s, 'malformed UTC offset (expected ±HH:MM)');
    offsetMin = sign * (oh * 60 + om);
  } else if (i === n) {
    throw invalidDate(s, 'an instant needs a UTC offset (e.g. +07:00 or Z); give a plain YYYY-MM-DD for a local date');
  } else {
    throw invalidDate(s, 'unexpected characters after the time');
  }
  return dn * DAY_MS + ((hh * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms;
}

/** Epoch milliseconds of an instant-like input (`Date` or ISO string with offset). */
export function instantMs(input: Date | string): number {
  if (input instanceof Date) {
    const t = input.getTime();
    if (Number.isNaN(t)) throw invalidDate(input, 'the Date is invalid');
    return t;
  }
  return parseInstant(input);
}

/** True if the input string is a plain local date (`YYYY-MM-DD`). */
export function isLocalDateString(input: unknown): input is string {
  return typeof input === 'string' && input.length === 10;
}

/** Local day number (Asia/Ho_Chi_Minh) of epoch milliseconds. */
export function localDayOfMs(ms: number): number {
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since local midnight of epoch milliseconds. */
export function localMsOfDay(ms: number): number {
  const l = ms + VN_OFFSET_MS;
  return l - Math.floor(l / DAY_MS) * DAY_MS;
}

/** Epoch milliseconds of local midnight of a day number. */
export function midnightMs(dn: number): number {
  return dn * DAY_MS - VN_OFFSET_MS;
}

/** Day number of any {@link DateInput}: a local date, a `Date`, or an ISO instant (its local day). */
export function toDayNumber(input: DateInput): number {
  if (typeof input === 'string') {
    const n = input.length;
    if (n === 10) return parseDatePart(input, input);
    if (
      n === 25 &&
      input.charCodeAt(19) === 43 && input.charCodeAt(20) === 48 && input.charCodeAt(21) === 55 &&
      input.charCodeAt(22) === 58 && input.charCodeAt(23) === 48 && input.charCodeAt(24) === 48 &&
      input.charCodeAt(10) === 84 && input.charCodeAt(13) === 58 && input.charCodeAt(16) === 58
    ) {
      // `…+07:00`: the local date is the date part; still validate the clock.
      const hh = d2(input, 11);
      const mi = d2(input, 14);
      const ss = d2(input, 17);
      if (hh >= 0 && hh <= 23 && mi >= 0 && mi <= 59 && ss >= 0 && ss <= 59) return parseDatePart(input, input);
    }
    return localDayOfMs(parseInstant(input));
  }
  if (input instanceof Date) return localDayOfMs(instantMs(input));
  throw invalidDate(input, 'expected a YYYY-MM-DD string, a Date, or an ISO instant string');
}

/**
 * Epoch milliseconds of an instant-like {@link DateInput}. A plain local date
 * means local midnight (00:00+07:00) of that day.
 */
export function toMs(input: DateInput): number {
  if (typeof input === 'string' && input.length === 10) return midnightMs(parseDatePart(input, input));
  if (typeof input === 'string' || input instanceof Date) return instantMs(input);
  throw invalidDate(input, 'expected a YYYY-MM-DD string, a Date, or an ISO instant string');
}

/** `HH:MM:SS[.fff]` suffix for ms since local midnight. */
function clock(msOfDay: number): string {
  const totalSec = Math.floor(msOfDay / 1000);
  const frac = msOfDay - totalSec * 1000;
  const h = Math.floor(totalSec / 3600);
  const mi = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  const base = `${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  return frac === 0 ? base : `${base}.${String(frac).padStart(3, '0')}`;
}

/** ISO string with `+07:00` of epoch milliseconds, e.g. `2023-11-03T17:00:00+07:00`. */
export function formatInstant(ms: number): Instant {
  const dn = localDayOfMs(ms);
  return `${formatDay(dn)}T${clock(ms - midnightMs(dn))}+07:00`;
}

/** ISO string with `+07:00` of a local day and ms since its midnight. */
export function formatLocal(dayString: LocalDate, msOfDay: number): Instant {
  return `${dayString}T${clock(msOfDay)}+07:00`;
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
