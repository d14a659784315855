/**
 * @motcua/calendar/testkit — fast-check arbitraries and ready-made properties
 * so you can test your own calendars (a province's overrides, a custom
 * working week) and deadline rules. Requires the optional peer dependency
 * `fast-check` (v4).
 */
import fc from 'fast-check';
import { computeDue } from '../due';
import { classifyPending, nextAlertAt } from '../classify';
import { kpiClock, legalDue } from '../kpi';
import { daysFromCivil, formatDay, parseLocalDate } from '../dates';
import { DAY_MS, formatInstant, midnightMs } from '../instant';
import type { Due, Instant, LocalDate, TimeLimit, WorkingCalendar } from '../types';

/**
 * Bounds of generated dates (inclusive local dates).
 *
 * @example
 * ```ts
 * arbLocalDate({ min: '2025-01-01', max: '2025-12-31' } satisfies DateRange);
 * ```
 */
export interface DateRange {
  min?: LocalDate;
  max?: LocalDate;
}

const DEFAULT_MIN = '2019-01-01';
const DEFAULT_MAX = '2027-12-31';

function bounds(range: DateRange = {}): [number, number] {
  const firstDay = parseLocalDate(range.min ?? DEFAULT_MIN);
  const lastDay = parseLocalDate(range.max ?? DEFAULT_MAX);
  if (lastDay < firstDay) throw new RangeError(`arbitrary date range is empty: ${range.min}..${range.max}`);
  return [firstDay, lastDay];
}

/**
 * Local dates `YYYY-MM-DD` in a range (default 2019–2027).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbLocalDate } from '@motcua/calendar/testkit';
 * fc.sample(arbLocalDate({ min: '2025-01-01', max: '2025-12-31' }), 3); // e.g. ['2025-07-14', …]
 * ```
 */
export function arbLocalDate(range?: DateRange): fc.Arbitrary<LocalDate> {
  const [firstDay, lastDay] = bounds(range);
  return fc.integer({ min: firstDay, max: lastDay }).map(formatDay);
}

/**
 * Instants (`…+07:00`, whole minutes) in a range of local dates.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbInstant } from '@motcua/calendar/testkit';
 * fc.sample(arbInstant(), 1); // e.g. ['2023-10-27T09:32:00.000+07:00']
 * ```
 */
export function arbInstant(range?: DateRange): fc.Arbitrary<Instant> {
  const [firstDay, lastDay] = bounds(range);
  return fc.integer({ min: 0, max: (lastDay - firstDay + 1) * 1440 - 1 }).map((m) => formatInstant(midnightMs(firstDay) + m * 60_000));
}

/**
 * Working-day counts `0..max` (default 60).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbWorkingDays } from '@motcua/calendar/testkit';
 * fc.sample(arbWorkingDays(10), 3); // e.g. [0, 7, 3]
 * ```
 */
export function arbWorkingDays(max = 60): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max });
}

/**
 * Time limits of every unit.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbTimeLimit } from '@motcua/calendar/testkit';
 * fc.sample(arbTimeLimit(), 2); // e.g. [{ unit: 'workingDays', value: 5 }, { unit: 'sameDay', cutoff: '15:00' }]
 * ```
 */
export function arbTimeLimit(maxDays = 40): fc.Arbitrary<TimeLimit> {
  return fc.oneof(
    fc.integer({ min: 0, max: maxDays }).map((value): TimeLimit => ({ unit: 'workingDays', value })),
    fc.integer({ min: 0, max: maxDays }).map((value): TimeLimit => ({ unit: 'calendarDays', value })),
    fc.integer({ min: 0, max: maxDays * 16 }).map((q): TimeLimit => ({ unit: 'workingHours', value: q / 2 })),
    fc.constantFrom<TimeLimit>({ unit: 'sameDay' }, { unit: 'sameDay', cutoff: '15:00' }, { unit: 'sameDay', cutoff: '11:00' }),
  );
}

/**
 * Options of {@link calendarProperties}.
 *
 * @example
 * ```ts
 * calendarProperties(vietnamCalendar(), { min: '2024-01-01', max: '2026-12-31', maxDays: 30 });
 * ```
 */
export interface PropertyOptions extends DateRange {
  /** Largest working-day count generated (default 60). */
  maxDays?: number;
}

const cmpDue = (a: Due, b: Due): number => Date.parse(a.at) - Date.parse(b.at);

