/**
 * Inputs shared by the legal due date and the KPI clock: supplement
 * intervals (yêu cầu bổ sung → bổ sung) and the apology's new date (Form 04).
 */
import { CalendarError, show } from './errors';
import { parseLocalDate } from './dates';
import { localDayOfMs, parseInstant, toMs } from './instant';
import { opsOf } from './due';
import type { DateInput, Due, LocalDate, WorkingCalendar } from './types';

/**
 * A post-acceptance supplement request (yêu cầu bổ sung, hoàn thiện) and, once answered, when the citizen provided it.
 *
 * @example
 * ```ts
 * const s: SupplementInterval = { requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-07T10:00:00.000+07:00' };
 * ```
 */
export interface SupplementInterval {
  requestedAt: DateInput;
  providedAt?: DateInput | null;
}

/**
 * An apology with a new return date (thư xin lỗi và hẹn lại, Đ19.9).
 *
 * @example
 * ```ts
 * const r: Reschedule = { issuedAt: '2025-03-07T10:00:00.000+07:00', newDue: '2025-03-14', reason: 'Chờ ý kiến cơ quan phối hợp' };
 * ```
 */
export interface Reschedule {
  issuedAt: DateInput;
  /** The new due date: a full `Due` or a local date (then due at the end of its working time). */
  newDue: Due | LocalDate;
  reason?: string;
}

export interface Interval {
  req: number;
  prov: number | null;
}

export function bad(code: 'CALENDAR_INVALID_SUPPLEMENTS' | 'CALENDAR_INVALID_RESCHEDULE', msg: string, v?: unknown): CalendarError {
  return new CalendarError(code, msg, v);
}

export function readSupplements(list: readonly SupplementInterval[] | undefined, acceptedMs: number, limitMs: number): Interval[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplements must be an array, got ${show(list)}`, list);
  const out: Interval[] = [];
  let prevEnd = acceptedMs;
  list.forEach((s, i) => {
    if (!s || typeof s !== 'object') throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${i + 1} must be {requestedAt, providedAt?}`, s);
    const req = toMs(s.requestedAt);
    if (req < prevEnd) {
      throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${i + 1} is requested before ${i === 0 ? 'acceptance' : 'the previous one was provided'}`, s);
    }
    const prov = s.providedAt === undefined || s.providedAt === null ? null : toMs(s.providedAt);
    if (prov !== null && prov < req) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${i + 1} is provided before it was requested`, s);
    if (prov === null && i !== list.length - 1) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${i + 1} has no providedAt but a later request exists`, s);
    if (req > limitMs || (prov !== null && prov > limitMs)) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${i + 1} lies after the clock reading (asOf / endedAt)`, s);
    out.push({ req, prov });
    prevEnd = prov ?? req;
  });
  return out;
}

export function toDue(d: Due | LocalDate, cal: WorkingCalendar): Due {
  if (typeof d === 'string') {
    const dn = parseLocalDate(d);
    return { date: d, at: opsOf(cal).atEnd(dn) };
  }
  if (!d || typeof d !== 'object') throw bad('CALENDAR_INVALID_RESCHEDULE', `newDue must be a Due or a local date, got ${show(d)}`, d);
  const dn = parseLocalDate(d.date);
  if (localDayOfMs(parseInstant(d.at)) !== dn) throw bad('CALENDAR_INVALID_RESCHEDULE', `newDue.at ${d.at} is not on ${d.date}`, d);
  return { date: d.date, at: d.at };
}

