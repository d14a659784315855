import type { NationalStatus } from '../../machine/national-status';
import type { DossierState } from '../../dossier/state';
import { foldVietnamese } from './fold-vietnamese';
import { approvalWorklistFields } from '../../dossier/approval';
import { appointmentOf, isLate } from '../../dossier/decide-support';
import { defaultCalendar, exceededFromMs, type WorkingCalendar } from '../../deadlines';

/**
 * Why the due date of an open dossier does not count now (docs/worklists.md):
 * - `supplement`: waiting for the citizen's supplement requested on or before
 *   the due date in force (by the reports' default comparison: the local day;
 *   for limits in working hours, working time — a request in closed time right
 *   after a due that ends a session is within time). The legal clock is stopped and
 *   restarts from zero when the complete dossier arrives (NĐ 61/2018 Đ19.4,
 *   NĐ 118/2025 Đ19.5); reports count it "waiting within time". A request made
 *   after the due date stops nothing: the dossier stays overdue.
 * - `withdrawal`: the citizen withdrew (status 7); only `StopProcessing` can
 *   follow and reports count it ended.
 */
export type DossierClockStop = 'supplement' | 'withdrawal';

/**
 * One row of the dossier list (danh sách hồ sơ): what an officer's list, its
 * filters, search and sort read. Derived only from the dossier's state
 * ({@link dossierListRow}), so a table of rows equals a fold of the log.
 */
export interface DossierListRow {
  dossierId: string;
  /** Dossier code (mã hồ sơ); null before reception. */
  code: string | null;
  /** Receiving unit's code (Bộ phận Một cửa). */
  unit: string | null;
  /**
   * The unit working on the dossier: the agency it was transferred to, else the
   * competent unit when it is not the receiving unit (NĐ 118/2025 Đ14.2), else
   * the receiving unit (as the access policy's `handlingAgency` scope reads it).
   */
  handlingUnit: string | null;
  procedure: string | null;
  /** The machine's state key (e.g. `processing.appraisal`). */
  state: string;
  topLevel: string;
  /** National status code (TT 22/2019, domain §3.2). */
  nationalStatus: NationalStatus | null;
  officer: string | null;
  channel: string | null;
  /** Acceptance instant, else the online submission's. */
  receivedAt: string | null;
  receivedMs: number | null;
  /**
   * The due date in force (the appointment): the rescheduled one (Form 04),
   * unless a supplement restarted the legal clock after it; else the legal one
   * (restarted by a supplement).
   */
  dueDate: string | null;
  dueAt: string | null;
  dueMs: number | null;
  /**
   * For a limit in working hours: the first instant at which the due date in
   * force is passed — the first working instant after `dueAt` + 1 ms (closed
   * time adds no working time: due Mon 17:00 → Tue 07:00:00.001; inside a
   * session `dueMs + 1`). Absent for other limits: passed from `dueMs + 1`
   * (the list is minute-precise). The `overdue` worklist and the `due` sort
   * read it (column `overdue_from_ms`; `due_key` = it − 1).
   */
  overdueFromMs?: number;
  /** Still to be resolved: not terminal and no resolution yet (an overdue candidate). */
  open: boolean;
  /** The leader's signature is the next step (see {@link dossierListRow}). */
  awaitingSignature: boolean;
  /**
   * Set when the dossier is open but its due date does not count now (see
   * {@link DossierClockStop}): it is then in no `overdue` or `dueToday`
   * worklist. Absent (or undefined) when the clock runs, and on dossiers that
   * are not open. Optional so rows built before it existed stay valid: a
   * missing value reads as a running clock.
   */
  clockStopped?: DossierClockStop;
  /** The internal approval step in progress (quy trình nội bộ: `draft`, `review`, `sign`); null without a route, paused or once signed. */
  step: string | null;
  /** The officer the current step is assigned to; null when unassigned or no step is in progress. */
  assignee: string | null;
  /** The current step's internal deadline (instant); null without a budget. */
  stepDueAt: string | null;
  /** Who holds the dossier now: the current step's assignee, else the dossier's officer (the officer worklists' "mine"). */
  holder: string | null;
  applicantName: string | null;
  /** `foldVietnamese(applicantName)`, for accent-insensitive search. */
  applicantFolded: string | null;
  idNumber: string | null;
  /** Stream version the row was computed from. */
  version: number;
}

