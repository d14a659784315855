/**
 * `createCalendar`: a {@link Calendar} over its {@link DayIndex} (see
 * `day-index.ts`), with the string-level API (dates in, dates out).
 */
import { CalendarError, show } from './errors';
import { formatClock } from './dates';
import { formatInstant, toDayNumber, toMs } from './instant';
import { DayIndex } from './day-index';
import { MAX_STEPS, checkInteger, normalizeOptions } from './options';
import { addWorkingMs, workingMsBetween, type DayOps } from './working-time';
import type { Calendar, CalendarOptions, DateInput, DayExplanation, Instant, LocalDate, Session, Weekday } from './types';

export { DEFAULT_SESSIONS } from './options';

/** Symbol under which a calendar exposes its day index to the deadline functions. */
export const DAY_INDEX: unique symbol = Symbol.for('@motcua/calendar.dayIndex');

class CalendarImpl implements Calendar {
  readonly [DAY_INDEX]: DayIndex;
  readonly id: string;
  readonly workingWeek: readonly Weekday[];
  readonly years: { readonly from: number; readonly to: number };

  constructor(opts: CalendarOptions) {
    const options = normalizeOptions(opts);
    this[DAY_INDEX] = new DayIndex(options);
    this.id = options.id;
    this.workingWeek = Object.freeze(options.workingWeek);
    this.years = Object.freeze({ from: options.from, to: options.to });
  }

  isWorkingDay(day: DateInput): boolean {
    return this[DAY_INDEX].isWorking(toDayNumber(day));
  }

  addWorkingDays(start: DateInput, count: number): LocalDate {
    const index = this[DAY_INDEX];
    const dn = toDayNumber(start);
    if (typeof count !== 'number' || !Number.isInteger(count) || count > MAX_STEPS || count < -MAX_STEPS) checkInteger(count, 'addWorkingDays: n');
    return index.fmt(index.add(dn, count));
  }

  subtractWorkingDays(day: DateInput, count: number): LocalDate {
    checkInteger(count, 'subtractWorkingDays: n');
    return this.addWorkingDays(day, -count);
  }

  workingDaysBetween(from: DateInput, to: DateInput): number {
    return this[DAY_INDEX].between(toDayNumber(from), toDayNumber(to)) || 0; // never -0
  }

  nextWorkingDay(day: DateInput): LocalDate {
    const index = this[DAY_INDEX];
    return index.fmt(index.add(toDayNumber(day), 1));
  }

  previousWorkingDay(day: DateInput): LocalDate {
    const index = this[DAY_INDEX];
    return index.fmt(index.add(toDayNumber(day), -1));
  }

  explain(day: DateInput): DayExplanation {
    return this[DAY_INDEX].explainDay(toDayNumber(day));
  }

  sessionsOn(day: DateInput): readonly Session[] {
    const bounds = this[DAY_INDEX].sessions(toDayNumber(day));
    const out: Session[] = [];
    for (let j = 0; j < bounds.length; j += 2) out.push([formatClock(bounds[j]! / 60_000), formatClock(bounds[j + 1]! / 60_000)]);
    return out;
  }

  endOfWorkingDay(day: DateInput): Instant {
    return this[DAY_INDEX].atEnd(toDayNumber(day));
  }

  addWorkingHours(start: DateInput, hours: number): Instant {
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0 || hours > 1_000_000) {
      throw new CalendarError('CALENDAR_INVALID_NUMBER', `addWorkingHours: hours must be a finite number ≥ 0, got ${show(hours)}`, hours);
    }
    return formatInstant(addWorkingMs(this[DAY_INDEX], toMs(start), Math.round(hours * 3_600_000)));
  }

  workingHoursBetween(from: DateInput, to: DateInput): number {
    return workingMsBetween(this[DAY_INDEX], toMs(from), toMs(to)) / 3_600_000;
  }

  specialDays(year: number): DayExplanation[] {
    checkInteger(year, 'specialDays: year', this.years.from, this.years.to);
    const index = this[DAY_INDEX];
    return index.specialDays(year).map((dn) => index.explainDay(dn));
  }

  isEstimated(day: DateInput): boolean {
    return this[DAY_INDEX].isEstimated(toDayNumber(day));
  }

  estimatedDays(from: DateInput, to: DateInput): LocalDate[] {
    const index = this[DAY_INDEX];
    const first = toDayNumber(from);
    const last = toDayNumber(to);
    const out: LocalDate[] = [];
    if (last < first || !index.estimatedIn(first, last)) return out;
    for (let dn = first; dn <= last; dn++) if (index.isEstimated(dn)) out.push(index.fmt(dn));
    return out;
  }
}

/**
 * Build a fully custom calendar: your weekly pattern, holidays, swaps and
 * overrides. Use {@link vietnamCalendar} for the state bodies' calendar.
 *
 * @example
 * ```ts
 * import { createCalendar } from '@motcua/calendar';
 * const cal = createCalendar({
 *   id: 'new-year-only',
 *   workingWeek: [1, 2, 3, 4, 5],
 *   holidays: (y) => [{ date: `${y}-01-01`, name: 'New Year' }],
 * });
 * cal.isWorkingDay('2022-01-01'); // false (a Saturday holiday…)
 * cal.isWorkingDay('2022-01-03'); // false (…moved to Monday: nghỉ bù)
 * createCalendar({ workingWeek: [1, 2, 3, 4, 5, 6] }).isWorkingDay('2022-01-08'); // true (six-day week)
 * ```
 */
export function createCalendar(options: CalendarOptions = {}): Calendar {
  return new CalendarImpl(options);
}

/** The day operations of a calendar built by this package, or undefined for a foreign {@link WorkingCalendar}. */
export function dayOpsOf(cal: unknown): DayOps | undefined {
  return cal !== null && typeof cal === 'object' ? (cal as { [DAY_INDEX]?: DayOps })[DAY_INDEX] : undefined;
}

/** The day index of a calendar built by this package (fast paths), or undefined. */
export function dayIndexOf(cal: unknown): DayIndex | undefined {
  const index = cal !== null && typeof cal === 'object' ? (cal as { [DAY_INDEX]?: DayIndex })[DAY_INDEX] : undefined;
  return index !== undefined && index.isDayIndex === true ? index : undefined;
}
