/**
 * Two clocks after supplement requests (domain brief §4.3, keep both):
 *
 * - **Legal due date** (NĐ 61 Đ19.4): when a post-acceptance supplement is
 *   completed, the time limit restarts from zero: `due = computeDue(providedAt, limit)`.
 *   Plus the apology-and-reschedule (Đ19.9): at most one, giving
 *   `originalDue` and `rescheduledDue`.
 * - **KPI clock** (QĐ 766 indicator 2.1, F766): supplement time is subtracted
 *   (a pause), a dossier still waiting for the citizen is judged at the request
 *   time — pending, or ended (withdrawn, stopped, closed) before the citizen
 *   answered — and more than one supplement request makes the dossier late
 *   (configurable).
 */
import { checkInteger } from './options';
import { addWorkingMs, workingMsBetween } from './working-time';
import { classifyPending, classifyResolved } from './classify';
import type { ComparePolicy, PendingTimeliness, Timeliness } from './classify';
import { CalendarError, show } from './errors';
import { parseLocalDate } from './dates';
import { formatInstant, localDayOfMs, parseInstant, toMs } from './instant';
import { checkLimit, computeDue, opsOf } from './due';
import type { DueOptions } from './due';
import type { DateInput, Due, Instant, TimeLimit, WorkingCalendar } from './types';
import { readSupplements, toDue, type Interval, type SupplementInterval } from './supplements';

export type { SupplementInterval, Reschedule } from './supplements';
export { legalDue } from './legal-due';
export type { LegalDueInput, LegalDue } from './legal-due';

/**
 * Input of {@link kpiClock}.
 *
 * @example
 * ```ts
 * kpiClock({ acceptedAt: '2025-03-03T09:00:00.000+07:00', limit: { unit: 'workingDays', value: 5 }, asOf: '2025-03-31T00:00:00.000+07:00' }, cal).timeliness; // 'overdue'
 * ```
 */
export interface KpiInput {
  acceptedAt: DateInput;
  limit: TimeLimit;
  /** Post-acceptance supplement requests, in order (intake requests excluded: brief §11). */
  supplements?: readonly SupplementInterval[];
  /**
   * Intake supplement requests (Form 02 before acceptance) to count towards
   * "more than `maxSupplementRequests` → late" (default 0: post-acceptance only,
   * brief §11; set it when the rule pack's `kpiCountIntakeSupplements` is true).
   * They never pause the clock (it had not started).
   */
  intakeSupplementRequests?: number;
  /**
   * When processing ended (resolved > returned > stopped/refused), if it has.
   * A dossier that ended while the last supplement request was unanswered is
   * judged at that request time, like a pending one waiting for the citizen.
   */
  endedAt?: DateInput | null;
  /** The reading instant (e.g. the end of the reporting period). */
  asOf: DateInput;
  /** An apology's new date, to report both ways (brief §11). */
  rescheduledDue?: Due | null;
}

/**
 * Options of {@link kpiClock}.
 *
 * @example
 * ```ts
 * kpiClock(input, cal, { maxSupplementRequests: 2, policy: 'minute', warnDays: 1 });
 * ```
 */
export interface KpiOptions extends DueOptions {
  /** More supplement requests than this → late (default 1; `null` disables the rule). */
  maxSupplementRequests?: number | null;
  policy?: ComparePolicy;
  /** Warning window for pending dossiers (default 2 working days). */
  warnDays?: number;
}

/**
 * A KPI reading against one due date.
 *
 * @example
 * ```ts
 * kpiClock(input, cal).vsRescheduled; // { kpiDue, timeliness, onTime } or null
 * ```
 */
export interface KpiVerdict {
  /** The due date shifted by the paused time. */
  kpiDue: Due;
  timeliness: Timeliness | PendingTimeliness;
  /** Counts toward the numerator of indicator 2.1 (on time, early, or still within time). */
  onTime: boolean;
}