/**
 * The list row of a dossier state. Pure.
 *
 * `awaitingSignature` (chờ ký): on a procedure with an internal approval
 * route, the dossier is at the route's last step (trình ký: the leader's
 * signature), open and processing. Without a route it is approximated by the
 * state in which the next act is the leader's signature (resolve or refuse):
 * appraisal with no consultation pending and every inter-agency leg completed.
 *
 * `dueDate` is the appointment in force (`appointmentOf`, as the engine and
 * the deadline watcher read it); `clockStopped` says when it does not count
 * now ({@link DossierClockStop}). `calendar` (default `vietnamCalendar()`, give
 * the engine's): the sessions a limit in working hours is counted in
 * (`overdueFromMs`, and whether a supplement was requested within time).
 *
 * @example
 * ```ts
 * import { initialDossierState } from '@motcua/core';
 * dossierListRow(initialDossierState('d1')).open; // true
 * ```
 */
export function dossierListRow(state: DossierState, calendar: WorkingCalendar = defaultCalendar()): DossierListRow {
  const due = appointmentOf(state);
  const dueMs = due ? Date.parse(due.at) : null;
  const receivedAt = state.acceptedAt ?? state.submittedAt ?? null;
  const open = !state.terminal && state.resolution === undefined;
  const steps = approvalWorklistFields(state);
  const awaitingSignature = state.approval
    ? open && steps.step !== null && state.approval.signing
    : open &&
      state.state === 'processing.appraisal' &&
      state.consultations.every((c) => c.answeredAt !== undefined) &&
      (state.route === undefined || state.route.legs.every((l) => l.completedAt !== undefined));
  const name = state.applicant?.name ?? null;
  return {
    dossierId: state.id,
    code: state.dossierCode ?? null,
    unit: state.unit?.code ?? null,
    handlingUnit: state.transfer?.to?.code ?? state.competentUnit?.code ?? state.unit?.code ?? null,
    procedure: state.procedure?.code ?? null,
    state: state.state,
    topLevel: state.topLevel,
    nationalStatus: state.nationalStatus,
    officer: state.officer?.id ?? null,
    channel: state.channel ?? null,
    receivedAt,
    receivedMs: receivedAt === null ? null : Date.parse(receivedAt),
    dueDate: due?.date ?? null,
    dueAt: due?.at ?? null,
    dueMs,
    ...(dueMs !== null && state.limit?.unit === 'workingHours' ? { overdueFromMs: exceededFromMs(dueMs, calendar) } : {}),
    open,
    awaitingSignature,
    clockStopped: open ? clockStopOf(state, calendar) : undefined,
    step: steps.step,
    assignee: steps.assignee,
    stepDueAt: steps.stepDueAt,
    holder: steps.assignee ?? state.officer?.id ?? null,
    applicantName: name,
    applicantFolded: name === null ? null : foldVietnamese(name),
    idNumber: state.applicant?.idNumber ?? null,
    version: state.version,
  };
}

/** Why the due date of an open dossier does not count now, or undefined when it does (see {@link DossierClockStop}). */
function clockStopOf(state: DossierState, calendar: WorkingCalendar): DossierClockStop | undefined {
  if (state.topLevel === 'withdrawalRequested') return 'withdrawal';
  if (state.topLevel !== 'supplementRequested') return undefined;
  const pending = state.supplements.at(-1);
  if (pending === undefined || pending.providedAt !== undefined) return undefined;
  // Requested past the due date (or after such a request): nothing stops (`SupplementRequested.afterDue`).
  if (pending.afterDue === true) return undefined;
  // Older logs: no apology can follow the request while waiting (the machine refuses it), and the pending request restarted
  // nothing yet: the appointment now is the one in force when the request was made.
  const due = appointmentOf(state);
  return due !== undefined && !isLate(pending.requestedAt, due, state.limit, calendar) ? 'supplement' : undefined;
}
