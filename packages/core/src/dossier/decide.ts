import { decideCorrection } from '../corrections/decide';
import type { Command, CommandType } from '../commands/schemas';
import { COMMAND_EVENTS } from '../commands/schemas';
import { apologyDeadline, classifyResolved, computeDue, type Due, type DueOptions, type TimeLimit, type WorkingCalendar } from '../deadlines';
import { InternalError, InvalidTransitionError, RuleViolationError, ValidationError } from '../errors';
import type { DossierEventBody } from '../events/types';
import { allowedCommands, allowsEvent } from '../machine/allowed';
import type { TransitionTable } from '../machine/compile';
import { eventKeyOf } from '../machine/event-key';
import { effectiveLimit, type Procedure } from '../procedure/procedure';
import { citation, type RulePack } from '../procedure/rule-pack';
import { checkSupplementLimit, resultCode, supplementPeriodDays } from './law-rules';
import { compareInstants, localDateOf } from '../time';
import type { DossierState } from './state';

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
  const { at } = env;
  if (state.lastEventAt && !(compareInstants(at, state.lastEventAt) >= 0))
    throw new RuleViolationError('TIME_BEFORE_LAST_EVENT', `The command's time ${at} is before the dossier's last event (${state.lastEventAt})`, ['at']);
  const events = produceEvents(command, state, env);
  // The machine is the authority: every produced event must be allowed in turn.
  let key = state.state;
  for (const e of events) {
    const ek = eventKeyOf(e);
    const next = env.table.states.get(key)?.next.get(ek);
    if (next === undefined) throw new InvalidTransitionError(command.type, key, allowedCommands(env.table, key));
    key = next;
  }
  return events;
}

