/**
 * The two clocks of a dossier (brief §4.3) at an instant, built on
 * @motcua/calendar: the legal due date (restart after a supplement, optional
 * apology date) and the Decision 766 KPI clock (pause, judged at the request
 * time while waiting — pending, or ended before the citizen answered — more
 * than N requests → late). For working-day limits
 * with the `day` policy the KPI clock uses the calendar's working-day
 * primitives (`workingDaysBetween`, `addWorkingDays`) exactly as `kpiClock`
 * defines it; otherwise it calls `kpiClock` itself.
 */
import { exceededFromMs, kpiClock, type ComparePolicy, type Due, type TimeLimit, type WorkingCalendar } from '@motcua/calendar';
import { dayOfDate, dayOfMs, instantOfMs, startOfDayMs } from '../time';
import type { WorkingDayIndex } from '../working-days';
import type { ClockRec, Variant } from './state';

/**
 * Comparison policy option: `day`, `minute`, `workingTime`, or `byLimit`
 * (default): working time for limits in working hours (a 4-hour procedure
 * resolved 6 working hours late is late; one resolved at 17:30 after a 17:00
 * due is not: closed time adds no working time), local days for every other
 * limit. Under `minute` too a limit in working hours is compared by working
 * time (`workingTime`); other limits by the instant.
 */
export type PolicyOption = ComparePolicy | 'byLimit';

/**
 * The comparison policy applied to a dossier with this limit: a limit in
 * working hours is exceeded only by working time (`workingTime`, from the
 * first working instant after its due) under `byLimit` and `minute`.
 */
export const policyOf = (limit: TimeLimit, option: PolicyOption): ComparePolicy =>
  limit.unit === 'workingHours' ? (option === 'byLimit' || option === 'minute' ? 'workingTime' : option) : option === 'byLimit' ? 'day' : option;

export interface ClockEnv {
  cal: WorkingCalendar;
  policy: PolicyOption;
  /** KPI: more supplement requests than this → late (default 1; null disables). */
  maxSup: number | null;
  /** Cached working-day counts of `cal`. */
  wd: WorkingDayIndex;
}

/** Pending labels. */
export const L_WITHIN = 0;
export const L_OVERDUE = 1;
export const L_WAIT_WITHIN = 2;
export const L_WAIT_OVERDUE = 3;

/** Resolved timeliness codes. */
export const K_EARLY = 0;
export const K_ON_TIME = 1;
export const K_LATE = 2;
const K_OF = { early: K_EARLY, onTime: K_ON_TIME, late: K_LATE } as const;

/** A pending reading: label, and for `within` / `waiting-within` the first day at whose end it reads overdue / waiting-overdue. */
export interface PendingReading {
  label: number;
  overdueDay: number;
}

/** First instant (ms) at which a pending dossier with this due date is overdue — `alertSchedule(due).overdueAt`. */
export function overdueFromMs(due: Due, dueDay: number, policy: ComparePolicy, cal: WorkingCalendar): number {
  if (policy === 'day') return startOfDayMs(dueDay + 1);
  return policy === 'workingTime' ? exceededFromMs(Date.parse(due.at), cal) : Date.parse(due.at) + 1;
}

/** Timeliness of an end at `endMs` against `due`, as `classifyResolved` reads it (`overdueFromMs`: from when it is late). */
export function resolvedK(endMs: number, endDay: number, due: Due, dueDay: number, policy: ComparePolicy, cal: WorkingCalendar): number {
  if (policy === 'day') return endDay < dueDay ? K_EARLY : endDay === dueDay ? K_ON_TIME : K_LATE;
  return endMs >= overdueFromMs(due, dueDay, policy, cal) ? K_LATE : endDay < dueDay ? K_EARLY : K_ON_TIME;
}

function reading(label: number, overdueDay: number): PendingReading {
  return { label, overdueDay };
}

/** Is a request at `reqMs` already late against `due` (the dossier overdue when the request was made)? */
function lateAt(reqMs: number, reqDay: number, due: Due, dueDay: number, policy: ComparePolicy, cal: WorkingCalendar): boolean {
  return policy === 'day' ? reqDay > dueDay : reqMs >= overdueFromMs(due, dueDay, policy, cal);
}

interface LegalReading {
  due: Due;
  dueDay: number;
  /** Waiting for the citizen on a request made within time: the legal clock is stopped. */
  waitingSince: string | null;
  waitingMs: number;
  /** Waiting for the citizen on a request made after the due date: the clock is not stopped (still overdue). */
  waitingLate: boolean;
}

/**
 * Due date in force at `atMs` on the legal clock, or `waitingSince` while waiting
 * for the citizen (then `due` is the due date in force before the request).
 * A supplement request made after the due date in force (late by the
 * comparison policy) neither stops nor restarts the legal clock: the dossier
 * was already overdue and a request cannot clear that (brief §4.3, issue #10).
 */
