/**
 * Instants in motcua are ISO-8601 strings in Vietnam time (UTC+07:00, no DST),
 * e.g. `2023-10-27T09:32:00.000+07:00`. One fixed format makes them readable,
 * comparable as strings, and keeps the local date (ngày) as the first 10 characters.
 */
const OFFSET_MS = 7 * 3600_000;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** True if `s` is an ISO-8601 instant with an explicit offset or `Z`. */
export function isInstantString(s: string): boolean {
  return ISO_WITH_OFFSET.test(s) && !Number.isNaN(Date.parse(s));
}

/**
 * Normalise a `Date` or ISO instant to the canonical Vietnam-time form.
 * @example toVietnamInstant('2023-10-27T02:32:00Z') // '2023-10-27T09:32:00.000+07:00'
 */
export function toVietnamInstant(input: Date | string | number): string {
  const ms = typeof input === 'number' ? input : typeof input === 'string' ? Date.parse(input) : input.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid instant: ${String(input)}`);
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 23) + '+07:00';
}

/** Local date (YYYY-MM-DD, Asia/Ho_Chi_Minh) of an instant. */
export function localDateOf(input: Date | string): string {
  return (typeof input === 'string' && input.endsWith('+07:00') && input.length >= 10 ? input : toVietnamInstant(input)).slice(0, 10);
}

/** Milliseconds since the epoch of an instant string. */
export function instantMs(s: string): number {
  return Date.parse(s);
}
