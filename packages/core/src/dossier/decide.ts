import { decideCorrection } from '../corrections/decide';
import type { Command, CommandType } from '../commands/schemas';
import { COMMAND_EVENTS } from '../commands/schemas';
import { apologyDeadline, computeDue, type WorkingCalendar } from '../deadlines';
import { InvalidTransitionError, RuleViolationError, ValidationError } from '../errors';
import type { DossierEventBody } from '../events/types';
import { allowedCommands, allowsEvent } from '../machine/allowed';
import type { TransitionTable } from '../machine/compile';
import { eventKeyOf } from '../machine/event-key';
import type { Procedure } from '../procedure/procedure';
import { citation, type RulePack } from '../procedure/rule-pack';
import { checkSupplementLimit, resultCode, supplementPeriodDays } from './law-rules';
import { compareInstants, localDateOf } from '../time';
import type { DossierState } from './state';
import type { StoredEvent } from '../store/types';
import { decideAssign, decideForward, decideReturn, resumedStep, stepEntry, transitionRefusal } from './approval';
import {
  crossBoundaryDue,
  addDays,
  isLate,
  dueFor,
  appointmentOf,
  openLegs,
  WrongLegError,
  intakeOf,
  newIntake,
  accepted,
  notInstantRefusal,
  underpaid,
  supplementAfterDue,
} from './decide-support';

/** What `decide` needs besides the command and the state. All pure data and functions. */
export interface DecideEnv {
  procedure: Procedure;
  table: TransitionTable;
  rulePack: RulePack;
  calendar: WorkingCalendar;
  /** Business time of the command (canonical +07:00 instant). */
  at: string;
  /** Dossier code reserved by the engine for commands that accept a dossier. */
  dossierCode?: string;
  /**
   * The receiving unit's rule for a receipt on a non-working day (e.g. online
   * on a Saturday), for `workingDays` limits. The procedure's own
   * `nonWorkingReceipt` wins over it; when both are absent: `nextDayIsStart`
   * (the next working day is the receipt day and is not counted).
   */
  nonWorkingReceipt?: 'nextDayIsStart' | 'nextDayCounts';
  /**
   * The dossier's stored events up to `state.version`, in stream order. Only
   * `CorrectEvent` reads them (a corrected time must stay between the
   * target's neighbours in the stream); the engine reads them for that
   * command alone, and `decide` throws without them for it.
   */
  history?: readonly StoredEvent[];
  /**
   * How far ahead a command may set a date, in calendar days (`EngineOptions.dateHorizons`; `Infinity`: no bound):
   * a consultation's deadline from the request's day, a rescheduled return date from the current due date (or from
   * the reschedule's day when it is later). Absent: {@link DEFAULT_DATE_HORIZONS}.
   */
  dateHorizons?: { readonly consultationDeadlineDays: number; readonly rescheduleDays: number };
}

/**
 * The default date horizons: 365 days for a consultation's deadline after the request, 365 days for a rescheduled
 * return date after the current due date (or after the reschedule's day, when it comes late). The law bounds
 * neither (NĐ 61/2018 Đ19.5, Đ19.9; NĐ 118/2025 Đ19.6) [U]: a date further out is taken for a typing error
 * (docs/rules.md §3.1, §3.5).
 */
export const DEFAULT_DATE_HORIZONS: Readonly<{ consultationDeadlineDays: number; rescheduleDays: number }> = Object.freeze({ consultationDeadlineDays: 365, rescheduleDays: 365 });

/** Calendar days from one local date to another. */
const daysFrom = (from: string, to: string): number => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** A command timed before the dossier's last event: `TIME_BEFORE_LAST_EVENT`, path `at` (the engine asks it before a dossier code is reserved, `decide` again). */
export function timeBeforeLastEvent(at: string, state: DossierState): RuleViolationError | undefined {
  if (!state.lastEventAt || compareInstants(at, state.lastEventAt) >= 0) return undefined;
  return new RuleViolationError('TIME_BEFORE_LAST_EVENT', `The command's time ${at} is before the dossier's last event (${state.lastEventAt})`, ['at']);
}

