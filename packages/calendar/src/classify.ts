/**
 * Timeliness (trước hạn / đúng hạn / quá hạn) of resolved dossiers, buckets
 * of pending ones (trong hạn / sắp đến hạn / quá hạn), and the next instant a
 * pending dossier changes bucket (for a durable deadline watcher).
 *
 * Three comparison policies (domain brief §11: store instants, make the policy explicit):
 * - `day` (default): compare local days. On time = resolved on the due date's
 *   local day; early = an earlier local day; late = a later one.
 * - `minute`: compare instants. Late = resolved strictly after `due.at`; early =
 *   resolved on an earlier local day; otherwise on time.
 * - `workingTime`: compare working time, for limits in working hours. Late =
 *   working time has elapsed after `due.at`, i.e. from the first working instant
 *   after it ({@link exceededFromMs}): closed time right after a due that ends a
 *   session (17:30, lunch, a weekend, a holiday) is on time. Early = an earlier
 *   local day; otherwise on time. Needs the calendar.
 */
import { checkInteger } from './options';
import { CalendarError, show } from './errors';
import { parseLocalDate } from './dates';
import { formatInstant, localDayOfMs, midnightMs, parseInstant, toMs } from './instant';
import { opsOf } from './due';
import { exceededFromMs } from './exceeded';
import type { DateInput, Due, Instant, WorkingCalendar } from './types';

/**
 * Timeliness of a resolved dossier (report 06a columns 8–10).
 *
 * @example
 * ```ts
 * const t: Timeliness = classifyResolved('2023-11-03T10:00:00.000+07:00', { date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' }); // 'onTime'
 * ```
 */
export type Timeliness = 'early' | 'onTime' | 'late';
/**
 * Bucket of a pending dossier (report 06a columns 12–13, plus a warning bucket).
 *
 * @example
 * ```ts
 * const p: PendingTimeliness = classifyPending('2023-11-04T08:00:00.000+07:00', { date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' }, cal); // 'overdue'
 * ```
 */
export type PendingTimeliness = 'withinTime' | 'dueSoon' | 'overdue';
/**
 * Comparison policy: `day` (local days), `minute` (instants: late strictly
 * after `due.at`) or `workingTime` (late once working time has elapsed after
 * `due.at`: the policy of limits in working hours; needs the calendar).
 *
 * @example
 * ```ts
 * classifyResolved('2023-11-03T17:30:00.000+07:00', due, { policy: 'minute' satisfies ComparePolicy }); // 'late'
 * classifyResolved('2023-11-03T17:30:00.000+07:00', due, { policy: 'workingTime', calendar: cal }); // 'onTime' (no working time after 17:00)
 * ```
 */
export type ComparePolicy = 'day' | 'minute' | 'workingTime';

/**
 * Options of {@link classifyResolved}.
 *
 * @example
 * ```ts
 * classifyResolved('2023-11-04T10:00:00.000+07:00', due, { policy: 'workingTime', calendar: vietnamCalendar() } satisfies ResolvedOptions);
 * ```
 */
export interface ResolvedOptions {
  policy?: ComparePolicy;
  /** The calendar whose sessions the `workingTime` policy counts (required by it, unused otherwise). */
  calendar?: WorkingCalendar;
}

/**
 * Options of {@link classifyPending} and {@link nextAlertAt}.
 *
 * @example
 * ```ts
 * classifyPending(asOf, due, cal, { warnDays: 3, policy: 'day' });
 * ```
 */
export interface PendingOptions {
  policy?: ComparePolicy;
  /** Warning window in working days (default 2): `dueSoon` during the last `warnDays` working days up to the due date. */
  warnDays?: number;
}

interface DueNums {
  dueDn: number;
  atMs: number;
}

function dueNums(due: Due): DueNums {
  if (!due || typeof due !== 'object') throw new CalendarError('CALENDAR_INVALID_DATE', `expected a Due {date, at}, got ${show(due)}`, due);
  const dueDn = parseLocalDate(due.date);
  const atMs = parseInstant(due.at);
  if (localDayOfMs(atMs) !== dueDn) {
    throw new CalendarError('CALENDAR_INVALID_DATE', `Due.at ${due.at} is not on Due.date ${due.date} (Asia/Ho_Chi_Minh)`, due);
  }
  return { dueDn, atMs };
}

function checkPolicy(policy: unknown): ComparePolicy {
  if (policy === undefined) return 'day';
  if (policy !== 'day' && policy !== 'minute' && policy !== 'workingTime')
    throw new CalendarError('CALENDAR_INVALID_OPTION', `policy must be 'day', 'minute' or 'workingTime', got ${show(policy)}`, policy);
  return policy;
}

/**
 * Was a dossier resolved early, on time or late?
 *
 * @example
 * ```ts
 * import { classifyResolved } from '@motcua/calendar';
 * const due = { date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' };
 * classifyResolved('2023-11-02T10:00:00.000+07:00', due);                      // 'early'
 * classifyResolved('2023-11-03T16:59:00.000+07:00', due);                      // 'onTime'
 * classifyResolved('2023-11-03T17:30:00.000+07:00', due);                      // 'onTime' (day policy)
 * classifyResolved('2023-11-03T17:30:00.000+07:00', due, { policy: 'minute' }); // 'late'
 * classifyResolved('2023-11-04T10:00:00.000+07:00', due, { policy: 'workingTime', calendar: vietnamCalendar() }); // 'onTime' (a Saturday)
 * ```
 */
