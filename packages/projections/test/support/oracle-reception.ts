/**
 * Brute-force reception SLA (brief §10), separate from the projection code:
 * per dossier stream, the list of reception clocks read straight from its
 * events. A clock starts when an online dossier is submitted or resubmitted
 * (DossierSubmitted, IntakeSupplementProvided after a submission) and stops at
 * the first reception decision (accepted, refused, intake supplement
 * requested); a withdrawal or stop cancels it. Late is read from the rule
 * itself, in working time (NĐ 118/2025 Đ17.2 "08 giờ làm việc"): for a limit
 * in working hours (minute-precise), more working time than the limit has
 * elapsed between the start and the decision (`workingHoursBetween`, session
 * by session); for a limit in working days (by day), the decision's day comes
 * after a working day later than the due day (`workingDaysBetween`). Closed
 * time adds nothing either way.
 */
import type { StoredEvent } from '@motcua/core';
import { computeDue, toLocalDate, type Calendar, type ComparePolicy, type Due, type TimeLimit } from '@motcua/calendar';

interface Clock {
  unit: string;
  procedure: string;
  start: string;
  due: Due;
  stop?: { at: string; kind: 'accepted' | 'refused' | 'supplementRequested' | 'cancelled' };
}

export function receptionClocks(events: readonly StoredEvent[], cal: Calendar, limit: TimeLimit): Clock[] {
  const byStream = new Map<string, StoredEvent[]>();
  for (const e of events) if (e.streamId.startsWith('dossier-')) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  const out: Clock[] = [];
  for (const evs of byStream.values()) {
    let who: { unit: string; procedure: string } | undefined;
    let running: Clock | undefined;
    for (const e of evs) {
      const at = e.metadata.occurredAt;
      if (e.type === 'DossierSubmitted') {
        const d = e.data as { unit: { code: string }; procedure: { code: string; version: string } };
        who = { unit: d.unit.code, procedure: d.procedure.version === '1' ? d.procedure.code : `${d.procedure.code}@${d.procedure.version}` };
        running = { ...who, start: at, due: computeDue(at, limit, cal) };
        out.push(running);
      } else if (e.type === 'IntakeSupplementProvided' && who && !running) {
        running = { ...who, start: at, due: computeDue(at, limit, cal) };
        out.push(running);
      } else if (running && ['DossierAccepted', 'ReceptionRefused', 'IntakeSupplementRequested', 'WithdrawalRequested', 'ProcessingStopped'].includes(e.type)) {
        const kind =
          e.type === 'DossierAccepted' ? 'accepted' : e.type === 'ReceptionRefused' ? 'refused' : e.type === 'IntakeSupplementRequested' ? 'supplementRequested' : 'cancelled';
        running.stop = { at, kind };
        running = undefined;
        if (kind !== 'supplementRequested') who = undefined;
      }
    }
  }
  return out;
}

/** Is a decision at `at` late for the clock started at `start` (due `due`)? See the file's comment. */
export function lateAt(at: string, start: string, due: Due, cal: Calendar, limit: TimeLimit, policy: ComparePolicy): boolean {
  if (policy === 'minute') {
    if (limit.unit !== 'workingHours') throw new Error('the oracle reads the minute policy for limits in working hours only');
    return Math.round(cal.workingHoursBetween(start, at) * 3_600_000) > Math.round(limit.value * 3_600_000);
  }
  if (limit.unit !== 'workingDays') throw new Error('the oracle reads the day policy for limits in working days only');
  return cal.workingDaysBetween(due.date, toLocalDate(at)) > 0;
}

export function oracleReception(
  events: readonly StoredEvent[],
  q: { from: string; to: string; groupBy: readonly ('unit' | 'procedure')[] },
  cal: Calendar,
  limit: TimeLimit,
  policy: ComparePolicy,
) {
  const endOfTo = `${q.to}T23:59:59.999+07:00`;
  const rows = new Map<
    string,
    { submitted: number; onTime: number; late: number; accepted: number; refused: number; supplementRequested: number; cancelled: number; within: number; overdue: number }
  >();
  const inP = (d: string) => d >= q.from && d <= q.to;
  for (const c of receptionClocks(events, cal, limit)) {
    const key = JSON.stringify(q.groupBy.map((g) => c[g]));
    const r = rows.get(key) ?? { submitted: 0, onTime: 0, late: 0, accepted: 0, refused: 0, supplementRequested: 0, cancelled: 0, within: 0, overdue: 0 };
    rows.set(key, r);
    const sd = toLocalDate(c.start);
    if (inP(sd)) r.submitted++;
    const stopDay = c.stop ? toLocalDate(c.stop.at) : undefined;
    if (c.stop && inP(stopDay!)) {
      if (c.stop.kind === 'cancelled') r.cancelled++;
      else {
        r[c.stop.kind]++;
        if (lateAt(c.stop.at, c.start, c.due, cal, limit, policy)) r.late++;
        else r.onTime++;
      }
    }
    // Running at the end of the period.
    if (sd <= q.to && (stopDay === undefined || stopDay > q.to)) {
      if (lateAt(endOfTo, c.start, c.due, cal, limit, policy)) r.overdue++;
      else r.within++;
    }
  }
  return rows;
}
