/**
 * The deadline types and functions core uses, from @motcua/calendar.
 * Core computes due dates with these at decision time and stores them on
 * events, so replaying history never depends on today's calendar.
 */
import { vietnamCalendar, type WorkingCalendar } from '@motcua/calendar';

export type { Due, TimeLimit, LocalDate, WorkingCalendar, DueOptions } from '@motcua/calendar';
export { computeDue, vietnamCalendar, classifyResolved, classifyPending, nextAlertAt, alertSchedule, apologyDeadline, exceededFromMs } from '@motcua/calendar';
export type { Timeliness, PendingTimeliness, ComparePolicy } from '@motcua/calendar';

let defaultCal: WorkingCalendar | undefined;
/** The default deadline calendar (`vietnamCalendar()`), built once: for readers given no calendar (the control slip, the dossier list). */
export const defaultCalendar = (): WorkingCalendar => (defaultCal ??= vietnamCalendar());