/**
 * The KPI clock of a dossier.
 *
 * @example
 * ```ts
 * const k: KpiClock = kpiClock(input, cal);
 * if (!k.onTime) console.log(k.reasons);
 * ```
 */
export interface KpiClock extends KpiVerdict {
  originalDue: Due;
  /** Paused time in the limit's unit (working days, working hours or calendar days). */
  paused: number;
  pausedUnit: 'workingDays' | 'workingHours' | 'calendarDays';
  state: 'ended' | 'waitingForCitizen' | 'running';
  /**
   * The instant the clock is read at: the request time of an unanswered last
   * supplement request (waiting for the citizen, or ended while still
   * waiting), else `endedAt`, else `asOf`.
   */
  end: Instant;
  /** Post-acceptance requests plus counted intake requests. */
  supplementRequests: number;
  tooManySupplements: boolean;
  /** The same reading against the rescheduled due date, if one was given. */
  vsRescheduled: KpiVerdict | null;
  reasons: string[];
}

/** Time paused by answered supplements (an unanswered one pauses nothing: the clock is read at its request). */
function pausedAmount(limit: TimeLimit, cal: WorkingCalendar, sups: Interval[]): number {
  const ops = opsOf(cal);
  let total = 0;
  for (const sup of sups) {
    const until = sup.prov ?? sup.req;
    if (limit.unit === 'workingHours') total += workingMsBetween(ops, sup.req, until);
    else if (limit.unit === 'calendarDays') total += localDayOfMs(until) - localDayOfMs(sup.req);
    else total += ops.between(localDayOfMs(sup.req), localDayOfMs(until));
  }
  return total;
}

function shift(due: Due, limit: TimeLimit, cal: WorkingCalendar, paused: number, opts: KpiOptions | undefined): Due {
  if (paused === 0) return due;
  const ops = opsOf(cal);
  if (limit.unit === 'workingHours') {
    const at = addWorkingMs(ops, parseInstant(due.at), paused);
    return { date: ops.fmt(localDayOfMs(at)), at: formatInstant(at) };
  }
  let dn = parseLocalDate(due.date);
  if (limit.unit === 'calendarDays') {
    dn += paused;
    if ((opts?.rollForward ?? true) && !ops.isWorking(dn)) dn = ops.add(dn, 0);
  } else dn = ops.add(dn, paused);
  return { date: ops.fmt(dn), at: ops.atEnd(dn) };
}

/**
 * The KPI clock (QĐ 766 indicator 2.1): pause semantics, request-time end for
 * dossiers waiting for the citizen, and "more than one supplement request →
 * late". Pauses are measured in the limit's unit: working days paused =
 * working days `d` with request day < d ≤ provided day; the KPI due date is
 * the original one shifted by that many working days.
 *
 * A dossier whose last supplement request is unanswered is read at that
 * request time against the due date shifted by the answered supplements only:
 * while pending (`waitingForCitizen`), and also once it ended before the
 * citizen answered (withdrawal, stop, closure: `ended`, judged early / on time
 * / late at the request), so the day it ends on never changes the verdict.
 *
 * @example
 * ```ts
 * import { kpiClock, vietnamCalendar } from '@motcua/calendar';
 * const k = kpiClock({
 *   acceptedAt: '2025-03-03T09:00:00.000+07:00',
 *   limit: { unit: 'workingDays', value: 5 },
 *   supplements: [{ requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-07T10:00:00.000+07:00' }],
 *   endedAt: '2025-03-11T16:00:00.000+07:00',
 *   asOf: '2025-03-31T00:00:00.000+07:00',
 * }, vietnamCalendar());
 * k.kpiDue.date; // '2025-03-12' (10/03 + 2 paused working days)
 * k.timeliness;  // 'early'
 * ```
 */