function produceEvents(c: Command, s: DossierState, env: DecideEnv): DossierEventBody[] {
  const { at, calendar: cal, procedure: p, rulePack } = env;
  if (!commandAllowed(env.table, s, c.type)) throw new InvalidTransitionError(c.type, s.state, allowedCommands(env.table, s.state));
  const today = localDateOf(at);
  switch (c.type) {
    case 'SubmitOnline':
      return [{ type: 'DossierSubmitted', data: intakeOf(c, env) }];
    case 'RequestIntakeSupplement':
      checkSupplementLimit(s, 'intake', rulePack);
      return [{ type: 'IntakeSupplementRequested', data: { items: c.items, reason: c.reason, ...newIntake(c.intake, s, env) } }];
    case 'ProvideIntakeSupplement':
      return [{ type: 'IntakeSupplementProvided', data: c.components ? { components: c.components } : {} }];
    case 'RefuseReception':
      return [{ type: 'ReceptionRefused', data: { reason: c.reason, ...newIntake(c.intake, s, env) } }];
    case 'ReceiveDossier':
      return [accepted(c, s, env)];
    case 'HandleInstantly':
      return [
        accepted(c, s, env),
        { type: 'DossierResolved', data: { electronicResult: c.electronicResult, resultFiles: [], ...resultCode(c.electronicResult, s, env, c.applicant) } },
        { type: 'ResultReturned', data: { method: c.returnMethod } },
      ];
    case 'TransferDossier': {
      const cross = crossBoundaryDue(s, c.mode, env);
      if (cross)
        return [{ type: 'DossierTransferred', data: { from: s.unit!, to: c.to ?? s.competentUnit!, mode: c.mode, late: isLate(at, cross), crossBoundary: true, due: cross } }];
      const due = s.transfer?.due;
      return [{ type: 'DossierTransferred', data: { from: s.unit!, to: c.to ?? p.agency, mode: c.mode, late: due ? isLate(at, due) : false } }];
    }
    case 'AssignOfficer':
      return [{ type: 'OfficerAssigned', data: { officer: c.officer } }];
    case 'RecordVerification':
      return [{ type: 'VerificationRecorded', data: { place: c.place, participants: c.participants, content: c.content } }];
    case 'RequestConsultation':
      if (s.consultations.some((x) => x.id === c.consultationId))
        throw new RuleViolationError('DUPLICATE_CONSULTATION', `Consultation ${c.consultationId} already exists`, ['consultationId']);
      return [{ type: 'ConsultationRequested', data: { consultationId: c.consultationId, agency: c.agency, content: c.content, deadline: c.deadline } }];
    case 'AnswerConsultation': {
      const open = s.consultations.find((x) => x.id === c.consultationId && !x.answeredAt);
      if (!open) throw new RuleViolationError('UNKNOWN_CONSULTATION', `No open consultation ${c.consultationId}`, ['consultationId']);
      return [{ type: 'ConsultationAnswered', data: { consultationId: c.consultationId, answer: c.answer, late: today > open.deadline } }];
    }
    case 'RequestSupplement': {
      checkSupplementLimit(s, 'appraisal', rulePack);
      const acceptedDay = localDateOf(s.acceptedAt!);
      const lateNotice = cal.workingDaysBetween(acceptedDay, today) > rulePack.supplementNoticeWorkingDays;
      return [{ type: 'SupplementRequested', data: { items: c.items, reason: c.reason, requestNo: s.supplements.length + 1, lateNotice } }];
    }
    case 'ProvideSupplement':
      // NĐ 61/2018 Đ19.4, NĐ 118/2025 Đ19.5: the time limit restarts from zero once the complete dossier arrives.
      return [{ type: 'SupplementProvided', data: { due: dueFor(at, s.limit!, env) } }];
    case 'RequestFee':
      return [{ type: 'FeeRequested', data: { items: c.items, totalVnd: c.items.reduce((n, i) => n + i.amountVnd, 0) } }];
    case 'RecordFeePayment':
      return [{ type: 'FeePaid', data: { amountVnd: c.amountVnd, method: c.method, ...(c.method === 'online' ? { gateway: c.gateway ?? 'dvcqg' } : {}) } }];
    case 'StartInterAgency': {
      const route = p.route!;
      // NĐ 118/2025 Đ20.2: electronic → parallel with a lead agency; paper → sequential with a transfer slip.
      const medium = c.medium ?? s.transfer?.mode ?? (s.channel === 'online' ? 'electronic' : 'paper');
      // A `byMedium` route takes the mode of the dossier's medium (under every pack: the route says so).
      const mode = route.mode === 'byMedium' ? (medium === 'electronic' ? 'parallel' : 'sequential') : route.mode;
      const legs = route.legs.map((l, index) => ({
        index,
        agency: l.agency,
        role: l.role,
        budget: l.budget,
        ...(mode === 'parallel' || index === 0 ? { due: dueFor(at, l.budget, env) } : {}),
        ...(l.task ? { task: l.task } : {}),
      }));
      if (route.mode === 'byMedium') return [{ type: 'InterAgencyStarted', data: { mode, legs, medium } }];
      if (!rulePack.interAgencyModeByMedium) return [{ type: 'InterAgencyStarted', data: { mode, legs } }];
      const mismatch = (medium === 'electronic') !== (mode === 'parallel');
      return [{ type: 'InterAgencyStarted', data: { mode, legs, medium, ...(mismatch ? { modeMismatch: true as const } : {}) } }];
    }
    case 'CompleteLeg': {
      const legs = s.route!.legs;
      const leg = legs[c.legIndex];
      const open = openLegs(env.table, s.state);
      if (!leg || !open.includes(c.legIndex)) {
        const why = !leg
          ? `the route has no leg ${c.legIndex} (legs 0–${legs.length - 1})`
          : leg.completedAt
            ? `leg ${c.legIndex} is already completed`
            : `leg ${c.legIndex} has not started`;
        throw new WrongLegError(s.state, allowedCommands(env.table, s.state), c.legIndex, open, why, s.route!.mode);
      }
      const next = s.route!.mode === 'sequential' ? legs[c.legIndex + 1] : undefined;
      return [
        {
          type: 'LegCompleted',
          data: {
            legIndex: c.legIndex,
            ...(c.result ? { result: c.result } : {}),
            late: leg.due ? isLate(at, leg.due, leg.budget) : false,
            ...(next ? { nextLegDue: dueFor(at, next.budget, env) } : {}),
          },
        },
      ];
    }
    case 'IssueApology': {
      const due = s.due!;
      if (s.apology || rulePack.maxReschedules < 1)
        throw new RuleViolationError('RESCHEDULE_LIMIT', `The return date may be rescheduled at most ${rulePack.maxReschedules} time(s) (${citation(rulePack, 'reschedule')})`, [
          'newDueDate',
        ]);
      if (c.newDueDate <= due.legal.date)
        throw new RuleViolationError('RESCHEDULE_NOT_LATER', `The new date ${c.newDueDate} must be after the current due date ${due.legal.date}`, ['newDueDate']);
      if (!cal.isWorkingDay(c.newDueDate)) throw new RuleViolationError('NOT_A_WORKING_DAY', `${c.newDueDate} is not a working day`, ['newDueDate']);
      // NĐ 61/2018 Đ19.9, NĐ 118/2025 Đ19.6 ("chậm nhất 01 ngày"): late after the N-th day before the due date,
      // working days by default (the calendar's rule, also used by legalDue), calendar days if the pack says so.
      const n = rulePack.apologyMinWorkingDaysBefore;
      const deadline = rulePack.rescheduleNoticeUnit === 'calendarDays' ? addDays(due.legal.date, -n) : apologyDeadline(cal, due.legal.date, n);
      const lateApology = today > deadline;
      const newDue = computeDue(`${c.newDueDate}T00:00:00.000+07:00`, { unit: 'workingDays', value: 0 }, cal);
      const form = rulePack.rescheduleForm ?? 'apology';
      return [
        {
          type: 'ApologyIssued',
          data: {
            reason: c.reason,
            lateUnit: c.lateUnit,
            originalDue: due.legal,
            newDue,
            lateApology,
            ...(form === 'extension' ? { form } : {}),
            ...(c.notify?.length ? { notify: c.notify } : {}),
          },
        },
      ];
    }
    case 'RequestWithdrawal':
      return [{ type: 'WithdrawalRequested', data: c.reason ? { reason: c.reason } : {} }];
    case 'StopProcessing': {
      const cause =
        c.cause ??
        (s.topLevel === 'withdrawalRequested'
          ? 'withdrawal'
          : s.topLevel === 'supplementRequested'
            ? 'supplementNotProvided'
            : s.topLevel === 'feeRequested'
              ? 'feeNotPaid'
              : 'other');
      return [{ type: 'ProcessingStopped', data: { reason: c.reason, cause } }];
    }
    case 'CloseDossier': {
      // NĐ 118/2025 Đ19.5: the applicant has 15 days (or the sector's period) from the supplement notice; the dossier is closed after them.
      const days = supplementPeriodDays(p, rulePack);
      if (days === undefined)
        throw new RuleViolationError(
          'CLOSURE_NOT_IN_RULE_PACK',
          `Rule pack ${rulePack.id} (${rulePack.basis}) has no closure of uncompleted dossiers (that is NĐ 118/2025 Điều 19.5, for dossiers received from 01/07/2025): use StopProcessing`,
          ['type'],
        );
      const notice = (s.topLevel === 'intakeSupplement' ? s.intakeSupplements : s.supplements).at(-1)?.requestedAt;
      const periodEnded = notice === undefined ? undefined : addDays(localDateOf(notice), days);
      if (periodEnded !== undefined && today <= periodEnded)
        throw new RuleViolationError(
          'SUPPLEMENT_PERIOD_NOT_OVER',
          `The applicant has ${days} days from the supplement notice of ${localDateOf(notice!)} to complete the dossier (${citation(rulePack, 'closure')}): it can be closed from ${addDays(periodEnded, 1)}`,
          ['type'],
        );
      return [{ type: 'DossierClosed', data: { reason: c.reason, ...(periodEnded ? { periodEnded } : {}) } }];
    }
    case 'Resolve':
      return [{ type: 'DossierResolved', data: { electronicResult: c.electronicResult, resultFiles: c.resultFiles, ...resultCode(c.electronicResult, s, env) } }];
    case 'RefuseResolution':
      return [{ type: 'ResolutionRefused', data: { reason: c.reason } }];
    case 'NotifyEarlyReturn':
      return [{ type: 'EarlyReturnNotified', data: { channel: c.channel } }];
    case 'ReturnResult': {
      // NĐ 61 Đ20.2: an early return is encouraged but must be notified beforehand.
      // Instant procedures (Đ17.4) have no appointment, so nothing is early.
      const appointment = s.topLevel === 'resolved' && !s.earlyReturnNotifiedAt && !p.instant ? appointmentOf(s) : undefined;
      const early = appointment !== undefined && today < appointment.date;
      if (early && rulePack.earlyReturnWithoutNotice === 'refuse')
        throw new RuleViolationError(
          'EARLY_RETURN_WITHOUT_NOTICE',
          `Returning the result on ${today}, before the due date ${appointment.date}, needs prior notice to the applicant (${citation(rulePack, 'earlyReturn')}): record NotifyEarlyReturn first`,
          ['type'],
        );
      // NĐ 118/2025 Đ20.1: the result returns to the centre where the dossier was received.
      const place = c.method === 'counter' ? (c.place ?? (rulePack.returnElsewhere ? s.unit : undefined)) : undefined;
      const elsewhere = place !== undefined && s.unit !== undefined && place.code !== s.unit.code && rulePack.returnElsewhere !== undefined;
      if (elsewhere && rulePack.returnElsewhere === 'refuse')
        throw new RuleViolationError('RETURN_ELSEWHERE', `The result returns at the receiving unit ${s.unit!.code}, not at ${place.code} (NĐ 118/2025 Điều 20.1)`, ['place']);
      return [
        {
          type: 'ResultReturned',
          data: {
            method: c.method,
            ...(c.receiver ? { receiver: c.receiver } : {}),
            ...(early ? { earlyWithoutNotice: true as const } : {}),
            ...(place ? { place } : {}),
            ...(elsewhere ? { elsewhere: true as const } : {}),
          },
        },
      ];
    }
    case 'ReportResultError': {
      const open = s.resultCorrection && !s.resultCorrection.correctedAt;
      if (open) throw new RuleViolationError('RESULT_ERROR_OPEN', `An error reported on ${localDateOf(s.resultCorrection!.reportedAt)} is not corrected yet`, ['type']);
      // NĐ 118/2025 Đ23.1: corrected within N working days of the report (the report's day not counted); NĐ 61/2018 Đ21: no limit.
      const n = rulePack.resultCorrectionWorkingDays;
      const due = n === undefined ? undefined : computeDue(at, { unit: 'workingDays', value: n }, cal);
      return [{ type: 'ResultErrorReported', data: { description: c.description, reportedBy: c.reportedBy, ...(due ? { due } : {}) } }];
    }
    case 'CorrectResult': {
      const open = s.resultCorrection && !s.resultCorrection.correctedAt ? s.resultCorrection : undefined;
      if (!open) throw new RuleViolationError('NO_RESULT_ERROR', 'No reported error in the result is waiting for a correction: record ReportResultError first', ['type']);
      return [{ type: 'ResultCorrected', data: { ...(c.note ? { note: c.note } : {}), late: open.due ? isLate(at, open.due) : false } }];
    }
    case 'Rate':
      return [{ type: 'DossierRated', data: { channel: c.channel, ratings: c.ratings, ...(c.like !== undefined ? { vote: c.like ? 'like' : 'dislike' } : {}) } }];
    case 'FilePetition':
      if (s.petitions.some((x) => x.id === c.petitionId)) throw new RuleViolationError('DUPLICATE_PETITION', `Petition ${c.petitionId} already filed`, ['petitionId']);
      return [{ type: 'PetitionFiled', data: { petitionId: c.petitionId, content: c.content, channel: c.channel } }];
    case 'AnswerPetition': {
      const pet = s.petitions.find((x) => x.id === c.petitionId && !x.answeredAt);
      if (!pet) throw new RuleViolationError('UNKNOWN_PETITION', `No open petition ${c.petitionId}`, ['petitionId']);
      // Decision 766 indicator 5.2: handle within 15 working days.
      const late = cal.workingDaysBetween(localDateOf(pet.filedAt), today) > 15;
      return [{ type: 'PetitionAnswered', data: { petitionId: c.petitionId, outcome: c.outcome, late } }];
    }
    case 'RecordPortalSync':
      return [{ type: 'PortalSynced', data: { portal: c.portal, nationalStatus: s.nationalStatus ?? 1 } }];
    case 'CorrectEvent':
      return decideCorrection(c, s, at);
  }
}

