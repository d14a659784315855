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

function bounds(r: DateRange = {}): [number, number] {
  const a = parseLocalDate(r.min ?? DEFAULT_MIN);
  const b = parseLocalDate(r.max ?? DEFAULT_MAX);
  if (b < a) throw new RangeError(`arbitrary date range is empty: ${r.min}..${r.max}`);
  return [a, b];
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
  const [a, b] = bounds(range);
  return fc.integer({ min: a, max: b }).map(formatDay);
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
  const [a, b] = bounds(range);
  return fc.integer({ min: 0, max: (b - a + 1) * 1440 - 1 }).map((m) => formatInstant(midnightMs(a) + m * 60_000));
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
  const n = arbWorkingDays(opts.maxDays ?? 60);
  const limit = arbTimeLimit(Math.min(opts.maxDays ?? 60, 40));
  const add = (d: LocalDate, k: number): LocalDate => cal.addWorkingDays(d, k);
  return {
    /** More days never give an earlier date: a ≤ b ⇒ add(d, a) ≤ add(d, b). */
    monotonicInDays: fc.property(day, n, n, (d, a, b) => {
      const [x, y] = a <= b ? [a, b] : [b, a];
      return add(d, x) <= add(d, y);
    }),
    /** A later start never gives an earlier date: d1 ≤ d2 ⇒ add(d1, k) ≤ add(d2, k). */
    monotonicInStart: fc.property(day, day, n, (d1, d2, k) => {
      const [x, y] = d1 <= d2 ? [d1, d2] : [d2, d1];
      return add(x, k) <= add(y, k);
    }),
    /** Additive: add(add(d, a), b) = add(d, a + b) when a ≥ 1 (or d is a working day) and b ≥ 0. */
    additive: fc.property(day, n, n, (d, a, b) => {
      if (a === 0 && !cal.isWorkingDay(d)) return true;
      return add(add(d, a), b) === add(d, a + b);
    }),
    /** The result of adding n ≥ 0 working days is a working day, strictly after d when n ≥ 1. */
    resultIsWorkingDay: fc.property(day, n, (d, k) => {
      const r = add(d, k);
      return cal.isWorkingDay(r) && (k === 0 ? r >= d : r > d);
    }),
    /** Exactly n working days lie in (d, add(d, n)] for n ≥ 1: workingDaysBetween inverts addWorkingDays. */
    betweenInvertsAdd: fc.property(day, n, (d, k) => k === 0 || cal.workingDaysBetween(d, add(d, k)) === k),
    /** add(d, workingDaysBetween(d, e)) = e for a working day e after d. */
    addInvertsBetween: fc.property(day, day, (a, b) => {
      const [d, e] = a <= b ? [a, b] : [b, a];
      if (!cal.isWorkingDay(e) || d === e) return true;
      return add(d, cal.workingDaysBetween(d, e)) === e;
    }),
    /** Subtracting undoes adding from a working day: add(add(d, k), -k) = d. */
    subtractUndoesAdd: fc.property(day, n, (d, k) => !cal.isWorkingDay(d) || add(add(d, k), -k) === d),
    /** A working-day limit's due date is a working day. */
    dueIsWorkingDay: fc.property(inst, n, (r, k) => cal.isWorkingDay(computeDue(r, { unit: 'workingDays', value: k }, cal).date)),
    /** A later receipt never gives an earlier due instant, for every unit. */
    dueMonotonicInReceipt: fc.property(inst, inst, limit, (r1, r2, l) => {
      const [x, y] = Date.parse(r1) <= Date.parse(r2) ? [r1, r2] : [r2, r1];
      return cmpDue(computeDue(x, l, cal), computeDue(y, l, cal)) <= 0;
    }),
    /** A longer limit never gives an earlier due instant. */
    dueMonotonicInLimit: fc.property(inst, n, n, (r, a, b) => {
      const [x, y] = a <= b ? [a, b] : [b, a];
      return (['workingDays', 'calendarDays', 'workingHours'] as const).every(
        (unit) => cmpDue(computeDue(r, { unit, value: x }, cal), computeDue(r, { unit, value: y }, cal)) <= 0,
      );
    }),
    /** A supplement of zero length changes nothing on the KPI clock. */
    zeroPauseChangesNothing: fc.property(inst, n, fc.integer({ min: 0, max: 20 * 1440 }), (acc, k, off) => {
      const l: TimeLimit = { unit: 'workingDays', value: k };
      const at = formatInstant(Date.parse(acc) + off * 60_000);
      const asOf = formatInstant(Date.parse(acc) + 400 * DAY_MS);
      const a = kpiClock({ acceptedAt: acc, limit: l, asOf, endedAt: at }, cal);
      const b = kpiClock({ acceptedAt: acc, limit: l, asOf, endedAt: at, supplements: [{ requestedAt: at, providedAt: at }] }, cal);
      return a.kpiDue.date === b.kpiDue.date && a.timeliness === b.timeliness && b.paused === 0;
    }),
    /** A pause of k working days (request on a working day R, answer on add(R, k)) shifts the KPI due date by k working days. */
    pauseShiftsKpiDue: fc.property(arbLocalDate(opts), n, fc.integer({ min: 0, max: 30 }), (d, lim, k) => {
      const acc = `${d}T08:00:00+07:00`;
      const l: TimeLimit = { unit: 'workingDays', value: lim };
      const req = cal.addWorkingDays(d, 0);
      const prov = add(req, k);
      const asOf = formatInstant(Date.parse(`${prov}T09:00:00+07:00`) + 400 * DAY_MS);
      const base = kpiClock({ acceptedAt: acc, limit: l, asOf }, cal);
      const paused = kpiClock({ acceptedAt: acc, limit: l, asOf, supplements: [{ requestedAt: `${req}T09:00:00+07:00`, providedAt: `${prov}T09:00:00+07:00` }] }, cal);
      return paused.paused === k && paused.kpiDue.date === add(base.kpiDue.date, k);
    }),
    /** The legal restart after a supplement is never earlier than the original due date. */
    legalRestartNotEarlier: fc.property(inst, n, fc.integer({ min: 0, max: 30 * 1440 }), fc.integer({ min: 0, max: 30 * 1440 }), (acc, k, r, p) => {
      const req = formatInstant(Date.parse(acc) + r * 60_000);
      const prov = formatInstant(Date.parse(req) + p * 60_000);
      const res = legalDue({ acceptedAt: acc, limit: { unit: 'workingDays', value: k }, supplements: [{ requestedAt: req, providedAt: prov }] }, cal);
      return res.currentDue !== null && res.currentDue.date >= res.originalDue.date;
    }),
    /** nextAlertAt returns an instant at which the pending bucket differs (or null once overdue). */
    nextAlertChangesBucket: fc.property(inst, n, inst, fc.integer({ min: 0, max: 5 }), (acc, k, asOf, w) => {
      const due = computeDue(acc, { unit: 'workingDays', value: k }, cal);
      const next = nextAlertAt(due, cal, w, asOf);
      const now = classifyPending(asOf, due, cal, { warnDays: w });
      if (next === null) return now === 'overdue';
      return Date.parse(next) > Date.parse(asOf) && classifyPending(next, due, cal, { warnDays: w }) !== now;
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
export function naiveAddWorkingDays(isWorking: (d: LocalDate) => boolean, start: LocalDate, n: number): LocalDate {
  let dn = parseLocalDate(start);
  if (n === 0) {
    while (!isWorking(formatDay(dn))) dn++;
    return formatDay(dn);
  }
  const step = n > 0 ? 1 : -1;
  let left = Math.abs(n);
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
