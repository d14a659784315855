/**
 * The two clocks of a dossier (brief §4.3) at an instant, built on
 * @motcua/calendar: the legal due date (restart after a supplement, optional
 * apology date) and the Decision 766 KPI clock (pause, judged at the request
 * time while waiting, more than N requests → late). For working-day limits
 * with the `day` policy the KPI clock uses the calendar's working-day
 * primitives (`workingDaysBetween`, `addWorkingDays`) exactly as `kpiClock`
 * defines it; otherwise it calls `kpiClock` itself.
 */
import { classifyResolved, kpiClock, type ComparePolicy, type Due, type TimeLimit, type WorkingCalendar } from '@motcua/calendar';
import { dayOfDate, dayOfMs, instantOfMs, startOfDayMs } from '../time';
import type { WorkingDayIndex } from '../working-days';
import type { DossierRec, Variant } from './state';

/**
 * Comparison policy option: `day`, `minute`, or `byLimit` (default): minute
 * precision for limits in working hours (a 4-hour procedure resolved 6 working
 * hours late is late), local days for every other limit.
 */
export type PolicyOption = ComparePolicy | 'byLimit';

/** The comparison policy applied to a dossier with this limit. */
export const policyOf = (limit: TimeLimit, p: PolicyOption): ComparePolicy => (p === 'byLimit' ? (limit.unit === 'workingHours' ? 'minute' : 'day') : p);

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
export function overdueFromMs(due: Due, dueDay: number, policy: ComparePolicy): number {
  return policy === 'day' ? startOfDayMs(dueDay + 1) : Date.parse(due.at) + 1;
}

/** Timeliness of an end at `endAt` against `due` — `classifyResolved`. */
export function resolvedK(endAt: string, endDay: number, due: Due, dueDay: number, policy: ComparePolicy): number {
  if (policy === 'day') return endDay < dueDay ? K_EARLY : endDay === dueDay ? K_ON_TIME : K_LATE;
  return K_OF[classifyResolved(endAt, due, { policy })];
}

function reading(label: number, overdueDay: number): PendingReading {
  return { label, overdueDay };
}

