/**
 * Instants in motcua are ISO-8601 strings in Vietnam time (UTC+07:00, no DST)
 * in one canonical form, `YYYY-MM-DDTHH:MM:SS.sss+07:00` (e.g.
 * `2023-10-27T09:32:00.000+07:00`): readable, comparable as strings, with the
 * local date (ngày) as the first 10 characters.
 *
 * The one implementation lives in `@motcua/calendar` (`instant.ts`); this
 * module re-exports it under the engine's names. The only adaptation:
 * `toVietnamInstant` reports bad input as a `RangeError` (as it always has),
 * and `instantMs` returns `NaN` instead of throwing.
 */
import { CalendarError, instantMsOrNaN, toVietnamInstant as canonicalInstant } from '@motcua/calendar';

export { isInstantString, isLocalDateString, localDateOf, compareInstants, MIN_INSTANT_MS, MAX_INSTANT_MS } from '@motcua/calendar';

/**
 * Normalise a `Date`, epoch milliseconds or ISO instant to the canonical
 * Vietnam-time form; a canonical string is returned as is. Throws a
 * `RangeError` for an invalid instant or one outside the years 0000–9999.
 * @example toVietnamInstant('2023-10-27T02:32:00Z') // '2023-10-27T09:32:00.000+07:00'
 */
export function toVietnamInstant(input: Date | string | number): string {
  try {
    return canonicalInstant(input);
  } catch (error) {
    if (error instanceof CalendarError) throw new RangeError(`Not a valid instant in the years 0000–9999: ${String(input)}`, { cause: error });
    throw error;
  }
}

/** Milliseconds since the epoch of an instant string (`NaN` if it is not one). */
export function instantMs(instant: string): number {
  return instantMsOrNaN(instant);
}
