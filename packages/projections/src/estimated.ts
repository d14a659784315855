/**
 * Estimated calendar days (brief §4.4: years without an official schedule,
 * 2027+ with the bundled tables): reports say how many days of their period
 * the deadline calendar only estimates, so a reader knows the figures may move
 * once the Prime Minister's yearly schedule is published.
 */
import type { Calendar, WorkingCalendar } from '@motcua/calendar';

/**
 * Number of days in `from..to` (local dates, both included) whose working
 * status the calendar only estimates; 0 when none, or when the calendar cannot
 * tell (a plain `WorkingCalendar` without `estimatedDays`). Never throws.
 *
 * @example estimatedDaysIn(vietnamCalendar(), '2026-12-30', '2027-01-02') // 2
 */
export function estimatedDaysIn(cal: WorkingCalendar | undefined, from: string, to: string): number {
  const estimatedDays = (cal as Partial<Calendar> | undefined)?.estimatedDays;
  if (typeof estimatedDays !== 'function') return 0;
  try {
    return estimatedDays.call(cal, from, to).length;
  } catch {
    return 0;
  }
}