/** Is a request at `reqMs` already late against `due` (the dossier overdue when the request was made)? */
function lateAt(reqMs: number, reqDay: number, due: Due, dueDay: number, policy: ComparePolicy): boolean {
  return policy === 'day' ? reqDay > dueDay : reqMs > Date.parse(due.at);
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
 * Due date in force at `t` on the legal clock, or `waitingSince` while waiting
 * for the citizen (then `due` is the due date in force before the request).
 * A supplement request made after the due date in force (late by the
 * comparison policy) neither stops nor restarts the legal clock: the dossier
 * was already overdue and a request cannot clear that (brief §4.3, issue #10).
 */
function legalAt(r: DossierRec, t: number, resched: boolean, policy: ComparePolicy): LegalReading {
  let due = r.due0;
  let dueDay = r.dueDay0;
  let lastProv = -Infinity;
  const a = r.apology;
  const sups = r.sups;
  let waitingLate = false;
  if (sups) {
    for (const s of sups) {
      if (s.reqMs > t) break;
      // The due date in force just before the request (with the apology rule at that time).
      const useA = resched && a !== null && a.ms <= s.reqMs && a.ms >= lastProv;
      const before = useA ? a.newDue : due;
      const beforeDay = useA ? a.newDueDay : dueDay;
      if (lateAt(s.reqMs, s.reqDay, before, beforeDay, policy)) {
        // From the first late request on, supplements do not move the legal clock.
        waitingLate = sups.some((x) => x.reqMs <= t && (x.provAt === null || x.provMs > t));
        break;
      }
      if (s.provAt === null || s.provMs > t) return { due: before, dueDay: beforeDay, waitingSince: s.reqAt, waitingMs: s.reqMs, waitingLate: false };
      due = s.due!;
      dueDay = s.dueDay;
      lastProv = s.provMs;
    }
  }
  if (resched && a && a.ms <= t && a.ms >= lastProv) return { due: a.newDue, dueDay: a.newDueDay, waitingSince: null, waitingMs: 0, waitingLate };
  return { due, dueDay, waitingSince: null, waitingMs: 0, waitingLate };
}

/** Too many supplement requests for the KPI clock at `t` (post-acceptance requests made by `t` plus counted intake requests). */
function tooManyAt(r: DossierRec, n: number, env: ClockEnv): boolean {
  return env.maxSup !== null && n + (r.intakeSups ?? 0) > env.maxSup;
}

/** The KPI clock reads exactly like the legal one: no post-acceptance supplement and not too many intake requests. */
export function kpiIsLegal(r: DossierRec, env: ClockEnv): boolean {
  return r.sups === null && !tooManyAt(r, 0, env);
}

const fastKpi = (r: DossierRec, pol: ComparePolicy): boolean => pol === 'day' && (r.limit.unit === 'workingDays' || r.limit.unit === 'sameDay');

function kpiInput(r: DossierRec, t: number, ended: boolean, resched: boolean) {
  const sups = (r.sups ?? []).filter((s) => s.reqMs <= t).map((s) => ({ requestedAt: s.reqAt, providedAt: s.provAt !== null && s.provMs <= t ? s.provAt : null }));
  const a = r.apology;
  const asOf = instantOfMs(Math.max(t, Date.parse(r.acceptedAt)));
  return {
    acceptedAt: r.acceptedAt,
    limit: r.limit,
    supplements: sups,
    intakeSupplementRequests: r.intakeSups ?? 0,
    endedAt: ended ? asOf : null,
    asOf,
    ...(resched && a && a.ms <= t ? { rescheduledDue: a.newDue } : {}),
  };
}

/** KPI due day (fast path): the base due date shifted by the paused working days of the intervals given. */
function kpiDueDay(r: DossierRec, env: ClockEnv, base: Due, baseDay: number, closedCount: number, t: number, endDay: number): number {
  let paused = 0;
  const sups = r.sups ?? [];
  for (let i = 0; i < closedCount; i++) {
    const s = sups[i]!;
    const provDay = s.provAt !== null && s.provMs <= t ? s.provDay : endDay;
    paused += env.wd.between(s.reqDay, provDay);
  }
  return paused === 0 ? baseDay : env.wd.add(baseDay, paused);
}

/**
 * Pending reading of a dossier at instant `t` (not ended at `t`) on one clock variant.
 * Legal: waiting for the citizen on a request made within time reads
 * `waiting-within` (the time limit restarts); on a request made after the due
 * date it reads `waiting-overdue` (measured against the due date in force).
 * KPI: waiting reads the verdict at the request time; more than `maxSup` requests → overdue.
 */
export function pendingAt(r: DossierRec, t: number, v: Variant, env: ClockEnv): PendingReading {
  const resched = v === 1 || v === 3;
  const pol = policyOf(r.limit, env.policy);
  if (v < 2 || kpiIsLegal(r, env)) {
    // Without supplements the KPI clock equals the legal one (nothing paused).
    const l = legalAt(r, t, resched, pol);
    if (l.waitingSince !== null) return reading(L_WAIT_WITHIN, Infinity);
    const from = overdueFromMs(l.due, l.dueDay, pol);
    const over = l.waitingLate ? L_WAIT_OVERDUE : L_OVERDUE;
    const within = l.waitingLate ? L_WAIT_WITHIN : L_WITHIN;
    return t >= from ? reading(over, Infinity) : reading(within, dayOfMs(from));
  }
  if (!fastKpi(r, pol)) {
    const k = kpiClock(kpiInput(r, t, false, resched), env.cal, { maxSupplementRequests: env.maxSup, policy: pol, warnDays: 0 });
    const verdict = resched && k.vsRescheduled ? k.vsRescheduled : k;
    const overdue = verdict.timeliness === 'overdue';
    if (k.state === 'waitingForCitizen') return reading(overdue ? L_WAIT_OVERDUE : L_WAIT_WITHIN, Infinity);
    if (overdue) return reading(L_OVERDUE, Infinity);
    return reading(L_WITHIN, dayOfMs(overdueFromMs(verdict.kpiDue, dayOfDate(verdict.kpiDue.date), pol)));
  }
  const sups = r.sups ?? [];
  let n = 0;
  while (n < sups.length && sups[n]!.reqMs <= t) n++;
  const tooMany = tooManyAt(r, n, env);
  const last = n > 0 ? sups[n - 1]! : undefined;
  const waiting = last !== undefined && (last.provAt === null || last.provMs > t);
  const a = r.apology;
  const useNew = resched && a !== null && a.ms <= t;
  const base = useNew ? a.newDue : r.due0;
  const baseDay = useNew ? a.newDueDay : r.dueDay0;
  const kDay = kpiDueDay(r, env, base, baseDay, waiting ? n - 1 : n, t, -1);
  if (waiting) return reading(tooMany || last!.reqDay > kDay ? L_WAIT_OVERDUE : L_WAIT_WITHIN, Infinity);
  if (tooMany) return reading(L_OVERDUE, Infinity);
  return dayOfMs(t) > kDay ? reading(L_OVERDUE, Infinity) : reading(L_WITHIN, kDay + 1);
}

/**
 * Timeliness (K_EARLY / K_ON_TIME / K_LATE) of a dossier that ended at `endAt` on one clock variant.
 * Legal: ended while waiting for the citizen → measured at the request time
 * against the due date in force before it (a request made after the due date
 * does not stop the clock: measured at the end, hence late).
 */
export function endedK(r: DossierRec, endAt: string, endMs: number, endDay: number, v: Variant, env: ClockEnv): number {
  const resched = v === 1 || v === 3;
  const pol = policyOf(r.limit, env.policy);
  if (v < 2 || kpiIsLegal(r, env)) {
    const l = legalAt(r, endMs, resched, pol);
    if (l.waitingSince !== null) return resolvedK(l.waitingSince, dayOfMs(l.waitingMs), l.due, l.dueDay, pol);
    return resolvedK(endAt, endDay, l.due, l.dueDay, pol);
  }
  if (!fastKpi(r, pol)) {
    const k = kpiClock(kpiInput(r, endMs, true, resched), env.cal, { maxSupplementRequests: env.maxSup, policy: pol });
    const verdict = resched && k.vsRescheduled ? k.vsRescheduled : k;
    return K_OF[verdict.timeliness as 'early' | 'onTime' | 'late'];
  }
  const sups = r.sups ?? [];
  if (tooManyAt(r, sups.length, env)) return K_LATE;
  const a = r.apology;
  const base = resched && a ? a.newDue : r.due0;
  const baseDay = resched && a ? a.newDueDay : r.dueDay0;
  const kDay = kpiDueDay(r, env, base, baseDay, sups.length, endMs, endDay);
  return endDay < kDay ? K_EARLY : endDay === kDay ? K_ON_TIME : K_LATE;
}
