/**
 * Public conversions between inputs and the package's canonical forms.
 */
import { formatDay } from './dates';
import { formatInstant, toDayNumber, toMs } from './instant';
import type { DateInput, Instant, LocalDate } from './types';

/**
 * The local date (Asia/Ho_Chi_Minh, UTC+7) of any date input; validates it.
 *
 * @example
 * ```ts
 * import { toLocalDate } from '@motcua/calendar';
 * toLocalDate('2023-10-27T20:00:00Z');            // '2023-10-28' (03:00 in Vietnam)
 * toLocalDate(new Date('2025-01-28T17:30:00Z'));  // '2025-01-29'
 * ```
 */
export function toLocalDate(input: DateInput): LocalDate {
  return formatDay(toDayNumber(input));
}

/**
 * The canonical instant (`YYYY-MM-DDTHH:MM:SS.sss+07:00`) of a `Date` or ISO instant; a plain
 * `YYYY-MM-DD` means 00:00 local time.
 *
 * @example
 * ```ts
 * import { toInstant } from '@motcua/calendar';
 * toInstant('2023-10-27T02:32:00Z'); // '2023-10-27T09:32:00.000+07:00'
 * toInstant('2023-10-27');           // '2023-10-27T00:00:00.000+07:00'
 * ```
 */
export function toInstant(input: DateInput): Instant {
  return formatInstant(toMs(input));
}