/**
 * The due of a transfer across administrative boundaries (NĐ 118/2025 Đ14.2,
 * Đ20.1), or undefined when the transfer is an ordinary one: the pack has the
 * rule and the intake names a competent unit other than the receiving one.
 * Paper: within `crossBoundaryPaperTransferWorkingDays` working days of receipt
 * (the receipt day not counted; no 15:00 cut-off, which Đ18.2 sets for the
 * same-day hand-over inside a unit). Electronic: at once, i.e. by the end of
 * the receipt's working day.
 */
function crossBoundaryDue(s: DossierState, mode: 'paper' | 'electronic', env: DecideEnv): Due | undefined {
  const days = env.rulePack.crossBoundaryPaperTransferWorkingDays;
  if (days === undefined || !s.competentUnit || !s.unit || s.competentUnit.code === s.unit.code || !s.acceptedAt) return undefined;
  return computeDue(s.acceptedAt, { unit: 'workingDays', value: mode === 'paper' ? days : 0 }, env.calendar);
}

/** A local date plus `n` calendar days. */
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Late as in reports (the projections' default `byLimit` policy): minute-precise
 * for limits in working hours, otherwise a later local day than the due date.
 */
const isLate = (at: string, due: Due, limit?: TimeLimit): boolean => classifyResolved(at, due, { policy: limit?.unit === 'workingHours' ? 'minute' : 'day' }) === 'late';

/**
 * Due date for a limit counted from an instant (receipt, restart, leg start)
 * under the procedure's receipt rules: its `sameDayCutoff` for every limit
 * unit (a receipt on a working day after it counts as received at the start of
 * the next working day; no cut-off without it, except a `sameDay` limit's own,
 * default 15:00) and the non-working-day receipt rule (procedure, else unit,
 * else `nextDayIsStart`).
 */
function dueFor(from: string, limit: TimeLimit, env: DecideEnv): Due {
  return computeDue(from, limit, env.calendar, dueOptions(env.procedure, env.nonWorkingReceipt));
}

const NO_UNIT_RULE = 'default';
const DUE_OPTIONS = new WeakMap<Procedure, Map<string, DueOptions | undefined>>();

/** The calendar options for a procedure and unit rule (cached: decide stays allocation-light). */
function dueOptions(p: Procedure, unitRule: DecideEnv['nonWorkingReceipt']): DueOptions | undefined {
  let byUnit = DUE_OPTIONS.get(p);
  if (!byUnit) DUE_OPTIONS.set(p, (byUnit = new Map()));
  const key = unitRule ?? NO_UNIT_RULE;
  if (byUnit.has(key)) return byUnit.get(key);
  const nonWorkingReceipt = p.nonWorkingReceipt ?? unitRule;
  const opts: DueOptions | undefined =
    p.sameDayCutoff === undefined && nonWorkingReceipt === undefined
      ? undefined
      : Object.freeze({ ...(p.sameDayCutoff !== undefined ? { cutoff: p.sameDayCutoff } : {}), ...(nonWorkingReceipt ? { nonWorkingReceipt } : {}) });
  byUnit.set(key, opts);
  return opts;
}

/** The appointment in force: the rescheduled date, unless the legal clock restarted after the apology. */
function appointmentOf(s: DossierState): Due | undefined {
  const d = s.due;
  if (!d) return undefined;
  if (!d.rescheduled || !s.apology) return d.legal;
  const restartedAfter = s.supplements.some((x) => x.providedAt !== undefined && compareInstants(x.providedAt, s.apology!.at) > 0);
  return restartedAfter ? d.legal : d.rescheduled;
}

/** Route legs the machine lets complete in this state (`LegCompleted.<i>` transitions). */
function openLegs(table: TransitionTable, stateKey: string): number[] {
  const out: number[] = [];
  const next = table.states.get(stateKey)?.next;
  if (next) for (const k of next.keys()) if (k.startsWith('LegCompleted.')) out.push(Number(k.slice(13)));
  return out.sort((a, b) => a - b);
}

/** `CompleteLeg` for a leg that is not open: still `INVALID_TRANSITION`, but the message names the expected leg(s). */
class WrongLegError extends InvalidTransitionError {
  constructor(
    state: string,
    allowed: string[],
    readonly legIndex: number,
    readonly expectedLegs: number[],
    why: string,
    mode: 'sequential' | 'parallel',
  ) {
    super('CompleteLeg', state, allowed);
    const expected = !expectedLegs.length
      ? 'no leg is open'
      : mode === 'sequential'
        ? `the expected leg is ${expectedLegs[0]} (sequential route: legs complete in order)`
        : `the open legs are ${expectedLegs.join(', ')}`;
    this.message = `CompleteLeg for leg ${legIndex} is not allowed in state '${state}': ${why}; ${expected}.`;
  }
  override toJSON() {
    return { ...super.toJSON(), legIndex: this.legIndex, expectedLegs: this.expectedLegs };
  }
}

type IntakeFields = {
  procedureCode?: string;
  unit?: DossierState['unit'];
  applicant?: DossierState['applicant'];
  channel?: DossierState['channel'];
  components?: DossierState['components'];
  usesPopulationData?: boolean;
  competentUnit?: DossierState['unit'];
};

function intakeOf(c: IntakeFields, env: DecideEnv, s?: DossierState) {
  const unit = c.unit ?? s?.unit;
  const applicant = c.applicant ?? s?.applicant;
  const channel = c.channel ?? s?.channel;
  const missing = [!unit && 'unit', !applicant && 'applicant', !channel && 'channel'].filter((x): x is string => !!x);
  if (missing.length)
    throw new ValidationError(
      'Missing intake data for a new dossier',
      missing.map((m) => ({ code: 'invalid_type', path: [m], message: 'required when the dossier was not submitted before' })),
    );
  return {
    procedure: s?.procedure ?? { code: env.procedure.code, version: env.procedure.version },
    rulePack: s?.rulePack ?? env.rulePack.id,
    unit: unit!,
    applicant: applicant!,
    channel: channel!,
    components: c.components ?? s?.components ?? [],
    usesPopulationData: c.usesPopulationData ?? s?.usesPopulationData ?? false,
    ...((c.competentUnit ?? s?.competentUnit) ? { competentUnit: (c.competentUnit ?? s?.competentUnit)! } : {}),
  };
}

function newIntake(intake: IntakeFields | undefined, s: DossierState, env: DecideEnv) {
  if (s.version > 0) return {};
  if (!intake) throw new ValidationError('Missing intake data for a new dossier', [{ code: 'invalid_type', path: ['intake'], message: 'required for a dossier with no history' }]);
  return { intake: intakeOf(intake, env) };
}

function accepted(c: IntakeFields & { handedOverAt?: string }, s: DossierState, env: DecideEnv): DossierEventBody {
  const { at, calendar: cal, procedure: p, rulePack } = env;
  if (!env.dossierCode) throw new InternalError('decide: the engine must reserve a dossier code before acceptance', undefined);
  const limit = effectiveLimit(p);
  return {
    type: 'DossierAccepted',
    data: {
      ...intakeOf(c, env, s),
      dossierCode: env.dossierCode,
      limit,
      due: dueFor(at, limit, env),
      transferDue: computeDue(at, { unit: 'sameDay', cutoff: rulePack.transferCutoff }, cal),
      ...(c.handedOverAt ? { handedOverAt: c.handedOverAt } : {}),
    },
  };
}
