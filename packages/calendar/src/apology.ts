/**
 * The apology deadline (NĐ 61/2018 Điều 19.9): for a dossier that will be
 * late, the agency sends the written apology and the new date "at the latest
 * 01 day before the due date". The text says "01 ngày"; it is modelled as
 * working days [U] (domain brief §3.5, §11). One rule, one implementation:
 * `legalDue` and the engine's `decide` both call these functions.
 *
 * - `apologyDeadline(cal, due, n)` = the n-th working day strictly before the
 *   due day (`addWorkingDays(due, -n)`); `n = 0` gives the due day itself.
 *   Due Mon 11/03/2024, n = 1 → Fri 08/03/2024 (Sat 09 and Sun 10 are not
 *   working days).
 * - An apology issued on a local day after the deadline is late
 *   (`lateApology: true`): accepted, but flagged. Any day up to and including
 *   the deadline (a weekend before it too) is on time.
 */
import { CalendarError, show } from './errors';
import { formatDay, parseLocalDate } from './dates';
import { toDayNumber } from './instant';
import { opsOf } from './due';
import type { DateInput, LocalDate, WorkingCalendar } from './types';

function dayOf(due: DateInput | { date: LocalDate }): number {
  if (due && typeof due === 'object' && !(due instanceof Date)) {
    const date = (due as { date?: unknown }).date;
    if (typeof date !== 'string') throw new CalendarError('CALENDAR_INVALID_DATE', `expected a due date or a Due {date, at}, got ${show(due)}`, due);
    return parseLocalDate(date);
  }
  return toDayNumber(due);
}

function checkN(count: number): number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 100_000) {
    throw new CalendarError('CALENDAR_INVALID_NUMBER', `minWorkingDaysBefore must be an integer between 0 and 100000, got ${show(count)}`, count);
  }
  return count;
}

/**
 * The last day an apology for a dossier due on `due` is on time: the
 * `minWorkingDaysBefore`-th working day strictly before the due day (default 1,
 * NĐ 61 Đ19.9); the due day itself when it is 0.
 *
 * @example
 * ```ts
 * import { apologyDeadline, vietnamCalendar } from '@motcua/calendar';
 * apologyDeadline(vietnamCalendar(), '2024-03-11');    // '2024-03-08' (Fri; Sat–Sun are not working days)
 * apologyDeadline(vietnamCalendar(), '2024-02-15', 1); // '2024-02-07' (Tết 2024: off 08–14/02)
 * ```
 */
export function apologyDeadline(cal: WorkingCalendar, due: DateInput | { date: LocalDate }, minWorkingDaysBefore = 1): LocalDate {
  const count = checkN(minWorkingDaysBefore);
  const dn = dayOf(due);
  if (count === 0) return formatDay(dn);
  const ops = opsOf(cal);
  return ops.fmt(ops.add(dn, -count));
}

/**
 * Is an apology issued at `issuedAt` (its Vietnamese local day) later than
 * {@link apologyDeadline}? Late apologies are accepted, flagged `lateApology`.
 *
 * @example
 * ```ts
 * import { isLateApology, vietnamCalendar } from '@motcua/calendar';
 * isLateApology(vietnamCalendar(), '2024-03-09T09:00:00.000+07:00', '2024-03-11'); // true (deadline Fri 08/03)
 * isLateApology(vietnamCalendar(), '2024-03-08T16:59:00.000+07:00', '2024-03-11'); // false
 * ```
 */
export function isLateApology(cal: WorkingCalendar, issuedAt: DateInput, due: DateInput | { date: LocalDate }, minWorkingDaysBefore = 1): boolean {
  return formatDay(toDayNumber(issuedAt)) > apologyDeadline(cal, due, minWorkingDaysBefore);
}
