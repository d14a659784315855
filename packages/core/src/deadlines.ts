/**
 * The deadline types and functions core uses, from @motcua/calendar.
 * Core computes due dates with these at decision time and stores them on
 * events, so replaying history never depends on today's calendar.
 */
export type { Due, TimeLimit, LocalDate, WorkingCalendar, DueOptions } from '@motcua/calendar';
export { computeDue, vietnamCalendar, classifyResolved, classifyPending, nextAlertAt, alertSchedule, apologyDeadline } from '@motcua/calendar';
export type { Timeliness, PendingTimeliness, ComparePolicy } from '@motcua/calendar';