/** Does the machine allow this command in this state? */
export function commandAllowed(table: TransitionTable, state: DossierState, type: CommandType): boolean {
  return allowsEvent(table, state.state, COMMAND_EVENTS[type][0]!);
}

/**
 * Decide which events a command produces (pure). Throws
 * {@link InvalidTransitionError} when the machine does not allow it,
 * {@link RuleViolationError} for business rules, {@link ValidationError} for
 * missing intake data. Never has side effects.
 *
 * @example
 * ```ts
 * const events = decide(command, state, env);
 * ```
 */
export function decide(command: Command, state: DossierState, env: DecideEnv): DossierEventBody[] {
  const early = timeBeforeLastEvent(env.at, state);
  if (early) throw early;
  const events = produceEvents(command, state, env);
  // The machine is the authority: every produced event must be allowed in turn.
  let key = state.state;
  for (const event of events) {
    const ek = eventKeyOf(event);
    const next = env.table.states.get(key)?.next.get(ek);
    if (next === undefined) throw new InvalidTransitionError(command.type, key, allowedCommands(env.table, key));
    key = next;
  }
  return events;
}

function produceEvents(command: Command, state: DossierState, env: DecideEnv): DossierEventBody[] {
  const { at, calendar: cal, procedure, rulePack } = env;
  if (!commandAllowed(env.table, state, command.type)) throw transitionRefusal(command.type, state, env.table, procedure);
  const today = localDateOf(at);
  switch (command.type) {
    case 'SubmitOnline':
      return [{ type: 'DossierSubmitted', data: intakeOf(command, env) }];
    case 'RequestIntakeSupplement':
      checkSupplementLimit(state, 'intake', rulePack);
      return [{ type: 'IntakeSupplementRequested', data: { items: command.items, reason: command.reason, ...newIntake(command.intake, state, env) } }];
    case 'ProvideIntakeSupplement':
      return [{ type: 'IntakeSupplementProvided', data: command.components ? { components: command.components } : {} }];
    case 'RefuseReception':
      return [{ type: 'ReceptionRefused', data: { reason: command.reason, ...newIntake(command.intake, state, env) } }];
    case 'ReceiveDossier':
      return [accepted(command, state, env)];
    case 'HandleInstantly': {
      const notInstant = notInstantRefusal(command, procedure);
      if (notInstant) throw notInstant;
      return [
        accepted(command, state, env),
        { type: 'DossierResolved', data: { electronicResult: command.electronicResult, resultFiles: [], ...resultCode(command.electronicResult, state, env, command.applicant) } },
        { type: 'ResultReturned', data: { method: command.returnMethod } },
      ];
    }
    case 'TransferDossier': {
      const cross = crossBoundaryDue(state, command.mode, env);
      // The internal approval route starts with the transfer, at its first step.
      const step = procedure.approvalRoute ? { step: stepEntry(procedure.approvalRoute, 0, at, cal) } : {};
      if (cross)
        return [
          {
            type: 'DossierTransferred',
            data: {
              from: state.unit!,
              to: command.to ?? state.competentUnit!,
              mode: command.mode,
              late: isLate(at, cross, undefined, cal),
              crossBoundary: true,
              due: cross,
              ...step,
            },
          },
        ];
      // The transfer deadline is a day (the same-day rule with its 15:00 cut-off, NĐ 61 Đ18.2–3): late on a later day.
      const due = state.transfer?.due;
      return [
        {
          type: 'DossierTransferred',
          data: { from: state.unit!, to: command.to ?? procedure.agency, mode: command.mode, late: due ? isLate(at, due, undefined, cal) : false, ...step },
        },
      ];
    }
    case 'AssignOfficer':
      return decideAssign(command, state, procedure, cal);
    case 'ForwardStep':
      return decideForward(command, state, procedure.approvalRoute!, at, cal);
    case 'ReturnForRework':
      return decideReturn(command, state, procedure.approvalRoute!, at, cal);
    case 'RecordVerification':
      return [{ type: 'VerificationRecorded', data: { place: command.place, participants: command.participants, content: command.content } }];
    case 'RequestConsultation': {
      if (state.consultations.some((x) => x.id === command.consultationId))
        throw new RuleViolationError('DUPLICATE_CONSULTATION', `Consultation ${command.consultationId} already exists`, ['consultationId']);
      // NĐ 61/2018 Đ19.5: a request with its deadline. The law bounds it neither way: a day already past cannot be a deadline, and a horizon catches typing errors.
      if (command.deadline < today)
        throw new RuleViolationError('CONSULTATION_DEADLINE_PASSED', `The consultation's deadline ${command.deadline} is before the day of the request (${today})`, ['deadline']);
      const horizon = (env.dateHorizons ?? DEFAULT_DATE_HORIZONS).consultationDeadlineDays;
      if (daysFrom(today, command.deadline) > horizon)
        throw new RuleViolationError(
          'CONSULTATION_DEADLINE_TOO_FAR',
          `The consultation's deadline ${command.deadline} is more than ${horizon} days after the request (${today}; EngineOptions.dateHorizons.consultationDeadlineDays)`,
          ['deadline'],
        );
      return [{ type: 'ConsultationRequested', data: { consultationId: command.consultationId, agency: command.agency, content: command.content, deadline: command.deadline } }];
    }
    case 'AnswerConsultation': {
      const open = state.consultations.find((x) => x.id === command.consultationId && !x.answeredAt);
      if (!open) throw new RuleViolationError('UNKNOWN_CONSULTATION', `No open consultation ${command.consultationId}`, ['consultationId']);
      return [{ type: 'ConsultationAnswered', data: { consultationId: command.consultationId, answer: command.answer, late: today > open.deadline } }];
    }
    case 'RequestSupplement': {
      checkSupplementLimit(state, 'appraisal', rulePack);
      // Within N working days of receipt, counted under the procedure's receipt rules as the due date is (a receipt
      // after the cut-off or on a Saturday counts from the next working day): late from the day after that count ends.
      const lateNotice = today > dueFor(state.acceptedAt!, { unit: 'workingDays', value: rulePack.supplementNoticeWorkingDays }, env).date;
      // Past the appointment in force (or after an earlier such request) the clock is neither stopped nor restarted (docs/metrics.md §2).
      const afterDue = supplementAfterDue(state, at, cal);
      return [
        {
          type: 'SupplementRequested',
          data: { items: command.items, reason: command.reason, requestNo: state.supplements.length + 1, lateNotice, ...(afterDue ? { afterDue: true as const } : {}) },
        },
      ];
    }
    case 'ProvideSupplement': {
      // NĐ 61/2018 Đ19.4, NĐ 118/2025 Đ19.5: the time limit restarts from zero once the complete dossier arrives —
      // unless it was requested past the due date: a late request does not buy the agency a new time limit.
      const restarts = state.supplements.at(-1)?.afterDue !== true;
      return [{ type: 'SupplementProvided', data: { due: restarts ? dueFor(at, state.limit!, env) : state.due!.legal, ...resumedStep(state, procedure, at, cal) } }];
    }
    case 'RequestFee':
      return [{ type: 'FeeRequested', data: { items: command.items, totalVnd: command.items.reduce((n, i) => n + i.amountVnd, 0) } }];
    case 'RecordFeePayment': {
      const short = underpaid(command.amountVnd, state);
      if (short) throw short;
      return [
        {
          type: 'FeePaid',
          data: {
            amountVnd: command.amountVnd,
            method: command.method,
            ...(command.method === 'online' ? { gateway: command.gateway ?? 'dvcqg' } : {}),
            ...resumedStep(state, procedure, at, cal),
          },
        },
      ];
    }
    case 'StartInterAgency': {
      const route = procedure.route!;
      // NĐ 118/2025 Đ20.2: electronic → parallel with a lead agency; paper → sequential with a transfer slip.
      const medium = command.medium ?? state.transfer?.mode ?? (state.channel === 'online' ? 'electronic' : 'paper');
      // A `byMedium` route takes the mode of the dossier's medium (under every pack: the route says so).
      const mode = route.mode === 'byMedium' ? (medium === 'electronic' ? 'parallel' : 'sequential') : route.mode;
      const legs = route.legs.map((leg, index) => ({
        index,
        agency: leg.agency,
        role: leg.role,
        budget: leg.budget,
        ...(mode === 'parallel' || index === 0 ? { due: dueFor(at, leg.budget, env) } : {}),
        ...(leg.task ? { task: leg.task } : {}),
      }));
      if (route.mode === 'byMedium') return [{ type: 'InterAgencyStarted', data: { mode, legs, medium } }];
      if (!rulePack.interAgencyModeByMedium) return [{ type: 'InterAgencyStarted', data: { mode, legs } }];
      const mismatch = (medium === 'electronic') !== (mode === 'parallel');
      return [{ type: 'InterAgencyStarted', data: { mode, legs, medium, ...(mismatch ? { modeMismatch: true as const } : {}) } }];
    }
    case 'CompleteLeg': {
      const legs = state.route!.legs;
      const leg = legs[command.legIndex];
      const open = openLegs(env.table, state.state);
      if (!leg || !open.includes(command.legIndex)) {
        const why = !leg
          ? `the route has no leg ${command.legIndex} (legs 0–${legs.length - 1})`
          : leg.completedAt
            ? `leg ${command.legIndex} is already completed`
            : `leg ${command.legIndex} has not started`;
        throw new WrongLegError(state.state, allowedCommands(env.table, state.state), command.legIndex, open, why, state.route!.mode);
      }
      const next = state.route!.mode === 'sequential' ? legs[command.legIndex + 1] : undefined;
      return [
        {
          type: 'LegCompleted',
          data: {
            legIndex: command.legIndex,
            ...(command.result ? { result: command.result } : {}),
            late: leg.due ? isLate(at, leg.due, leg.budget, cal) : false,
            ...(next ? { nextLegDue: dueFor(at, next.budget, env) } : {}),
          },
        },
      ];
    }
    case 'IssueApology': {
      const due = state.due!;
      if (state.apology || rulePack.maxReschedules < 1)
        throw new RuleViolationError('RESCHEDULE_LIMIT', `The return date may be rescheduled at most ${rulePack.maxReschedules} time(s) (${citation(rulePack, 'reschedule')})`, [
          'newDueDate',
        ]);
      if (command.newDueDate <= due.legal.date)
        throw new RuleViolationError('RESCHEDULE_NOT_LATER', `The new date ${command.newDueDate} must be after the current due date ${due.legal.date}`, ['newDueDate']);
      // A late apology cannot give the applicant a day already past; the law sets no upper bound, a horizon catches typing errors.
      if (command.newDueDate < today) throw rescheduleInPast(command.newDueDate, at);
      // Counted from the current due date, or from the day of a late reschedule when that is later.
      const horizon = (env.dateHorizons ?? DEFAULT_DATE_HORIZONS).rescheduleDays;
      const from = today > due.legal.date ? today : due.legal.date;
      if (daysFrom(from, command.newDueDate) > horizon)
        throw new RuleViolationError(
          'RESCHEDULE_TOO_FAR',
          `The new date ${command.newDueDate} is more than ${horizon} days after ${from === today && today !== due.legal.date ? `the day of the reschedule ${today}` : `the current due date ${due.legal.date}`} (EngineOptions.dateHorizons.rescheduleDays)`,
          ['newDueDate'],
        );
      if (!cal.isWorkingDay(command.newDueDate)) throw new RuleViolationError('NOT_A_WORKING_DAY', `${command.newDueDate} is not a working day`, ['newDueDate']);
      // NĐ 61/2018 Đ19.9, NĐ 118/2025 Đ19.6 ("chậm nhất 01 ngày"): late after the N-th day before the due date,
      // working days by default (the calendar's rule, also used by legalDue), calendar days if the pack says so.
      const minDays = rulePack.apologyMinWorkingDaysBefore;
      const deadline = rulePack.rescheduleNoticeUnit === 'calendarDays' ? addDays(due.legal.date, -minDays) : apologyDeadline(cal, due.legal.date, minDays);
      const lateApology = today > deadline;
      const newDue = computeDue(`${command.newDueDate}T00:00:00.000+07:00`, { unit: 'workingDays', value: 0 }, cal);
      if (compareInstants(newDue.at, at) <= 0) throw rescheduleInPast(command.newDueDate, at); // today, after the office closed
      const form = rulePack.rescheduleForm ?? 'apology';
      return [
        {
          type: 'ApologyIssued',
          data: {
            reason: command.reason,
            lateUnit: command.lateUnit,
            originalDue: due.legal,
            newDue,
            lateApology,
            ...(form === 'extension' ? { form } : {}),
            ...(command.notify?.length ? { notify: command.notify } : {}),
          },
        },
      ];
    }
    case 'AmendDossier': {
      // NĐ 118/2025 Đ21: the applicant may amend an online dossier until a decision (the machine allows it up to then).
      if (!rulePack.onlineAmendment)
        throw new RuleViolationError(
          'AMENDMENT_NOT_IN_RULE_PACK',
          `Rule pack ${rulePack.id} (${rulePack.basis}) has no amendment of an online dossier (that is NĐ 118/2025 Điều 21, for dossiers received from 01/07/2025)`,
          ['type'],
        );
      if (state.channel !== 'online')
        throw new RuleViolationError(
          'AMENDMENT_NOT_ONLINE',
          `Only a dossier filed online may be amended by the applicant (${citation(rulePack, 'amendment')}); this one came by ${state.channel ?? 'an unknown channel'}`,
          ['type'],
        );
      return [{ type: 'DossierAmended', data: { description: command.description, ...(command.components ? { components: command.components } : {}) } }];
    }
    case 'RequestWithdrawal':
      return [{ type: 'WithdrawalRequested', data: command.reason ? { reason: command.reason } : {} }];
    case 'StopProcessing': {
      const waitingFor =
        state.topLevel === 'withdrawalRequested'
          ? 'withdrawal'
          : state.topLevel === 'supplementRequested'
            ? 'supplementNotProvided'
            : state.topLevel === 'feeRequested'
              ? 'feeNotPaid'
              : 'other';
      // A stated cause other than 'other' must be what the dossier waits for (status 7 → 8 only after a withdrawal request).
      if (command.cause !== undefined && command.cause !== 'other' && command.cause !== waitingFor)
        throw new RuleViolationError(
          'STOP_CAUSE_MISMATCH',
          `The stop's cause '${command.cause}' is not what the dossier waits for (${state.topLevel}${waitingFor === 'other' ? '' : `: cause '${waitingFor}'`}); give that cause, 'other', or none`,
          ['cause'],
        );
      const cause = command.cause ?? waitingFor;
      // NĐ 118/2025 Đ19.5: a dossier is not ended for a missing supplement before the applicant's period is over.
      if (cause === 'supplementNotProvided') {
        const early = supplementPeriodRefusal(state, today, procedure, rulePack);
        if (early) throw early;
      }
      return [{ type: 'ProcessingStopped', data: { reason: command.reason, cause } }];
    }
    case 'CloseDossier': {
      // NĐ 118/2025 Đ19.5: the applicant has 15 days (or the sector's period) from the supplement notice; the dossier is closed after them.
      const days = supplementPeriodDays(procedure, rulePack);
      if (days === undefined)
        throw new RuleViolationError(
          'CLOSURE_NOT_IN_RULE_PACK',
          `Rule pack ${rulePack.id} (${rulePack.basis}) has no closure of uncompleted dossiers (that is NĐ 118/2025 Điều 19.5, for dossiers received from 01/07/2025): use StopProcessing`,
          ['type'],
        );
      const early = supplementPeriodRefusal(state, today, procedure, rulePack);
      if (early) throw early;
      const periodEnded = supplementPeriodEnd(state, days);
      return [{ type: 'DossierClosed', data: { reason: command.reason, ...(periodEnded ? { periodEnded } : {}) } }];
    }
    case 'Resolve':
      return [
        { type: 'DossierResolved', data: { electronicResult: command.electronicResult, resultFiles: command.resultFiles, ...resultCode(command.electronicResult, state, env) } },
      ];
    case 'RefuseResolution':
      return [{ type: 'ResolutionRefused', data: { reason: command.reason } }];
    case 'NotifyEarlyReturn':
      return [{ type: 'EarlyReturnNotified', data: { channel: command.channel } }];
    case 'ReturnResult': {
      // NĐ 61 Đ20.2: an early return is encouraged but must be notified beforehand.
      // Instant procedures (Đ17.4) have no appointment, so nothing is early.
      const appointment = state.topLevel === 'resolved' && !state.earlyReturnNotifiedAt && !procedure.instant ? appointmentOf(state) : undefined;
      const early = appointment !== undefined && today < appointment.date;
      if (early && rulePack.earlyReturnWithoutNotice === 'refuse')
        throw new RuleViolationError(
          'EARLY_RETURN_WITHOUT_NOTICE',
          `Returning the result on ${today}, before the due date ${appointment.date}, needs prior notice to the applicant (${citation(rulePack, 'earlyReturn')}): record NotifyEarlyReturn first`,
          ['type'],
        );
      // NĐ 118/2025 Đ20.1: the result returns to the centre where the dossier was received.
      const place = command.method === 'counter' ? (command.place ?? (rulePack.returnElsewhere ? state.unit : undefined)) : undefined;
      const elsewhere = place !== undefined && state.unit !== undefined && place.code !== state.unit.code && rulePack.returnElsewhere !== undefined;
      if (elsewhere && rulePack.returnElsewhere === 'refuse')
        throw new RuleViolationError('RETURN_ELSEWHERE', `The result returns at the receiving unit ${state.unit!.code}, not at ${place.code} (NĐ 118/2025 Điều 20.1)`, ['place']);
      return [
        {
          type: 'ResultReturned',
          data: {
            method: command.method,
            ...(command.receiver ? { receiver: command.receiver } : {}),
            ...(early ? { earlyWithoutNotice: true as const } : {}),
            ...(place ? { place } : {}),
            ...(elsewhere ? { elsewhere: true as const } : {}),
          },
        },
      ];
    }
    case 'ReportResultError': {
      const open = state.resultCorrection && !state.resultCorrection.correctedAt;
      if (open) throw new RuleViolationError('RESULT_ERROR_OPEN', `An error reported on ${localDateOf(state.resultCorrection!.reportedAt)} is not corrected yet`, ['type']);
      // NĐ 118/2025 Đ23.1: corrected within N working days of the report (the report's day not counted); NĐ 61/2018 Đ21: no limit.
      const days = rulePack.resultCorrectionWorkingDays;
      const due = days === undefined ? undefined : computeDue(at, { unit: 'workingDays', value: days }, cal);
      return [{ type: 'ResultErrorReported', data: { description: command.description, reportedBy: command.reportedBy, ...(due ? { due } : {}) } }];
    }
    case 'CorrectResult': {
      const open = state.resultCorrection && !state.resultCorrection.correctedAt ? state.resultCorrection : undefined;
      if (!open) throw new RuleViolationError('NO_RESULT_ERROR', 'No reported error in the result is waiting for a correction: record ReportResultError first', ['type']);
      return [{ type: 'ResultCorrected', data: { ...(command.note ? { note: command.note } : {}), late: open.due ? isLate(at, open.due, undefined, cal) : false } }];
    }
    case 'Rate': {
      // One evaluation of a dossier per channel (NĐ 61/2018 Đ29; a repeat, e.g. a kiosk pressed twice, would count twice in the satisfaction report) [U].
      const earlier = state.ratings.filter((x) => x.channel === command.channel);
      const repeated = command.ratings.findIndex((answer) => earlier.some((x) => x.ratings.some((r) => r.criterion === answer.criterion && r.content === answer.content)));
      if (repeated >= 0)
        throw new RuleViolationError(
          'ALREADY_RATED',
          `The dossier was already rated on criterion '${command.ratings[repeated]!.criterion}' through the channel ${command.channel}`,
          ['ratings', repeated, 'criterion'],
        );
      if (command.like !== undefined && earlier.some((x) => x.like !== undefined))
        throw new RuleViolationError('ALREADY_RATED', `The dossier already has a like or dislike through the channel ${command.channel}`, ['like']);
      return [
        { type: 'DossierRated', data: { channel: command.channel, ratings: command.ratings, ...(command.like !== undefined ? { vote: command.like ? 'like' : 'dislike' } : {}) } },
      ];
    }
    case 'FilePetition':
      if (state.petitions.some((x) => x.id === command.petitionId))
        throw new RuleViolationError('DUPLICATE_PETITION', `Petition ${command.petitionId} already filed`, ['petitionId']);
      return [{ type: 'PetitionFiled', data: { petitionId: command.petitionId, content: command.content, channel: command.channel } }];
    case 'AnswerPetition': {
      const pet = state.petitions.find((x) => x.id === command.petitionId && !x.answeredAt);
      if (!pet) throw new RuleViolationError('UNKNOWN_PETITION', `No open petition ${command.petitionId}`, ['petitionId']);
      // Decision 766 indicator 5.2: handle within 15 working days.
      const late = cal.workingDaysBetween(localDateOf(pet.filedAt), today) > 15;
      return [{ type: 'PetitionAnswered', data: { petitionId: command.petitionId, outcome: command.outcome, late } }];
    }
    case 'RecordPortalSync':
      return [{ type: 'PortalSynced', data: { portal: command.portal, nationalStatus: state.nationalStatus ?? 1 } }];
    case 'CorrectEvent':
      return decideCorrection(command, state, at, env.history);
  }
}