export function kpiClock(input: KpiInput, cal: WorkingCalendar, opts?: KpiOptions): KpiClock {
  if (!input || typeof input !== 'object') throw new CalendarError('CALENDAR_INVALID_OPTION', `kpiClock input must be an object, got ${show(input)}`, input);
  const limit = checkLimit(input.limit);
  const acceptedMs = toMs(input.acceptedAt);
  const asOfMs = toMs(input.asOf);
  if (asOfMs < acceptedMs) throw new CalendarError('CALENDAR_INVALID_DATE', 'asOf is before acceptedAt', input.asOf);
  const endedMs = input.endedAt === undefined || input.endedAt === null ? null : toMs(input.endedAt);
  if (endedMs !== null && (endedMs < acceptedMs || endedMs > asOfMs)) {
    throw new CalendarError('CALENDAR_INVALID_DATE', 'endedAt must lie between acceptedAt and asOf', input.endedAt);
  }
  const max = opts?.maxSupplementRequests === undefined ? 1 : opts.maxSupplementRequests;
  if (max !== null) checkInteger(max, 'maxSupplementRequests', 0, 1000);
  const sups = readSupplements(input.supplements, acceptedMs, endedMs ?? asOfMs);
  const last = sups[sups.length - 1];
  const open = last !== undefined && last.prov === null;
  const reasons: string[] = [];

  let state: KpiClock['state'];
  let endMs: number;
  if (open && last) {
    // F766: "waiting for the citizen: end = request time" — pending, or ended before the citizen answered.
    state = endedMs !== null ? 'ended' : 'waitingForCitizen';
    endMs = last.req;
    reasons.push(
      endedMs !== null
        ? 'ended while waiting for the citizen: judged at the request time, against the due date shifted by the answered supplements only (F766)'
        : 'waiting for the citizen: the clock is read at the request time (F766)',
    );
  } else if (endedMs !== null) {
    state = 'ended';
    endMs = endedMs;
  } else {
    state = 'running';
    endMs = asOfMs;
  }
  // Pauses: the answered supplements only (an unanswered last request ends the clock at its request time).
  const closed = open ? sups.slice(0, -1) : sups;
  const paused = pausedAmount(limit, cal, closed);
  const originalDue = computeDue(input.acceptedAt, limit, cal, opts);
  const intake = input.intakeSupplementRequests ?? 0;
  checkInteger(intake, 'intakeSupplementRequests', 0, 1000);
  const requests = sups.length + intake;
  const tooMany = max !== null && requests > max;
  if (tooMany) reasons.push(`${requests} supplement requests${intake > 0 ? ` (${intake} at intake)` : ''} (more than ${max}): counted as late (F766)`);
  if (paused > 0)
    reasons.push(
      `paused ${limit.unit === 'workingHours' ? `${paused / 3_600_000} working hours` : `${paused} ${limit.unit === 'calendarDays' ? 'calendar' : 'working'} days`} for supplements`,
    );

  const policy = opts?.policy ?? 'day';
  const verdict = (base: Due): KpiVerdict => {
    const kpiDue = shift(base, limit, cal, paused, opts);
    if (state === 'ended') {
      const timeliness: Timeliness = tooMany ? 'late' : classifyResolved(formatInstant(endMs), kpiDue, { policy, calendar: cal });
      return { kpiDue, timeliness: timeliness, onTime: timeliness !== 'late' };
    }
    const pending: PendingTimeliness = tooMany ? 'overdue' : classifyPending(formatInstant(endMs), kpiDue, cal, { policy, warnDays: opts?.warnDays ?? 2 });
    return { kpiDue, timeliness: pending, onTime: pending !== 'overdue' };
  };
  const main = verdict(originalDue);
  const resched = input.rescheduledDue ? toDue(input.rescheduledDue, cal) : null;
  return {
    ...main,
    originalDue,
    paused: limit.unit === 'workingHours' ? paused / 3_600_000 : paused,
    pausedUnit: limit.unit === 'workingHours' ? 'workingHours' : limit.unit === 'calendarDays' ? 'calendarDays' : 'workingDays',
    state,
    end: formatInstant(endMs),
    supplementRequests: requests,
    tooManySupplements: tooMany,
    vsRescheduled: resched ? verdict(resched) : null,
    reasons,
  };
}
