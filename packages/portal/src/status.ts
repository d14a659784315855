/**
 * The national status mapping (trạng thái hồ sơ trên Cổng DVCQG): every dossier
 * event and every state mapped to the codes 1–10 of domain §3.2 (TT 22/2019
 * requires a status per step). Paused dossiers are reported paused (5
 * supplement, 6 financial obligation), never as processed (9) — the mistake
 * peers make (domain §10, §12.4). Internal steps (assignment, verification,
 * a consultation's request, inter-agency legs, internal approval steps) are all 4;
 * a consultation's answer, which may come during a pause, is not reported.
 * Pure.
 */
import { appointmentOf, CHANNEL_CODE, type DossierState, type NationalStatus } from '@motcua/core';

/**
 * What an event means for the portal:
 * - a code: the dossier's national status becomes that code;
 * - `'step'`: a step inside processing; the status is 4 (đang xử lý) and the step is named;
 * - `'facts'`: the status does not change but a fact the portal keeps does (a new appointment, Form 04);
 * - `'none'`: nothing the portal is told (ratings, petitions, the portal's own sync notes, corrections).
 */
export type PortalEffect = NationalStatus | 'step' | 'facts' | 'none';

/**
 * The effect of every dossier event type, written from domain §3.2 (the
 * national status table) and §12.2 (internal steps stay 4). An event type not
 * listed here sends nothing; the package's tests fail when core gains an event
 * type that is not classified.
 */
export const PORTAL_EFFECTS: Readonly<Record<string, PortalEffect>> = Object.freeze({
  // §3.2 row 1: online submission, not yet accepted. An intake supplement (Form 02) keeps the dossier "newly registered".
  DossierSubmitted: 1,
  IntakeSupplementRequested: 1,
  IntakeSupplementProvided: 1,
  // Row 2 and 3.
  DossierAccepted: 2,
  ReceptionRefused: 3,
  // Row 4: processing; the steps inside it stay 4.
  DossierTransferred: 4,
  SupplementProvided: 4,
  FeePaid: 4,
  OfficerAssigned: 'step',
  VerificationRecorded: 'step',
  ConsultationRequested: 'step',
  InterAgencyStarted: 'step',
  LegCompleted: 'step',
  // Internal approval steps (specialist → head → leader, §12.2): national status stays 4.
  StepAssigned: 'step',
  StepForwarded: 'step',
  ReturnedForRework: 'step',
  // Rows 5–8: paused, withdrawn, stopped. Closing for a supplement not provided (NĐ 118/2025 Đ19.5) is "stopped".
  SupplementRequested: 5,
  FeeRequested: 6,
  WithdrawalRequested: 7,
  ProcessingStopped: 8,
  DossierClosed: 8,
  // Rows 9–10.
  DossierResolved: 9,
  ResolutionRefused: 9,
  ResultReturned: 10,
  // A new appointment (Form 04): same status, new due date.
  ApologyIssued: 'facts',
  // Not reported: a consultation's answer — the consulted agency may answer while the dossier waits for a supplement
  // or a fee (NĐ 61 Đ19.5: answers are logged whenever they come), and reporting it as a step (4) would tell the portal
  // a paused dossier (5, 6) is being processed (domain §12.4); the dossier's next step reports the status.
  ConsultationAnswered: 'none',
  // Not reported: the applicant's amendment of an online dossier (NĐ 118/2025 Đ21) keeps the status (1, 2, 4, 5 or 6)
  // and the due date; the dossier's next step reports the status. The amendment itself reaches the system through the
  // portal where the applicant made it.
  DossierAmended: 'none',
  // Not reported: annotations and the result's own corrections (the status stays 9 or 10).
  EarlyReturnNotified: 'none',
  ResultErrorReported: 'none',
  ResultCorrected: 'none',
  DossierRated: 'none',
  PetitionFiled: 'none',
  PetitionAnswered: 'none',
  PortalSynced: 'none',
  EventCorrected: 'none',
});

/** Codes of a paused dossier (tạm dừng): waiting for a supplement (5) or a financial obligation (6). */
export const PAUSED_STATUSES: ReadonlySet<NationalStatus> = new Set<NationalStatus>([5, 6]);

/** What the portal should show for one dossier (from its state). */
export interface PortalStatus {
  /** National status 1–10, or null for a dossier with no event. */
  status: NationalStatus | null;
  /** The internal state key (e.g. `processing.consultation`); reported as the step when the status is 4. */
  step?: string;
  /** Channel code: 1 direct, 2 online, 3 postal. */
  channel?: 1 | 2 | 3;
  /** Legal due instant (restarted after a supplement). */
  legalDue?: string;
  /** Rescheduled due instant (Form 04), when there is one. */
  rescheduledDue?: string;
  /**
   * The due the applicant holds (the appointment in force, core's `appointmentOf`):
   * the rescheduled one (Form 04), unless a supplement restarted the legal
   * clock after it; else the legal one.
   */
  dueAt?: string;
}

/**
 * The portal view of a dossier state: national status, step, channel and due
 * dates. Uses the engine's own mapping (`state.nationalStatus`); the desk
 * shows it next to what the portal was told.
 *
 * @example
 * ```ts
 * import { initialDossierState } from '@motcua/core';
 * import { portalStatusOf } from '@motcua/portal';
 * portalStatusOf(initialDossierState('d-1')).status; // null: nothing to report yet
 * ```
 */
export function portalStatusOf(state: DossierState): PortalStatus {
  const out: PortalStatus = { status: state.nationalStatus };
  // `approval` is the internal approval step (issue #15 item 2) when the procedure has a route inside the agency.
  if (state.nationalStatus === 4) out.step = (state as { approval?: { stepId?: string } }).approval?.stepId ?? state.state;
  if (state.channel) out.channel = CHANNEL_CODE[state.channel];
  if (state.due) {
    out.legalDue = state.due.legal.at;
    if (state.due.rescheduled) out.rescheduledDue = state.due.rescheduled.at;
    out.dueAt = (appointmentOf(state) ?? state.due.legal).at;
  }
  return out;
}