function legalAt(record: ClockRec, atMs: number, resched: boolean, policy: ComparePolicy, cal: WorkingCalendar): LegalReading {
  let due = record.due0;
  let dueDay = record.dueDay0;
  let lastProv = -Infinity;
  const apology = record.apology;
  const sups = record.sups;
  let waitingLate = false;
  if (sups) {
    for (const sup of sups) {
      if (sup.reqMs > atMs) break;
      // The due date in force just before the request (with the apology rule at that time).
      const useA = resched && apology !== null && apology.ms <= sup.reqMs && apology.ms >= lastProv;
      const before = useA ? apology.newDue : due;
      const beforeDay = useA ? apology.newDueDay : dueDay;
      if (lateAt(sup.reqMs, sup.reqDay, before, beforeDay, policy, cal)) {
        // From the first late request on, supplements do not move the legal clock.
        waitingLate = sups.some((other) => other.reqMs <= atMs && (other.provAt === null || other.provMs > atMs));
        break;
      }
      if (sup.provAt === null || sup.provMs > atMs) return { due: before, dueDay: beforeDay, waitingSince: sup.reqAt, waitingMs: sup.reqMs, waitingLate: false };
      due = sup.due!;
      dueDay = sup.dueDay;
      lastProv = sup.provMs;
    }
  }
  if (resched && apology && apology.ms <= atMs && apology.ms >= lastProv) return { due: apology.newDue, dueDay: apology.newDueDay, waitingSince: null, waitingMs: 0, waitingLate };
  return { due, dueDay, waitingSince: null, waitingMs: 0, waitingLate };
}

/** Too many supplement requests for the KPI clock at `atMs` (`requests` post-acceptance requests made by then, plus counted intake requests). */
function tooManyAt(record: ClockRec, requests: number, env: ClockEnv): boolean {
  return env.maxSup !== null && requests + (record.intakeSups ?? 0) > env.maxSup;
}

/** The KPI clock reads exactly like the legal one: no post-acceptance supplement and not too many intake requests. */
export function kpiIsLegal(record: ClockRec, env: ClockEnv): boolean {
  return record.sups === null && !tooManyAt(record, 0, env);
}

const fastKpi = (record: ClockRec, pol: ComparePolicy): boolean => pol === 'day' && (record.limit.unit === 'workingDays' || record.limit.unit === 'sameDay');

function kpiInput(record: ClockRec, atMs: number, ended: boolean, resched: boolean) {
  const sups = (record.sups ?? [])
    .filter((sup) => sup.reqMs <= atMs)
    .map((sup) => ({ requestedAt: sup.reqAt, providedAt: sup.provAt !== null && sup.provMs <= atMs ? sup.provAt : null }));
  const apology = record.apology;
  const asOf = instantOfMs(Math.max(atMs, Date.parse(record.acceptedAt)));
  return {
    acceptedAt: record.acceptedAt,
    limit: record.limit,
    supplements: sups,
    intakeSupplementRequests: record.intakeSups ?? 0,
    endedAt: ended ? asOf : null,
    asOf,
    ...(resched && apology && apology.ms <= atMs ? { rescheduledDue: apology.newDue } : {}),
  };
}

/**
 * KPI due day (fast path): the base due day shifted by the working days paused
 * by the first `closedCount` supplements, all answered by the reading instant
 * (an unanswered last request pauses nothing: the clock is read at its request time).
 */
function kpiDueDay(record: ClockRec, env: ClockEnv, baseDay: number, closedCount: number): number {
  let paused = 0;
  const sups = record.sups ?? [];
  for (let i = 0; i < closedCount; i++) {
    const sup = sups[i]!;
    paused += env.wd.between(sup.reqDay, sup.provDay);
  }
  return paused === 0 ? baseDay : env.wd.add(baseDay, paused);
}

/** Post-acceptance supplement requests made by `atMs`, and whether the last of them is unanswered then (waiting for the citizen). */
function requestsAt(record: ClockRec, atMs: number): { requests: number; waiting: boolean } {
  const sups = record.sups ?? [];
  let requests = 0;
  while (requests < sups.length && sups[requests]!.reqMs <= atMs) requests++;
  const last = requests > 0 ? sups[requests - 1]! : undefined;
  return { requests, waiting: last !== undefined && (last.provAt === null || last.provMs > atMs) };
}

/**
 * Pending reading of a dossier at instant `atMs` (not ended then) on one clock variant.
 * Legal: waiting for the citizen on a request made within time reads
 * `waiting-within` (the time limit restarts); on a request made after the due
 * date it reads `waiting-overdue` (measured against the due date in force).
 * KPI: waiting reads the verdict at the request time; more than `maxSup` requests → overdue.
 */
