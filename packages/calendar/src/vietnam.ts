/**
 * The Vietnamese state bodies' deadline calendar and a one-stop unit's
 * reception calendar.
 */
import { createCalendar } from './calendar';
import { CalendarError, show } from './errors';
import { vietnamHolidays } from './holidays';
import type { TetRule } from './holidays';
import { OFFICIAL_SCHEDULES } from './official/index';
import type { OfficialYear } from './official/types';
import type { Calendar, CalendarOptions, HolidayInput, Session, Weekday } from './types';

/**
 * Options of {@link vietnamCalendar}.
 *
 * @example
 * ```ts
 * const cal = vietnamCalendar({ official: true, tetRule: 'lastDayPlus4', overrides: [{ date: '2025-11-24', kind: 'off', reason: 'Tỉnh cho nghỉ' }] });
 * ```
 */
export interface VietnamCalendarOptions extends Omit<CalendarOptions, 'holidays' | 'schedules'> {
  /**
   * Official yearly schedules to apply: `true` (default) = the bundled ones
   * (2018–2026), `false` = rules only, or your own list (replaces the bundled ones).
   * Days of a year without a schedule are estimates (`cal.isEstimated(day)`).
   */
  official?: boolean | readonly OfficialYear[];
  /** Fallback Tết placement for years without a schedule (default `lastDayPlus4`). */
  tetRule?: TetRule;
  /** Extra holidays (e.g. a new statutory day, or a provincial day off with nghỉ bù). */
  extraHolidays?: (year: number) => readonly HolidayInput[];
}

/**
 * The deadline calendar of Vietnamese state bodies (cán bộ, công chức, viên
 * chức): Monday–Friday, the Labour Code holidays with lunar dates computed
 * for UTC+7, compensatory days (nghỉ bù, Art. 111.3), and the bundled
 * official schedules 2018–2026 (Tết windows, swaps, make-up Saturdays).
 * `overrides` add a province's own off/work days and beat everything else.
 * Days of years without an official schedule (2027 onward) come from the
 * fallback rules and are marked as estimates: `isEstimated`, `estimatedDays`,
 * `explain().estimated`, `Due.estimated`.
 *
 * @example
 * ```ts
 * import { vietnamCalendar } from '@motcua/calendar';
 * const cal = vietnamCalendar();
 * cal.isWorkingDay('2025-01-27');        // false (Tết 2025)
 * cal.addWorkingDays('2023-10-27', 5);   // '2023-11-03' — the receipt day is not counted
 * cal.isWorkingDay('2025-04-26');        // true (make-up Saturday, làm bù)
 * cal.explain('2026-04-27').summary;     // 'Thứ Hai 27/04/2026: không phải ngày làm việc — Nghỉ bù cho Giỗ Tổ Hùng Vương …'
 * cal.isWorkingDay('2026-08-31');        // false (Quốc khánh swap, Thông báo 9441/TB-BNV)
 * cal.isEstimated('2027-02-08');         // true (no official schedule for 2027 yet)
 * ```
 */
export function vietnamCalendar(options: VietnamCalendarOptions = {}): Calendar {
  if (options === null || typeof options !== 'object') {
    throw new CalendarError('CALENDAR_INVALID_OPTION', `vietnamCalendar options must be an object, got ${show(options)}`, options);
  }
  const { official = true, tetRule, extraHolidays, ...rest } = options;
  if (tetRule !== undefined && tetRule !== 'lastDayPlus4' && tetRule !== 'twoBeforeThreeAfter') {
    throw new CalendarError('CALENDAR_INVALID_OPTION', `tetRule must be 'lastDayPlus4' or 'twoBeforeThreeAfter', got ${show(tetRule)}`, tetRule);
  }
  if (official !== true && official !== false && !Array.isArray(official)) {
    throw new CalendarError('CALENDAR_INVALID_OPTION', `official must be true, false or a list of schedules, got ${show(official)}`, official);
  }
  const schedules: readonly OfficialYear[] = official === true ? OFFICIAL_SCHEDULES : official === false ? [] : official;
  const years = rest.years ?? { from: 1900, to: 2199 };
  if (years && (years.from < 1800 || years.to > 2199)) {
    throw new CalendarError('CALENDAR_INVALID_OPTION', `vietnamCalendar covers at most 1800–2199 (lunar algorithm range), got ${show(years)}`, years);
  }
  const holidayOpts = tetRule ? { schedules, tetRule } : { schedules };
  const covered = new Set(schedules.map((schedule) => schedule.year));
  return createCalendar({
    id: 'vn-state',
    ...rest,
    years,
    estimatedYear: rest.estimatedYear ?? ((year) => !covered.has(year)),
    holidays: (year) => (extraHolidays ? [...vietnamHolidays(year, holidayOpts), ...extraHolidays(year)] : vietnamHolidays(year, holidayOpts)),
    schedules,
  });
}

/**
 * Options of {@link receptionCalendar}.
 *
 * @example
 * ```ts
 * const counter = receptionCalendar({ openWeekdays: [6], openSessions: [['07:30', '11:00']] });
 * ```
 */
export interface ReceptionCalendarOptions extends VietnamCalendarOptions {
  /** Weekdays on which the counter also opens (default `[6]`, Saturday). */
  openWeekdays?: readonly Weekday[];
  /** Sessions on those weekdays (default Saturday morning `07:00–11:30`). */
  openSessions?: readonly Session[];
}

/**
 * A one-stop unit's reception calendar (when the counter is open), kept apart
 * from the deadline calendar: by default the deadline calendar's working days
 * plus Saturday mornings, except when the Saturday is a holiday, a
 * compensatory day or an official day off. Use it to time receipts; compute
 * deadlines with {@link vietnamCalendar} (a Saturday receipt counts from the
 * next deadline day).
 *
 * @example
 * ```ts
 * import { receptionCalendar } from '@motcua/calendar';
 * const counter = receptionCalendar();
 * counter.isWorkingDay('2025-03-08');  // true (Saturday morning)
 * counter.sessionsOn('2025-03-08');    // [['07:00', '11:30']]
 * counter.isWorkingDay('2025-02-01');  // false (inside the Tết window)
 * ```
 */
export function receptionCalendar(options: ReceptionCalendarOptions = {}): Calendar {
  const { openWeekdays = [6], openSessions = [['07:00', '11:30']] as const, ...rest } = options;
  const byWeekday: Partial<Record<Weekday, readonly Session[]>> = { ...(rest.sessionsByWeekday ?? {}) };
  for (const weekday of openWeekdays) byWeekday[weekday] = byWeekday[weekday] ?? openSessions;
  return vietnamCalendar({ id: 'vn-reception', ...rest, extraOpenWeekdays: openWeekdays, sessionsByWeekday: byWeekday });
}
