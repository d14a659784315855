/**
 * When a due instant counted in working time is exceeded — the one place of
 * the rule (docs/calendar.md, "Late: working time past the due").
 *
 * A limit in working hours is exceeded only when more working time than the
 * limit has elapsed. Its due instant is where exactly the limit has elapsed;
 * time when the office is closed (after hours, the lunch break, weekends,
 * holidays) adds none. So it is exceeded from the first working instant after
 * the due: `due + 1 ms` inside a session; the next session's opening + 1 ms
 * when the due ends a session or lies in closed time (due Mon 17:00 → late
 * from Tue 07:00:00.001 when Tuesday is a working day).
 */
import { opsOf } from './due';
import { CalendarError, show } from './errors';
import { formatInstant, MAX_INSTANT_MS, MIN_INSTANT_MS, toMs } from './instant';
import { addWorkingMs } from './working-time';
import type { DateInput, Due, Instant, WorkingCalendar } from './types';

/**
 * The first instant (ms since the epoch) at which a due instant counted in
 * working time is exceeded: one millisecond of working time after `dueAtMs`
 * on the calendar's sessions. No allocation: for hot paths (the engine's
 * command path, the projections' folds).
 *
 * @example
 * ```ts
 * import { exceededFromMs, vietnamCalendar } from '@motcua/calendar';
 * exceededFromMs(Date.parse('2024-03-04T17:00:00.000+07:00'), vietnamCalendar()); // Date.parse('2024-03-05T07:00:00.001+07:00')
 * ```
 */
export function exceededFromMs(dueAtMs: number, cal: WorkingCalendar): number {
  if (!(dueAtMs >= MIN_INSTANT_MS && dueAtMs <= MAX_INSTANT_MS)) {
    throw new CalendarError('CALENDAR_INVALID_DATE', `expected an instant in ms between ${MIN_INSTANT_MS} and ${MAX_INSTANT_MS}, got ${show(dueAtMs)}`, dueAtMs);
  }
  return addWorkingMs(opsOf(cal), dueAtMs, 1);
}

/**
 * The first instant at which a due instant counted in working time is
 * exceeded ({@link exceededFromMs}), as an instant string.
 *
 * @example
 * ```ts
 * import { exceededFrom, vietnamCalendar } from '@motcua/calendar';
 * const cal = vietnamCalendar();
 * exceededFrom('2024-03-04T17:00:00.000+07:00', cal); // '2024-03-05T07:00:00.001+07:00' (Mon 17:00 → Tue's opening)
 * exceededFrom('2024-03-05T11:30:00.000+07:00', cal); // '2024-03-05T13:30:00.001+07:00' (the lunch break)
 * exceededFrom('2024-03-04T15:00:00.000+07:00', cal); // '2024-03-04T15:00:00.001+07:00' (inside a session)
 * ```
 */
export function exceededFrom(dueAt: DateInput, cal: WorkingCalendar): Instant {
  return formatInstant(exceededFromMs(toMs(dueAt), cal));
}

/**
 * Is a due counted in working time exceeded at `at` — has any working time
 * elapsed in `(due, at]`? A decision in closed time right after a due that
 * ends a session (17:30, the lunch break, a weekend, a holiday) is not late.
 *
 * @example
 * ```ts
 * import { isExceeded, vietnamCalendar } from '@motcua/calendar';
 * const cal = vietnamCalendar();
 * isExceeded('2024-03-04T17:30:00.000+07:00', '2024-03-04T17:00:00.000+07:00', cal); // false
 * isExceeded('2024-03-05T07:00:00.001+07:00', '2024-03-04T17:00:00.000+07:00', cal); // true
 * ```
 */
export function isExceeded(at: DateInput, due: DateInput | Due, cal: WorkingCalendar): boolean {
  const dueAt = due !== null && typeof due === 'object' && !(due instanceof Date) ? due.at : due;
  return toMs(at) >= exceededFromMs(toMs(dueAt), cal);
}