export function classifyResolved(resolvedAt: DateInput, due: Due, opts: ResolvedOptions = {}): Timeliness {
  const policy = checkPolicy(opts.policy);
  const { dueDn, atMs } = dueNums(due);
  const ms = toMs(resolvedAt);
  const dn = localDayOfMs(ms);
  if (policy === 'minute') {
    if (ms > atMs) return 'late';
    return dn < dueDn ? 'early' : 'onTime';
  }
  if (policy === 'workingTime') {
    if (!opts.calendar) throw new CalendarError('CALENDAR_INVALID_OPTION', "the 'workingTime' policy needs the calendar (option `calendar`)", opts);
    if (ms >= exceededFromMs(atMs, opts.calendar)) return 'late';
    return dn < dueDn ? 'early' : 'onTime';
  }
  return dn < dueDn ? 'early' : dn === dueDn ? 'onTime' : 'late';
}

/**
 * The instants at which a pending dossier enters `dueSoon` and `overdue`.
 *
 * @example
 * ```ts
 * const a: AlertSchedule = alertSchedule({ date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' }, cal, 2);
 * // { dueSoonAt: '2023-11-02T00:00:00.000+07:00', overdueAt: '2023-11-04T00:00:00.000+07:00' }
 * ```
 */
export interface AlertSchedule {
  /** Start of the warning window, or null if `warnDays` is 0. */
  dueSoonAt: Instant | null;
  /** First instant at which the dossier is overdue. */
  overdueAt: Instant;
}

function schedule(due: Due, cal: WorkingCalendar, warnDays: number, policy: ComparePolicy): { soon: number; over: number } {
  const { dueDn, atMs } = dueNums(due);
  const ops = opsOf(cal);
  checkInteger(warnDays, 'warnDays', 0, 1000);
  const over = policy === 'minute' ? atMs + 1 : policy === 'workingTime' ? exceededFromMs(atMs, cal) : midnightMs(dueDn + 1);
  // dueSoon ⇔ fewer than warnDays working days d with asOfDay < d ≤ due.date remain,
  // i.e. from local midnight of the warnDays-th working day counting back from due.date (inclusive).
  const soon = warnDays === 0 ? Infinity : midnightMs(ops.add(dueDn + 1, -warnDays));
  return { soon: soon === Infinity ? Infinity : Math.min(soon, over), over };
}

/**
 * When does a pending dossier enter `dueSoon` and `overdue`?
 *
 * @example
 * ```ts
 * import { alertSchedule, vietnamCalendar } from '@motcua/calendar';
 * alertSchedule({ date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' }, vietnamCalendar(), 2);
 * // { dueSoonAt: '2023-11-02T00:00:00.000+07:00', overdueAt: '2023-11-04T00:00:00.000+07:00' }
 * ```
 */
export function alertSchedule(due: Due, cal: WorkingCalendar, warnDays: number, opts: { policy?: ComparePolicy } = {}): AlertSchedule {
  const bounds = schedule(due, cal, warnDays, checkPolicy(opts.policy));
  return { dueSoonAt: bounds.soon === Infinity ? null : formatInstant(bounds.soon), overdueAt: formatInstant(bounds.over) };
}

/**
 * The bucket of a pending (unresolved) dossier at instant `asOf`.
 *
 * @example
 * ```ts
 * import { classifyPending, vietnamCalendar } from '@motcua/calendar';
 * const cal = vietnamCalendar();
 * const due = { date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' };
 * classifyPending('2023-10-30T08:00:00.000+07:00', due, cal); // 'withinTime'
 * classifyPending('2023-11-02T08:00:00.000+07:00', due, cal); // 'dueSoon' (last 2 working days)
 * classifyPending('2023-11-04T08:00:00.000+07:00', due, cal); // 'overdue'
 * ```
 */
export function classifyPending(asOf: DateInput, due: Due, cal: WorkingCalendar, opts: PendingOptions = {}): PendingTimeliness {
  const bounds = schedule(due, cal, opts.warnDays ?? 2, checkPolicy(opts.policy));
  const ms = toMs(asOf);
  return ms >= bounds.over ? 'overdue' : ms >= bounds.soon ? 'dueSoon' : 'withinTime';
}

/**
 * The instant at which a pending dossier will next change bucket after
 * `asOf`, or `null` if it is already overdue (no further change). At the
 * returned instant `classifyPending` gives a different bucket than at `asOf`.
 *
 * @example
 * ```ts
 * import { nextAlertAt, vietnamCalendar } from '@motcua/calendar';
 * const due = { date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' };
 * nextAlertAt(due, vietnamCalendar(), 2, '2023-10-30T08:00:00.000+07:00'); // '2023-11-02T00:00:00.000+07:00'
 * ```
 */
export function nextAlertAt(due: Due, cal: WorkingCalendar, warnDays: number, asOf: DateInput, opts: { policy?: ComparePolicy } = {}): Instant | null {
  const bounds = schedule(due, cal, warnDays, checkPolicy(opts.policy));
  const ms = toMs(asOf);
  if (bounds.soon !== Infinity && ms < bounds.soon) return formatInstant(bounds.soon);
  if (ms < bounds.over) return formatInstant(bounds.over);
  return null;
}
