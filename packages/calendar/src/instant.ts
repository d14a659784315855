/**
 * Instants — the one module of motcua that reads, writes, validates and
 * compares points in time. `@motcua/core` and `@motcua/projections` re-export
 * it; nothing else formats an instant.
 *
 * **The canonical form** is `YYYY-MM-DDTHH:MM:SS.sss+07:00`: Vietnam time
 * (Asia/Ho_Chi_Minh, UTC+07:00, no DST), always with milliseconds, local
 * years 0000–9999. It is what every function here produces (event metadata,
 * `Due.at`, alert instants, traces), and two canonical strings order as text
 * exactly as the instants they name; the local date (ngày) is the first 10
 * characters. Any ISO-8601 instant with an offset is accepted as input.
 */
import { CalendarError, show } from './errors';
import { d2, daysFromCivil, digit, formatDay, invalidDate, pad2, parseDatePart } from './dates';
import type { DateInput, Instant, LocalDate } from './types';

/** Vietnam's fixed UTC offset in milliseconds (UTC+7). */
export const VN_OFFSET_MS = 7 * 3_600_000;
/** Milliseconds in a day (86 400 000). */
export const DAY_MS = 86_400_000;

/** Length of a canonical instant (`2023-10-27T09:32:00.000+07:00`). */
export const CANONICAL_LENGTH = 29;

/** Earliest and latest instants the canonical form can write: local (UTC+07:00) years 0000–9999. */
export const MIN_INSTANT_MS = daysFromCivil(0, 1, 1) * DAY_MS - VN_OFFSET_MS;
/** Latest instant the canonical form can write: 9999-12-31T23:59:59.999+07:00. */
export const MAX_INSTANT_MS = daysFromCivil(10000, 1, 1) * DAY_MS - VN_OFFSET_MS - 1;

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && !leap ? 28 : DAYS_IN_MONTH[month]!;
}

/**
 * True if `s` is in the canonical form (`YYYY-MM-DDTHH:MM:SS.sss+07:00`, a
 * real calendar day and time). Such strings need no parsing to compare.
 *
 * @example isCanonicalInstant('2023-10-27T09:32:00.000+07:00') // true
 */
export function isCanonicalInstant(text: string): boolean {
  if (typeof text !== 'string' || text.length !== CANONICAL_LENGTH || !text.endsWith('+07:00')) return false;
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46
  )
    return false;
  const century = d2(text, 0);
  const yearOfCentury = d2(text, 2);
  const month = d2(text, 5);
  const day = d2(text, 8);
  const hour = d2(text, 11);
  const minute = d2(text, 14);
  const second = d2(text, 17);
  if (century < 0 || yearOfCentury < 0 || d2(text, 20) < 0 || digit(text, 22) < 0) return false;
  if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  return day <= daysIn(century * 100 + yearOfCentury, month);
}

/** Shape-only check of two canonical strings (length, `.` and `+07:00`), for comparisons. */
function bothCanonicalShaped(left: string, right: string): boolean {
  return (
    left.length === CANONICAL_LENGTH &&
    right.length === CANONICAL_LENGTH &&
    left.charCodeAt(19) === 46 &&
    right.charCodeAt(19) === 46 &&
    left.endsWith('+07:00') &&
    right.endsWith('+07:00')
  );
}

/**
 * Epoch ms of a canonical instant whose offset sign stands at `signAt`
 * (time fields at 11, 14, 17), plus `fraction` ms; NaN when the text is not
 * in that exact form (the general parser then decides).
 */
