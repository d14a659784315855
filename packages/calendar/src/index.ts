/**
 * @motcua/calendar — Vietnamese working-time calendar and deadline rules
 * (ngày làm việc, nghỉ bù, làm bù, 15:00 cut-off, legal restart vs KPI pause).
 *
 * This file names the whole public API.
 */
export type {
  LocalDate,
  DateInput,
  Instant,
  TimeLimit,
  Due,
  WorkingCalendar,
  Weekday,
  Confidence,
  SourceRef,
  DayOverride,
  HolidayInput,
  DayRule,
  DayLayer,
  DayExplanation,
  Session,
  CalendarOptions,
  Calendar,
} from './types';

export { CalendarError } from './errors';
export type { CalendarErrorCode } from './errors';

export { createCalendar, DEFAULT_SESSIONS } from './calendar';
export { vietnamCalendar, receptionCalendar } from './vietnam';
export type { VietnamCalendarOptions, ReceptionCalendarOptions } from './vietnam';

export { vietnamHolidays, nationalDayAdjacent } from './holidays';
export type { TetRule, VietnamHolidayOptions } from './holidays';
export { OFFICIAL_SCHEDULES } from './official/index';
export type { OfficialYear, OfficialPlacement, OfficialOverride, OfficialWindow } from './official/index';

export { solarToLunar, lunarToSolar, lunarNewYear, hungKingsDay } from './lunar';
export type { LunarDate } from './lunar';

export { computeDue, explainDue } from './due';
export type { DueOptions, DueStep, DueTrace } from './due';

export { legalDue, kpiClock } from './kpi';
export { apologyDeadline, isLateApology } from './apology';
export type { SupplementInterval, Reschedule, LegalDueInput, LegalDue, KpiInput, KpiOptions, KpiVerdict, KpiClock } from './kpi';

export { classifyResolved, classifyPending, nextAlertAt, alertSchedule } from './classify';
export type { Timeliness, PendingTimeliness, ComparePolicy, ResolvedOptions, PendingOptions, AlertSchedule } from './classify';
// A due counted in working time is exceeded from the first working instant after it (closed time adds none).
export { exceededFrom, exceededFromMs, isExceeded } from './exceeded';

export { routeDeadlines } from './legs';
export type { Leg, Route, LegDeadline, RouteDeadlines } from './legs';

export { toLocalDate, toInstant } from './convert';

// Instants: the one module (canonical form `YYYY-MM-DDTHH:MM:SS.sss+07:00`), re-exported by @motcua/core.
export {
  toVietnamInstant,
  formatInstant,
  parseInstant,
  instantMsOrNaN,
  isCanonicalInstant,
  isInstantString,
  isLocalDateString,
  compareInstants,
  localDateOf,
  dayOfInstant,
  dayOfDatePrefix,
  localDayOfMs,
  midnightMs,
  MIN_INSTANT_MS,
  MAX_INSTANT_MS,
  VN_OFFSET_MS,
  DAY_MS,
  CANONICAL_LENGTH,
} from './instant';
// Day numbers (days since 1970-01-01, local dates in Asia/Ho_Chi_Minh) and working-day counts on them.
export { workingDayIndex } from './working-day-index';
export type { WorkingDayIndex } from './working-day-index';
export { daysFromCivil, civilFromDays, formatDay, parseLocalDate, weekdayOf } from './dates';