export function pendingAt(record: ClockRec, atMs: number, variant: Variant, env: ClockEnv): PendingReading {
  const resched = variant === 1 || variant === 3;
  const pol = policyOf(record.limit, env.policy);
  if (variant < 2 || kpiIsLegal(record, env)) {
    // Without supplements the KPI clock equals the legal one (nothing paused).
    const legal = legalAt(record, atMs, resched, pol, env.cal);
    if (legal.waitingSince !== null) return reading(L_WAIT_WITHIN, Infinity);
    const from = overdueFromMs(legal.due, legal.dueDay, pol, env.cal);
    const over = legal.waitingLate ? L_WAIT_OVERDUE : L_OVERDUE;
    const within = legal.waitingLate ? L_WAIT_WITHIN : L_WITHIN;
    return atMs >= from ? reading(over, Infinity) : reading(within, dayOfMs(from));
  }
  if (!fastKpi(record, pol)) {
    const kpi = kpiClock(kpiInput(record, atMs, false, resched), env.cal, { maxSupplementRequests: env.maxSup, policy: pol, warnDays: 0 });
    const verdict = resched && kpi.vsRescheduled ? kpi.vsRescheduled : kpi;
    const overdue = verdict.timeliness === 'overdue';
    if (kpi.state === 'waitingForCitizen') return reading(overdue ? L_WAIT_OVERDUE : L_WAIT_WITHIN, Infinity);
    if (overdue) return reading(L_OVERDUE, Infinity);
    return reading(L_WITHIN, dayOfMs(overdueFromMs(verdict.kpiDue, dayOfDate(verdict.kpiDue.date), pol, env.cal)));
  }
  const { requests, waiting } = requestsAt(record, atMs);
  const tooMany = tooManyAt(record, requests, env);
  const apology = record.apology;
  const useNew = resched && apology !== null && apology.ms <= atMs;
  const baseDay = useNew ? apology.newDueDay : record.dueDay0;
  const kDay = kpiDueDay(record, env, baseDay, waiting ? requests - 1 : requests);
  if (waiting) return reading(tooMany || record.sups![requests - 1]!.reqDay > kDay ? L_WAIT_OVERDUE : L_WAIT_WITHIN, Infinity);
  if (tooMany) return reading(L_OVERDUE, Infinity);
  return dayOfMs(atMs) > kDay ? reading(L_OVERDUE, Infinity) : reading(L_WITHIN, kDay + 1);
}

/**
 * Timeliness (K_EARLY / K_ON_TIME / K_LATE) of a dossier that ended at `endMs` on one clock variant.
 * Legal: ended while waiting for the citizen → measured at the request time
 * against the due date in force before it (a request made after the due date
 * does not stop the clock: measured at the end, hence late).
 * KPI: ended while waiting for the citizen → judged like the waiting state
 * (F766 "end = request time"): at the request time, against the due date
 * shifted by the answered supplements only, whatever day the dossier ended on.
 */
export function endedK(record: ClockRec, endMs: number, endDay: number, variant: Variant, env: ClockEnv): number {
  const resched = variant === 1 || variant === 3;
  const pol = policyOf(record.limit, env.policy);
  if (variant < 2 || kpiIsLegal(record, env)) {
    const legal = legalAt(record, endMs, resched, pol, env.cal);
    if (legal.waitingSince !== null) return resolvedK(legal.waitingMs, dayOfMs(legal.waitingMs), legal.due, legal.dueDay, pol, env.cal);
    return resolvedK(endMs, endDay, legal.due, legal.dueDay, pol, env.cal);
  }
  if (!fastKpi(record, pol)) {
    const kpi = kpiClock(kpiInput(record, endMs, true, resched), env.cal, { maxSupplementRequests: env.maxSup, policy: pol });
    const verdict = resched && kpi.vsRescheduled ? kpi.vsRescheduled : kpi;
    return K_OF[verdict.timeliness as 'early' | 'onTime' | 'late'];
  }
  const { requests, waiting } = requestsAt(record, endMs);
  if (tooManyAt(record, requests, env)) return K_LATE;
  const apology = record.apology;
  const baseDay = resched && apology && apology.ms <= endMs ? apology.newDueDay : record.dueDay0;
  const kDay = kpiDueDay(record, env, baseDay, waiting ? requests - 1 : requests);
  // Ended while waiting for the citizen: read at the request day.
  const day = waiting ? record.sups![requests - 1]!.reqDay : endDay;
  return day < kDay ? K_EARLY : day === kDay ? K_ON_TIME : K_LATE;
}
