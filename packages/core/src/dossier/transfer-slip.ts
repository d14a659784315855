import { classifyResolved, computeDue, type Due, type TimeLimit, type WorkingCalendar } from '../deadlines';
import { localDateOf } from '../time';
import type { AgencyRef, DossierState, Unit } from './state';

/** One agency's line on the transfer slip (phiếu chuyển hồ sơ liên thông). */
export interface TransferSlipLine {
  /** 0-based leg index: the order agencies work in on a sequential route. */
  index: number;
  agency: AgencyRef;
  role: 'lead' | 'participant';
  /** The agency's task from the procedure's internal process (absent when the route names none). */
  task?: string;
  budget: TimeLimit;
  /** The leg's deadline: its own once started; for a sequential leg not yet started, planned from the previous leg's deadline (needs a calendar). */
  due?: Due;
  /** `true` when `due` is a plan (the leg has not started), not a recorded deadline. */
  planned?: true;
  completedAt?: string;
  late?: boolean;
}

/** The transfer slip of an inter-agency dossier (NĐ 118/2025 Đ20.2; NĐ 61/2018 Đ21). */
export interface TransferSlip {
  dossierCode?: string;
  mode: 'sequential' | 'parallel';
  /** The dossier's medium when recorded (NĐ 118/2025 Đ20.2). */
  medium?: 'paper' | 'electronic';
  /** The lead agency (cơ quan chủ trì). */
  lead: AgencyRef;
  startedAt: string;
  lines: TransferSlipLine[];
}

/**
 * The transfer slip of a dossier on an inter-agency route: each agency's task
 * and deadline, in the route's order (NĐ 118/2025 Đ20.2: paper dossiers go in
 * sequence "kèm phiếu chuyển" listing each agency's task and time limit;
 * electronic ones go to all agencies at once naming the lead). For a sequential
 * leg not yet started, the deadline is planned from the previous leg's
 * deadline when `calendar` is given (each leg's budget counted from the end of
 * the previous one). Undefined when the dossier has no route yet. Pure.
 *
 * @example
 * ```ts
 * const slip = transferSlip(await engine.get(id), vietnamCalendar());
 * slip?.lines.map((l) => `${l.agency.name}: ${l.task ?? ''} → ${l.due?.date ?? '?'}`);
 * ```
 */
export function transferSlip(state: DossierState, calendar?: WorkingCalendar): TransferSlip | undefined {
  const route = state.route;
  if (!route) return undefined;
  const lines: TransferSlipLine[] = [];
  let previousEnd: string | undefined;
  for (const leg of route.legs) {
    const line: TransferSlipLine = { index: leg.index, agency: leg.agency, role: leg.role, budget: leg.budget };
    if (leg.task) line.task = leg.task;
    if (leg.due) line.due = leg.due;
    else if (route.mode === 'sequential' && calendar && previousEnd) {
      line.due = computeDue(previousEnd, leg.budget, calendar);
      line.planned = true;
    }
    if (leg.completedAt) line.completedAt = leg.completedAt;
    if (leg.late !== undefined) line.late = leg.late;
    previousEnd = leg.completedAt ?? line.due?.at;
    lines.push(line);
  }
  const lead = route.legs.find((l) => l.role === 'lead')!.agency;
  return {
    ...(state.dossierCode ? { dossierCode: state.dossierCode } : {}),
    mode: route.mode,
    ...(route.medium ? { medium: route.medium } : {}),
    lead,
    startedAt: route.startedAt,
    lines,
  };
}

/** A consulted or route agency that is late: reported to the head of the unit (NĐ 118/2025 Đ19.4c, Đ20.2). */
export interface LateAgencyAlert {
  kind: 'consultation' | 'leg';
  /** Consultation id, or the leg index as a string. */
  ref: string;
  agency: AgencyRef;
  /** The agency's deadline (local date). */
  deadline: string;
  /** `overdue`: still unanswered after its deadline; `answeredLate`: answered after it. */
  status: 'overdue' | 'answeredLate';
  /** Who is alerted: the head of the receiving unit (người đứng đầu). */
  to: { role: 'unitHead'; unit?: Unit };
  dossierCode?: string;
}

/**
 * Late consulted agencies of a dossier at instant `at`: consultations
 * unanswered after their deadline day or answered late, and route legs past
 * their due and not completed or completed late. Under NĐ 118/2025 (Đ19.4c,
 * Đ20.2) the one-stop unit reports them to the head of the unit; this pure
 * function lists what to report (a deadline watcher or a report polls it).
 * Lateness is by local day, as everywhere in reports (`day` policy).
 *
 * @example
 * ```ts
 * lateAgencyAlerts(await engine.get(id), '2025-07-20T08:00:00.000+07:00').map((a) => a.agency.name);
 * ```
 */
export function lateAgencyAlerts(state: DossierState, at: string): LateAgencyAlert[] {
  const out: LateAgencyAlert[] = [];
  const today = localDateOf(at);
  const to = { role: 'unitHead' as const, ...(state.unit ? { unit: state.unit } : {}) };
  const code = state.dossierCode ? { dossierCode: state.dossierCode } : {};
  for (const consultation of state.consultations) {
    const status = consultation.answeredAt ? (consultation.late ? 'answeredLate' : undefined) : today > consultation.deadline ? 'overdue' : undefined;
    if (status) out.push({ kind: 'consultation', ref: consultation.id, agency: consultation.agency, deadline: consultation.deadline, status, to, ...code });
  }
  for (const leg of state.route?.legs ?? []) {
    if (!leg.due) continue;
    // Completed: late exactly when `LegCompleted.late` says so (a budget in working hours is passed only by working
    // time: a leg completed in closed time right after its due is on time); by the day when the flag is missing.
    const status = leg.completedAt
      ? (leg.late ?? classifyResolved(leg.completedAt, leg.due, { policy: 'day' }) === 'late')
        ? 'answeredLate'
        : undefined
      : today > leg.due.date
        ? 'overdue'
        : undefined;
    if (status) out.push({ kind: 'leg', ref: String(leg.index), agency: leg.agency, deadline: leg.due.date, status, to, ...code });
  }
  return out;
}