/** The last day the applicant has to complete the supplement the dossier waits for (notice day + `days`, calendar days); undefined without a notice. */
function supplementPeriodEnd(state: DossierState, days: number): string | undefined {
  const notice = (state.topLevel === 'intakeSupplement' ? state.intakeSupplements : state.supplements).at(-1)?.requestedAt;
  return notice === undefined ? undefined : addDays(localDateOf(notice), days);
}

/**
 * `SUPPLEMENT_PERIOD_NOT_OVER` when the dossier would end for a missing supplement (`CloseDossier`, or `StopProcessing`
 * with the cause `supplementNotProvided`, stated or implied) while the applicant's period still runs (NĐ 118/2025 Đ19.5:
 * 15 days from the notice, or the sector's period); undefined when it is over or the pack has no such period (NĐ 61/2018).
 */
function supplementPeriodRefusal(state: DossierState, today: string, procedure: Procedure, rulePack: RulePack): RuleViolationError | undefined {
  const days = supplementPeriodDays(procedure, rulePack);
  const periodEnded = days === undefined ? undefined : supplementPeriodEnd(state, days);
  if (periodEnded === undefined || today > periodEnded) return undefined;
  return new RuleViolationError(
    'SUPPLEMENT_PERIOD_NOT_OVER',
    `The applicant has ${days} days from the supplement notice of ${addDays(periodEnded, -days!)} to complete the dossier (${citation(rulePack, 'closure')}): it can be closed from ${addDays(periodEnded, 1)}`,
    ['type'],
  );
}

/** A rescheduled return date that is not after the command's time: the applicant cannot be given it. */
function rescheduleInPast(newDueDate: string, at: string): RuleViolationError {
  return new RuleViolationError('RESCHEDULE_IN_PAST', `The new date ${newDueDate} is not after the time of the reschedule (${at})`, ['newDueDate']);
}