/**
 * Ready-made fast-check properties of a calendar and of the deadline rules
 * on it. Run each with `fc.assert`. Every property states its precondition.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { vietnamCalendar } from '@motcua/calendar';
 * import { calendarProperties } from '@motcua/calendar/testkit';
 * const cal = vietnamCalendar({ overrides: [{ date: '2025-11-24', kind: 'off', reason: 'Ngày Văn hóa Việt Nam' }] });
 * for (const property of Object.values(calendarProperties(cal))) fc.assert(property as fc.IRawProperty<unknown[]>, { numRuns: 200 });
 * ```
 */
export function calendarProperties(cal: WorkingCalendar, opts: PropertyOptions = {}) {
  const day = arbLocalDate(opts);
  const inst = arbInstant(opts);
  const workingDays = arbWorkingDays(opts.maxDays ?? 60);
  const limit = arbTimeLimit(Math.min(opts.maxDays ?? 60, 40));
  const add = (d: LocalDate, k: number): LocalDate => cal.addWorkingDays(d, k);
  return {
    /** More days never give an earlier date: a ≤ b ⇒ add(d, a) ≤ add(d, b). */
    monotonicInDays: fc.property(day, workingDays, workingDays, (date, first, second) => {
      const [smaller, larger] = first <= second ? [first, second] : [second, first];
      return add(date, smaller) <= add(date, larger);
    }),
    /** A later start never gives an earlier date: d1 ≤ d2 ⇒ add(d1, k) ≤ add(d2, k). */
    monotonicInStart: fc.property(day, day, workingDays, (d1, d2, count) => {
      const [earlier, later] = d1 <= d2 ? [d1, d2] : [d2, d1];
      return add(earlier, count) <= add(later, count);
    }),
    /** Additive: add(add(d, a), b) = add(d, a + b) when a ≥ 1 (or d is a working day) and b ≥ 0. */
    additive: fc.property(day, workingDays, workingDays, (date, first, second) => {
      if (first === 0 && !cal.isWorkingDay(date)) return true;
      return add(add(date, first), second) === add(date, first + second);
    }),
    /** The result of adding n ≥ 0 working days is a working day, strictly after d when n ≥ 1. */
    resultIsWorkingDay: fc.property(day, workingDays, (date, count) => {
      const result = add(date, count);
      return cal.isWorkingDay(result) && (count === 0 ? result >= date : result > date);
    }),
    /** Exactly n working days lie in (d, add(d, n)] for n ≥ 1: workingDaysBetween inverts addWorkingDays. */
    betweenInvertsAdd: fc.property(day, workingDays, (d, k) => k === 0 || cal.workingDaysBetween(d, add(d, k)) === k),
    /** add(d, workingDaysBetween(d, e)) = e for a working day e after d. */
    addInvertsBetween: fc.property(day, day, (first, second) => {
      const [from, to] = first <= second ? [first, second] : [second, first];
      if (!cal.isWorkingDay(to) || from === to) return true;
      return add(from, cal.workingDaysBetween(from, to)) === to;
    }),
    /** Subtracting undoes adding from a working day: add(add(d, k), -k) = d. */
    subtractUndoesAdd: fc.property(day, workingDays, (d, k) => !cal.isWorkingDay(d) || add(add(d, k), -k) === d),
    /** A working-day limit's due date is a working day. */
    dueIsWorkingDay: fc.property(inst, workingDays, (r, k) => cal.isWorkingDay(computeDue(r, { unit: 'workingDays', value: k }, cal).date)),
    /** A later receipt never gives an earlier due instant, for every unit. */
    dueMonotonicInReceipt: fc.property(inst, inst, limit, (r1, r2, timeLimit) => {
      const [earlier, later] = Date.parse(r1) <= Date.parse(r2) ? [r1, r2] : [r2, r1];
      return cmpDue(computeDue(earlier, timeLimit, cal), computeDue(later, timeLimit, cal)) <= 0;
    }),
    /** A longer limit never gives an earlier due instant. */
    dueMonotonicInLimit: fc.property(inst, workingDays, workingDays, (receipt, first, second) => {
      const [smaller, larger] = first <= second ? [first, second] : [second, first];
      return (['workingDays', 'calendarDays', 'workingHours'] as const).every(
        (unit) => cmpDue(computeDue(receipt, { unit, value: smaller }, cal), computeDue(receipt, { unit, value: larger }, cal)) <= 0,
      );
    }),
    /** A supplement of zero length changes nothing on the KPI clock. */
    zeroPauseChangesNothing: fc.property(inst, workingDays, fc.integer({ min: 0, max: 20 * 1440 }), (acc, count, off) => {
      const timeLimit: TimeLimit = { unit: 'workingDays', value: count };
      const at = formatInstant(Date.parse(acc) + off * 60_000);
      const asOf = formatInstant(Date.parse(acc) + 400 * DAY_MS);
      const plain = kpiClock({ acceptedAt: acc, limit: timeLimit, asOf, endedAt: at }, cal);
      const withPause = kpiClock({ acceptedAt: acc, limit: timeLimit, asOf, endedAt: at, supplements: [{ requestedAt: at, providedAt: at }] }, cal);
      return plain.kpiDue.date === withPause.kpiDue.date && plain.timeliness === withPause.timeliness && withPause.paused === 0;
    }),
    /** A pause of k working days (request on a working day R, answer on add(R, k)) shifts the KPI due date by k working days. */
    pauseShiftsKpiDue: fc.property(arbLocalDate(opts), workingDays, fc.integer({ min: 0, max: 30 }), (date, lim, pauseDays) => {
      const acc = `${date}T08:00:00+07:00`;
      const timeLimit: TimeLimit = { unit: 'workingDays', value: lim };
      const req = cal.addWorkingDays(date, 0);
      const prov = add(req, pauseDays);
      const asOf = formatInstant(Date.parse(`${prov}T09:00:00+07:00`) + 400 * DAY_MS);
      const base = kpiClock({ acceptedAt: acc, limit: timeLimit, asOf }, cal);
      const paused = kpiClock({ acceptedAt: acc, limit: timeLimit, asOf, supplements: [{ requestedAt: `${req}T09:00:00+07:00`, providedAt: `${prov}T09:00:00+07:00` }] }, cal);
      return paused.paused === pauseDays && paused.kpiDue.date === add(base.kpiDue.date, pauseDays);
    }),
    /** The legal restart after a supplement is never earlier than the original due date. */
    legalRestartNotEarlier: fc.property(
      inst,
      workingDays,
      fc.integer({ min: 0, max: 30 * 1440 }),
      fc.integer({ min: 0, max: 30 * 1440 }),
      (acc, count, requestDelay, provideDelay) => {
        const req = formatInstant(Date.parse(acc) + requestDelay * 60_000);
        const prov = formatInstant(Date.parse(req) + provideDelay * 60_000);
        const res = legalDue({ acceptedAt: acc, limit: { unit: 'workingDays', value: count }, supplements: [{ requestedAt: req, providedAt: prov }] }, cal);
        return res.currentDue !== null && res.currentDue.date >= res.originalDue.date;
      },
    ),
    /** nextAlertAt returns an instant at which the pending bucket differs (or null once overdue). */
    nextAlertChangesBucket: fc.property(inst, workingDays, inst, fc.integer({ min: 0, max: 5 }), (acc, count, asOf, warnDays) => {
      const due = computeDue(acc, { unit: 'workingDays', value: count }, cal);
      const next = nextAlertAt(due, cal, warnDays, asOf);
      const now = classifyPending(asOf, due, cal, { warnDays: warnDays });
      if (next === null) return now === 'overdue';
      return Date.parse(next) > Date.parse(asOf) && classifyPending(next, due, cal, { warnDays: warnDays }) !== now;
    }),
  };
}

/**
 * Brute-force reference: add working days one day at a time using only
 * `isWorking` (for oracles in your own tests).
 *
 * @example
 * ```ts
 * import { naiveAddWorkingDays } from '@motcua/calendar/testkit';
 * naiveAddWorkingDays((d) => ![0, 6].includes(new Date(d).getUTCDay()), '2023-10-27', 5); // '2023-11-03'
 * ```
 */
export function naiveAddWorkingDays(isWorking: (day: LocalDate) => boolean, start: LocalDate, count: number): LocalDate {
  let dn = parseLocalDate(start);
  if (count === 0) {
    while (!isWorking(formatDay(dn))) dn++;
    return formatDay(dn);
  }
  const step = count > 0 ? 1 : -1;
  let left = Math.abs(count);
  while (left > 0) {
    dn += step;
    if (isWorking(formatDay(dn))) left--;
  }
  return formatDay(dn);
}

/**
 * First day of a year as a local date (helper for ranges).
 *
 * @example
 * ```ts
 * arbLocalDate({ min: yearStart(2024), max: yearStart(2027) }); // yearStart(2024) === '2024-01-01'
 * ```
 */
export function yearStart(year: number): LocalDate {
  return formatDay(daysFromCivil(year, 1, 1));
}
