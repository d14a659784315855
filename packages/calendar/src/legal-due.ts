/**
 * The legal due date (thời hạn giải quyết theo pháp luật): after a supplement,
 * the clock restarts from the day the citizen answers (NĐ 61/2018, NĐ 107/2021).
 */
import { CalendarError, show } from './errors';
import { parseLocalDate } from './dates';
import { formatInstant, localDayOfMs, toMs } from './instant';
import { checkLimit, computeDue, opsOf } from './due';
import { apologyDeadline as apologyDeadlineOf } from './apology';
import type { DueOptions } from './due';
import type { DateInput, Due, Instant, LocalDate, TimeLimit, WorkingCalendar } from './types';
import { bad, readSupplements, toDue, type Reschedule, type SupplementInterval } from './supplements';

/**
 * Input of {@link legalDue}.
 *
 * @example
 * ```ts
 * legalDue({ acceptedAt: '2025-03-03T09:00:00.000+07:00', limit: { unit: 'workingDays', value: 5 } }, cal).originalDue.date; // '2025-03-10'
 * ```
 */
export interface LegalDueInput {
  acceptedAt: DateInput;
  limit: TimeLimit;
  /** Post-acceptance supplement requests, in order. */
  supplements?: readonly SupplementInterval[];
  /** Apologies with a new date: at most one (a second throws `CALENDAR_SECOND_RESCHEDULE`). */
  reschedules?: readonly Reschedule[];
}

/**
 * The legal due dates of a dossier.
 *
 * @example
 * ```ts
 * const r: LegalDue = legalDue({ acceptedAt: '2025-03-03T09:00:00.000+07:00', limit: { unit: 'workingDays', value: 5 } }, cal);
 * r.effectiveDue?.date; // '2025-03-10'
 * ```
 */
export interface LegalDue {
  /** Due date from acceptance (ngày hẹn trả ban đầu). */
  originalDue: Due;
  /** Due date after the last completed supplement (restart), or `originalDue`; null while waiting for the citizen. */
  currentDue: Due | null;
  /** One entry per completed supplement: the clock restarted at `from`. */
  restarts: { from: Instant; due: Due }[];
  waitingForCitizen: boolean;
  waitingSince: Instant | null;
  /** The apology's new date, if any. */
  rescheduledDue: Due | null;
  /** The due date the apology replaced. */
  replacedDue: Due | null;
  /** Last day to issue the apology (1 working day before the replaced due date, §3.5). */
  apologyDeadline: LocalDate | null;
  /** True if the apology came later than `apologyDeadline` (accepted, but flagged). */
  lateApology: boolean | null;
  /** The date to show the citizen: the reschedule if issued after the last restart, else `currentDue`. */
  effectiveDue: Due | null;
}

/**
 * Legal due dates with restarts after supplements and at most one reschedule.
 *
 * @example
 * ```ts
 * import { legalDue, vietnamCalendar } from '@motcua/calendar';
 * const r = legalDue({
 *   acceptedAt: '2025-03-03T09:00:00.000+07:00',
 *   limit: { unit: 'workingDays', value: 5 },
 *   supplements: [{ requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-12T08:00:00.000+07:00' }],
 * }, vietnamCalendar());
 * r.originalDue.date; // '2025-03-10'
 * r.currentDue?.date; // '2025-03-19' (restarted from 12/03)
 * ```
 */
export function legalDue(input: LegalDueInput, cal: WorkingCalendar, opts?: DueOptions): LegalDue {
  if (!input || typeof input !== 'object') throw new CalendarError('CALENDAR_INVALID_OPTION', `legalDue input must be an object, got ${show(input)}`, input);
  checkLimit(input.limit);
  const acceptedMs = toMs(input.acceptedAt);
  const originalDue = computeDue(input.acceptedAt, input.limit, cal, opts);
  const sups = readSupplements(input.supplements, acceptedMs, Infinity);
  const restarts: { from: Instant; due: Due; ms: number }[] = [];
  for (const sup of sups) {
    if (sup.prov !== null) restarts.push({ from: formatInstant(sup.prov), due: computeDue(formatInstant(sup.prov), input.limit, cal, opts), ms: sup.prov });
  }
  const last = sups[sups.length - 1];
  const waiting = last !== undefined && last.prov === null;
  const currentDue = waiting ? null : (restarts[restarts.length - 1]?.due ?? originalDue);

  const res = input.reschedules ?? [];
  if (!Array.isArray(res)) throw bad('CALENDAR_INVALID_RESCHEDULE', `reschedules must be an array, got ${show(res)}`, res);
  if (res.length > 1) {
    throw new CalendarError('CALENDAR_SECOND_RESCHEDULE', 'the return date may be rescheduled at most once (NĐ 61/2018 Điều 19.9)', res);
  }
  let rescheduledDue: Due | null = null;
  let replacedDue: Due | null = null;
  let apologyDeadline: LocalDate | null = null;
  let lateApology: boolean | null = null;
  let effectiveDue = currentDue;
  const apology = res[0];
  if (apology) {
    const issued = toMs(apology.issuedAt);
    if (issued < acceptedMs) throw bad('CALENDAR_INVALID_RESCHEDULE', 'the apology is issued before acceptance', apology);
    const before = restarts.filter((restart) => restart.ms <= issued);
    replacedDue = before[before.length - 1]?.due ?? originalDue;
    rescheduledDue = toDue(apology.newDue, cal);
    if (rescheduledDue.date <= replacedDue.date) {
      throw bad('CALENDAR_INVALID_RESCHEDULE', `the new date ${rescheduledDue.date} must be later than the due date it replaces (${replacedDue.date})`, apology);
    }
    const ops = opsOf(cal);
    const deadlineDn = parseLocalDate(apologyDeadlineOf(cal, replacedDue.date, 1));
    apologyDeadline = ops.fmt(deadlineDn);
    lateApology = localDayOfMs(issued) > deadlineDn;
    if (before.length === restarts.length && !waiting) effectiveDue = rescheduledDue;
  }
  return {
    originalDue,
    currentDue,
    restarts: restarts.map(({ from, due }) => ({ from, due })),
    waitingForCitizen: waiting,
    waitingSince: waiting && last ? formatInstant(last.req) : null,
    rescheduledDue,
    replacedDue,
    apologyDeadline,
    lateApology,
    effectiveDue,
  };
}
