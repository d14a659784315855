/**
 * Instants in motcua are ISO-8601 strings in Vietnam time (UTC+07:00, no DST),
 * e.g. `2023-10-27T09:32:00.000+07:00`. One fixed format makes them readable,
 * comparable as strings, and keeps the local date (ngày) as the first 10 characters.
 */
const OFFSET_MS = 7 * 3600_000;

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100;
};
const d2 = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * True if `s` is already in the canonical form (`YYYY-MM-DDTHH:MM:SS.sss+07:00`,
 * a real calendar day): what the engine writes and most callers pass back.
 * Such strings need no parsing and re-formatting.
 */
function isCanonical(s: string): boolean {
  if (s.length !== 29 || !s.endsWith('+07:00')) return false;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return false;
  const y = d2(s, 0) * 100 + d2(s, 2);
  const m = d2(s, 5);
  const d = d2(s, 8);
  const ms = d2(s, 20) * 10 + digit(s, 22);
  if (y < 0 || m < 1 || m > 12 || d < 1 || ms < 0 || d2(s, 11) < 0 || d2(s, 11) > 23 || d2(s, 14) < 0 || d2(s, 14) > 59 || d2(s, 17) < 0 || d2(s, 17) > 59) return false;
  return d <= daysIn(y, m);
}

const ISO_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Earliest and latest instants the canonical form can write: local (UTC+07:00) years 0000–9999. */
export const MIN_INSTANT_MS = Date.parse('0000-01-01T00:00:00.000+07:00');
export const MAX_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999+07:00');

/**
 * True if `s` is an ISO-8601 instant with an explicit offset or `Z` that
 * names a real calendar day and time (no 30 February, no 24:00, no second
 * 60, offset at most ±23:59) and lies in local years 0000–9999, so that its
 * canonical form has a four-digit year and orders as text.
 */
export function isInstantString(s: string): boolean {
  if (isCanonical(s)) return true;
  if (typeof s !== 'string' || s.length > 40) return false;
  const m = ISO_PARTS.exec(s);
  if (!m) return false;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || +m[4]! > 23 || +m[5]! > 59 || (m[6] !== undefined && +m[6] > 59)) return false;
  if (m[7] !== undefined && (+m[7] > 23 || +m[8]! > 59)) return false;
  const ms = Date.parse(s);
  return ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}

/** True if `s` is a real `YYYY-MM-DD` calendar day (no 31 April, no 29 February of a common year). */
export function isLocalDateString(s: string): boolean {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y = d2(s, 0) * 100 + d2(s, 2);
  const m = d2(s, 5);
  const d = d2(s, 8);
  return y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

function daysIn(y: number, m: number): number {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return m === 2 && !leap ? 28 : DAYS_IN_MONTH[m]!;
}

/**
 * Normalise a `Date` or ISO instant to the canonical Vietnam-time form.
 * @example toVietnamInstant('2023-10-27T02:32:00Z') // '2023-10-27T09:32:00.000+07:00'
 */
export function toVietnamInstant(input: Date | string | number): string {
  if (typeof input === 'string' && isCanonical(input)) return input;
  const ms = typeof input === 'number' ? input : typeof input === 'string' ? Date.parse(input) : input.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid instant: ${String(input)}`);
  // Outside local years 0000–9999 the ISO form would be `+010000-…`: neither canonical nor comparable as text.
  if (ms < MIN_INSTANT_MS || ms > MAX_INSTANT_MS) throw new RangeError(`Instant outside the years 0000–9999: ${String(input)}`);
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 23) + '+07:00';
}

/** Local date (YYYY-MM-DD, Asia/Ho_Chi_Minh) of an instant. */
export function localDateOf(input: Date | string): string {
  return (typeof input === 'string' && input.endsWith('+07:00') && input.length >= 10 ? input : toVietnamInstant(input)).slice(0, 10);
}

/**
 * Order two instant strings: negative if `a` is earlier, 0 if the same
 * instant, positive if later. Two canonical strings (same width, same
 * `+07:00` offset) compare as text without parsing.
 *
 * @example compareInstants('2024-03-04T09:00:00.000+07:00', '2024-03-04T02:00:00Z') // 0
 */
export function compareInstants(a: string, b: string): number {
  if (a.length === 29 && b.length === 29 && a.charCodeAt(19) === 46 && b.charCodeAt(19) === 46 && a.endsWith('+07:00') && b.endsWith('+07:00')) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

/** Milliseconds since the epoch of an instant string. */
export function instantMs(s: string): number {
  return Date.parse(s);
}