function canonicalInstantMs(text: string, signAt: number, fraction: number): number {
  const hh = d2(text, 11);
  const mi = d2(text, 14);
  const ss = d2(text, 17);
  const oh = d2(text, signAt + 1);
  const om = d2(text, signAt + 4);
  const sign = text.charCodeAt(signAt);
  const wellFormed =
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(signAt + 3) === 58 &&
    (sign === 43 || sign === 45) &&
    hh >= 0 &&
    hh <= 23 &&
    mi >= 0 &&
    mi <= 59 &&
    ss >= 0 &&
    ss <= 59 &&
    oh >= 0 &&
    oh <= 23 &&
    om >= 0 &&
    om <= 59;
  if (!wellFormed) return Number.NaN;
  const offset = (sign === 43 ? 1 : -1) * (oh * 60 + om);
  return parseDatePart(text, text) * DAY_MS + ((hh * 60 + mi - offset) * 60 + ss) * 1000 + fraction;
}

/**
 * Parse an ISO-8601 instant that carries an offset:
 * `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)`. Returns epoch milliseconds.
 * A string without an offset is rejected: it does not name an instant.
 */
export function parseInstant(text: string): number {
  if (typeof text !== 'string') throw invalidDate(text, 'expected an ISO instant string');
  const length = text.length;
  // Fast paths for the canonical forms YYYY-MM-DDTHH:MM:SS±HH:MM and YYYY-MM-DDTHH:MM:SS.sss±HH:MM.
  if (length === 25) {
    const ms = canonicalInstantMs(text, 19, 0);
    if (!Number.isNaN(ms)) return ms;
  }
  if (length === 29 && text.charCodeAt(19) === 46 && digit(text, 22) >= 0) {
    const fraction = d2(text, 20) * 10 + digit(text, 22);
    const ms = fraction >= 0 ? canonicalInstantMs(text, 23, fraction) : Number.NaN;
    if (!Number.isNaN(ms)) return ms;
  }
  if (length < 17 || (text.charCodeAt(10) !== 84 && text.charCodeAt(10) !== 116)) {
    throw invalidDate(text, 'expected YYYY-MM-DD or an ISO instant such as 2023-10-27T09:32:00.000+07:00');
  }
  const dn = parseDatePart(text, text);
  const hh = d2(text, 11);
  const mi = d2(text, 14);
  if (hh < 0 || mi < 0 || text.charCodeAt(13) !== 58) throw invalidDate(text, 'expected a time HH:MM after "T"');
  if (hh > 23 || mi > 59) throw invalidDate(text, `time ${pad2(hh)}:${pad2(mi)} is out of range`);
  let index = 16;
  let sec = 0;
  let ms = 0;
  if (text.charCodeAt(index) === 58) {
    sec = d2(text, index + 1);
    if (sec < 0 || sec > 59) throw invalidDate(text, 'seconds must be 00–59');
    index += 3;
    if (text.charCodeAt(index) === 46 || text.charCodeAt(index) === 44) {
      index++;
      let digits = 0;
      let frac = 0;
      while (index < length && digit(text, index) >= 0) {
        if (digits < 3) frac = frac * 10 + digit(text, index);
        digits++;
        index++;
      }
      if (digits === 0) throw invalidDate(text, 'empty fraction of a second');
      for (let place = Math.min(digits, 3); place < 3; place++) frac *= 10;
      ms = frac;
    }
  }
  let offsetMin: number;
  const code = text.charCodeAt(index);
  if ((code === 90 || code === 122) && index + 1 === length) {
    offsetMin = 0;
  } else if (code === 43 || code === 45) {
    const sign = code === 43 ? 1 : -1;
    const oh = d2(text, index + 1);
    let om: number;
    if (text.charCodeAt(index + 3) === 58 && index + 6 === length) om = d2(text, index + 4);
    else if (index + 5 === length) om = d2(text, index + 3);
    else throw invalidDate(text, 'malformed UTC offset (expected ±HH:MM)');
    if (oh < 0 || om < 0 || oh > 23 || om > 59) throw invalidDate(text, 'malformed UTC offset (expected ±HH:MM)');
    offsetMin = sign * (oh * 60 + om);
  } else if (index === length) {
    throw invalidDate(text, 'an instant needs a UTC offset (e.g. +07:00 or Z); give a plain YYYY-MM-DD for a local date');
  } else {
    throw invalidDate(text, 'unexpected characters after the time');
  }
  return dn * DAY_MS + ((hh * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms;
}

/** Epoch milliseconds of an instant-like input (`Date` or ISO string with offset); throws a `CalendarError`. */
export function instantMs(input: Date | string): number {
  if (input instanceof Date) {
    const ms = input.getTime();
    if (Number.isNaN(ms)) throw invalidDate(input, 'the Date is invalid');
    return ms;
  }
  return parseInstant(input);
}

/** Epoch milliseconds of an ISO instant string, or `NaN` if it is not one (never throws). */
export function instantMsOrNaN(text: string): number {
  try {
    return parseInstant(text);
  } catch {
    return Number.NaN;
  }
}

const ISO_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * True if `s` is an ISO-8601 instant with an explicit offset or `Z`
 * (`YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)`) that names a real calendar
 * day and time (no 30 February, no 24:00, no second 60, offset at most
 * ±23:59) and lies in local years 0000–9999, so that its canonical form has a
 * four-digit year and orders as text.
 *
 * @example isInstantString('2024-02-30T09:00:00.000+07:00') // false
 */
export function isInstantString(text: string): boolean {
  if (isCanonicalInstant(text)) return true;
  if (typeof text !== 'string' || text.length > 40) return false;
  const parts = ISO_PARTS.exec(text);
  if (!parts) return false;
  const ms = instantMsOrNaN(text);
  return ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}

/**
 * True if `s` is a real `YYYY-MM-DD` calendar day (no 31 April, no 29 February of a common year).
 * @example isLocalDateString('2023-02-29') // false
 */
export function isLocalDateString(text: string): boolean {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const century = d2(text, 0);
  const yearOfCentury = d2(text, 2);
  const month = d2(text, 5);
  const day = d2(text, 8);
  return century >= 0 && yearOfCentury >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(century * 100 + yearOfCentury, month);
}

/** Local day number (Asia/Ho_Chi_Minh) of epoch milliseconds. */
export function localDayOfMs(ms: number): number {
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since local midnight of epoch milliseconds. */
export function localMsOfDay(ms: number): number {
  const local = ms + VN_OFFSET_MS;
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

/** Epoch milliseconds of local midnight of a day number. */
export function midnightMs(dn: number): number {
  return dn * DAY_MS - VN_OFFSET_MS;
}

/** `HH:MM:SS.sss` of ms since local midnight (0 ≤ msOfDay < 24 h). */
function clockOf(msOfDay: number): string {
  const totalSec = Math.floor(msOfDay / 1000);
  const frac = msOfDay - totalSec * 1000;
  const hour = Math.floor(totalSec / 3600);
  const minute = Math.floor((totalSec % 3600) / 60);
  const second = totalSec % 60;
  return `${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}`;
}

/**
 * The canonical instant of epoch milliseconds (fractions of a millisecond are
 * dropped, as `Date` does). Throws `CALENDAR_OUT_OF_RANGE` outside local years 0000–9999.
 *
 * @example formatInstant(Date.UTC(2023, 10, 3, 10)) // '2023-11-03T17:00:00.000+07:00'
 */
export function formatInstant(ms: number): Instant {
  if (!(ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS)) {
    throw new CalendarError('CALENDAR_OUT_OF_RANGE', `Instant ${show(ms)} is not a time in the years 0000–9999`, ms);
  }
  const whole = Math.floor(ms);
  const dn = localDayOfMs(whole);
  return `${formatDay(dn)}T${clockOf(whole - midnightMs(dn))}+07:00`;
}

/** The canonical instant of a local day and ms since its midnight. */
export function formatLocal(dayString: LocalDate, msOfDay: number): Instant {
  return `${dayString}T${clockOf(msOfDay)}+07:00`;
}

/**
 * Normalise a `Date`, epoch milliseconds or ISO instant to the canonical
 * form; a canonical string is returned as is. Throws a `CalendarError` for an
 * invalid input (`CALENDAR_INVALID_DATE`) or one outside the years 0000–9999
 * (`CALENDAR_OUT_OF_RANGE`).
 *
 * @example toVietnamInstant('2023-10-27T02:32:00Z') // '2023-10-27T09:32:00.000+07:00'
 */
export function toVietnamInstant(input: Date | string | number): Instant {
  if (typeof input === 'string' && isCanonicalInstant(input)) return input;
  if (typeof input === 'number' && Number.isNaN(input)) throw invalidDate(input, 'not a number of milliseconds');
  return formatInstant(typeof input === 'number' ? input : instantMs(input));
}

/**
 * Local date (YYYY-MM-DD, Asia/Ho_Chi_Minh) of an instant; a `+07:00`
 * string is read without parsing.
 * @example localDateOf('2023-10-27T20:00:00Z') // '2023-10-28'
 */
export function localDateOf(input: Date | string): LocalDate {
  return (typeof input === 'string' && input.endsWith('+07:00') && input.length >= 10 ? input : toVietnamInstant(input)).slice(0, 10);
}

/**
 * Order two instant strings: negative if `a` is earlier, 0 if the same
 * instant, positive if later (`NaN` if either is not an instant). Two
 * canonical strings compare as text without parsing.
 *
 * @example compareInstants('2024-03-04T09:00:00.000+07:00', '2024-03-04T02:00:00Z') // 0
 */
export function compareInstants(left: string, right: string): number {
  if (bothCanonicalShaped(left, right)) return left < right ? -1 : left > right ? 1 : 0;
  return instantMsOrNaN(left) - instantMsOrNaN(right);
}

/**
 * Local day number of an instant string (days since 1970-01-01 in
 * Asia/Ho_Chi_Minh). A `YYYY-MM-DD…+07:00` string is trusted (its first 10
 * characters are read, not validated: for instants the engine wrote); any
 * other is parsed, and one that is not an instant throws a `CalendarError` —
 * e.g. `+010000-01-01T18:59:59.+07:00`, which engines before the year bound
 * (issue #10 item 20) stored: read as a date prefix it gave a day in year
 * −4900 that every report counted as carried over.
 *
 * @example dayOfInstant('2024-03-04T09:00:00.000+07:00') // 19786
 */
export function dayOfInstant(text: string): number {
  if (text.endsWith('+07:00') && isDigit(text.charCodeAt(0)) && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) return dayOfDatePrefix(text);
  return localDayOfMs(parseInstant(text));
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/** Day number of a trusted `YYYY-MM-DD…` prefix (no validation; for event data). */
export function dayOfDatePrefix(text: string): number {
  const zero = 48;
  const year = (text.charCodeAt(0) - zero) * 1000 + (text.charCodeAt(1) - zero) * 100 + (text.charCodeAt(2) - zero) * 10 + (text.charCodeAt(3) - zero);
  const month = (text.charCodeAt(5) - zero) * 10 + (text.charCodeAt(6) - zero);
  const day = (text.charCodeAt(8) - zero) * 10 + (text.charCodeAt(9) - zero);
  return daysFromCivil(year, month, day);
}

/** Day number of any {@link DateInput}: a local date, a `Date`, or an ISO instant (its local day). */
export function toDayNumber(input: DateInput): number {
  if (typeof input === 'string') {
    const length = input.length;
    if (length === 10) return parseDatePart(input, input);
    if ((length === 25 || length === CANONICAL_LENGTH) && input.endsWith('+07:00') && input.charCodeAt(10) === 84 && input.charCodeAt(13) === 58 && input.charCodeAt(16) === 58) {
      // `…+07:00`: the local date is the date part; still validate the clock.
      const hour = d2(input, 11);
      const minute = d2(input, 14);
      const second = d2(input, 17);
      const fractionOk = length === 25 || (input.charCodeAt(19) === 46 && d2(input, 20) >= 0 && digit(input, 22) >= 0);
      if (fractionOk && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) return parseDatePart(input, input);
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
