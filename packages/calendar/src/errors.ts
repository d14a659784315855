/**
 * Errors thrown by @motcua/calendar. Every failure is loud: bad input is never
 * coerced or swallowed (domain brief §10: "fail loudly").
 */

/**
 * Stable machine-readable error codes.
 *
 * @example
 * ```ts
 * try { vietnamCalendar().isWorkingDay('2025-02-30'); } catch (e) { (e as CalendarError).code satisfies CalendarErrorCode; }
 * ```
 */
export type CalendarErrorCode =
  /** A date string, `Date` or ISO instant could not be read (wrong format, impossible day, missing offset). */
  | 'CALENDAR_INVALID_DATE'
  /** A clock time such as `'15:00'` is malformed. */
  | 'CALENDAR_INVALID_TIME'
  /** A count (`n`, a limit's `value`, `warnDays`) is not a finite (integer) number in range. */
  | 'CALENDAR_INVALID_NUMBER'
  /** A `TimeLimit` object is malformed. */
  | 'CALENDAR_INVALID_LIMIT'
  /** A calendar option (working week, sessions, overrides, years) is malformed. */
  | 'CALENDAR_INVALID_OPTION'
  /** The day lies outside the years the calendar covers. */
  | 'CALENDAR_OUT_OF_RANGE'
  /** Supplement requests are out of order or overlap. */
  | 'CALENDAR_INVALID_SUPPLEMENTS'
  /** An apology/reschedule is malformed (new date not later, issued before acceptance, ...). */
  | 'CALENDAR_INVALID_RESCHEDULE'
  /** A second reschedule was given: NĐ 61 Đ19.9 allows the return date to be rescheduled at most once. */
  | 'CALENDAR_SECOND_RESCHEDULE'
  /** An inter-agency route is malformed (no legs, not exactly one lead, bad role). */
  | 'CALENDAR_INVALID_ROUTE'
  /** An internal consistency check failed (a bug: please report it). */
  | 'CALENDAR_INVARIANT';

/**
 * The one error class of the package, with a stable `code`.
 *
 * @example
 * ```ts
 * import { vietnamCalendar, CalendarError } from '@motcua/calendar';
 * try {
 *   vietnamCalendar().addWorkingDays('2025-02-30', 1);
 * } catch (e) {
 *   if (e instanceof CalendarError) console.log(e.code); // 'CALENDAR_INVALID_DATE'
 * }
 * ```
 */
export class CalendarError extends Error {
  readonly code: CalendarErrorCode;
  /** The offending value, when there is one (for logs; never parsed). */
  readonly value: unknown;

  constructor(code: CalendarErrorCode, message: string, value?: unknown) {
    super(message);
    this.name = 'CalendarError';
    this.code = code;
    this.value = value;
  }
}

/** Describe a value briefly for an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()})`;
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
