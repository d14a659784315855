/**
 * The helpers of `decide` (decide.ts): due dates under the procedure's receipt
 * rules, lateness as reports count it, the appointment in force, open legs, and
 * the intake fields of the events that accept a dossier. Pure.
 */
import { classifyResolved, computeDue, exceededFromMs, type Due, type DueOptions, type TimeLimit, type WorkingCalendar } from '../deadlines';
import { InternalError, InvalidTransitionError, RuleViolationError, ValidationError } from '../errors';
import type { DossierEventBody } from '../events/types';
import type { TransitionTable } from '../machine/compile';
import { effectiveLimit, type Procedure } from '../procedure/procedure';
import { compareInstants } from '../time';
import type { DossierState } from './state';
import type { DecideEnv } from './decide';

/**
 * The due of a transfer across administrative boundaries (NĐ 118/2025 Đ14.2,
 * Đ20.1), or undefined when the transfer is an ordinary one: the pack has the
 * rule and the intake names a competent unit other than the receiving one.
 * Paper: within `crossBoundaryPaperTransferWorkingDays` working days of receipt
 * (the receipt day not counted; no 15:00 cut-off, which Đ18.2 sets for the
 * same-day hand-over inside a unit). Electronic: at once, i.e. by the end of
 * the receipt's working day.
 */
export function crossBoundaryDue(state: DossierState, mode: 'paper' | 'electronic', env: DecideEnv): Due | undefined {
  const days = env.rulePack.crossBoundaryPaperTransferWorkingDays;
  if (days === undefined || !state.competentUnit || !state.unit || state.competentUnit.code === state.unit.code || !state.acceptedAt) return undefined;
  return computeDue(state.acceptedAt, { unit: 'workingDays', value: mode === 'paper' ? days : 0 }, env.calendar);
}

/** A local date plus `n` calendar days. */
export const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const BY_DAY = Object.freeze({ policy: 'day' as const });

/**
 * Late as in reports (the projections' default `byLimit` policy). For a limit
 * in working hours: once working time has elapsed after the due instant, i.e.
 * from the first working instant after it (`exceededFromMs` on `calendar`) —
 * closed time right after a due that ends a session (17:30, the lunch break, a
 * weekend, a holiday) is on time. Otherwise a later local day than the due date.
 */
export function isLate(at: string, due: Due, limit: TimeLimit | undefined, calendar: WorkingCalendar): boolean {
  if (limit?.unit === 'workingHours') return Date.parse(at) >= exceededFromMs(Date.parse(due.at), calendar);
  return classifyResolved(at, due, BY_DAY) === 'late';
}

/**
 * Due date for a limit counted from an instant (receipt, restart, leg start)
 * under the procedure's receipt rules: its `sameDayCutoff` for every limit
 * unit (a receipt on a working day after it counts as received at the start of
 * the next working day; no cut-off without it, except a `sameDay` limit's own,
 * default 15:00) and the non-working-day receipt rule (procedure, else unit,
 * else `nextDayIsStart`).
 */
export function dueFor(from: string, limit: TimeLimit, env: DecideEnv): Due {
  return computeDue(from, limit, env.calendar, dueOptions(env.procedure, env.nonWorkingReceipt));
}

const NO_UNIT_RULE = 'default';
const DUE_OPTIONS = new WeakMap<Procedure, Map<string, DueOptions | undefined>>();

/** The calendar options for a procedure and unit rule (cached: decide stays allocation-light). */
function dueOptions(procedure: Procedure, unitRule: DecideEnv['nonWorkingReceipt']): DueOptions | undefined {
  let byUnit = DUE_OPTIONS.get(procedure);
  if (!byUnit) DUE_OPTIONS.set(procedure, (byUnit = new Map()));
  const key = unitRule ?? NO_UNIT_RULE;
  if (byUnit.has(key)) return byUnit.get(key);
  const nonWorkingReceipt = procedure.nonWorkingReceipt ?? unitRule;
  const opts: DueOptions | undefined =
    procedure.sameDayCutoff === undefined && nonWorkingReceipt === undefined
      ? undefined
      : Object.freeze({ ...(procedure.sameDayCutoff !== undefined ? { cutoff: procedure.sameDayCutoff } : {}), ...(nonWorkingReceipt ? { nonWorkingReceipt } : {}) });
  byUnit.set(key, opts);
  return opts;
}

/** The appointment in force: the rescheduled date, unless the legal clock restarted after the apology (a supplement requested past the due date restarts nothing). */
export function appointmentOf(state: DossierState): Due | undefined {
  const due = state.due;
  if (!due) return undefined;
  if (!due.rescheduled || !state.apology) return due.legal;
  const restartedAfter = state.supplements.some((x) => x.providedAt !== undefined && x.afterDue !== true && compareInstants(x.providedAt, state.apology!.at) > 0);
  return restartedAfter ? due.legal : due.rescheduled;
}

/**
 * Is a supplement requested at `at` past the appointment in force (by the day; for limits in working hours once
 * working time has elapsed after it, {@link isLate}), or after an earlier such request? Then the clock neither stops
 * nor restarts (docs/metrics.md §2, the reports' legal clock; the control slip keeps the date). Requests recorded
 * before `afterDue` existed are taken as within time.
 */
export function supplementAfterDue(state: DossierState, at: string, calendar: WorkingCalendar): boolean {
  if (state.supplements.some((x) => x.afterDue === true)) return true;
  const due = appointmentOf(state);
  return due !== undefined && isLate(at, due, state.limit, calendar);
}

/** Route legs the machine lets complete in this state (`LegCompleted.<i>` transitions). */
export function openLegs(table: TransitionTable, stateKey: string): number[] {
  const out: number[] = [];
  const next = table.states.get(stateKey)?.next;
  if (next) for (const key of next.keys()) if (key.startsWith('LegCompleted.')) out.push(Number(key.slice(13)));
  return out.sort((a, b) => a - b);
}

/** `CompleteLeg` for a leg that is not open: still `INVALID_TRANSITION`, but the message names the expected leg(s). */
export class WrongLegError extends InvalidTransitionError {
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

export type IntakeFields = {
  procedureCode?: string;
  unit?: DossierState['unit'];
  applicant?: DossierState['applicant'];
  channel?: DossierState['channel'];
  components?: DossierState['components'];
  usesPopulationData?: boolean;
  competentUnit?: DossierState['unit'];
};

/**
 * The intake data a dossier's first event needs and `fields` (with what
 * `state` already holds) lacks, as the VALIDATION_FAILED to answer; `undefined`
 * when complete. `path` prefixes the issue paths (`['intake']` for the intake
 * of a Form 02/03 on a new dossier).
 */
export function missingIntake(fields: IntakeFields, state?: DossierState, path: readonly string[] = []): ValidationError | undefined {
  const missing = [!(fields.unit ?? state?.unit) && 'unit', !(fields.applicant ?? state?.applicant) && 'applicant', !(fields.channel ?? state?.channel) && 'channel'].filter(
    (x): x is string => !!x,
  );
  if (!missing.length) return undefined;
  return new ValidationError(
    'Missing intake data for a new dossier',
    missing.map((field) => ({ code: 'invalid_type', path: [...path, field], message: 'required when the dossier was not submitted before' })),
  );
}

/**
 * The receiving unit of a dossier is fixed by its first event: its code, its
 * place in the unit's reports and who may act on it hang on it. An intake
 * command on a dossier that exists may restate that unit or leave it out;
 * naming another one is refused (`INTAKE_UNIT_MISMATCH`, nothing appended),
 * whoever issues it — also a role whose policy scope is `any`. A dossier of
 * another unit's competence keeps its receiving unit and names the other as
 * `competentUnit` (NĐ 118/2025 Đ14.2).
 */
export function intakeUnitMismatch(fields: IntakeFields | undefined, state: DossierState | undefined, path: readonly string[] = []): RuleViolationError | undefined {
  const named = fields?.unit?.code;
  const own = state?.unit?.code;
  if (!state || state.version === 0 || named === undefined || own === undefined || named === own) return undefined;
  return new RuleViolationError(
    'INTAKE_UNIT_MISMATCH',
    `The dossier's receiving unit is ${own}: an intake command on it cannot name another unit (${named}); another unit's competence is its competentUnit`,
    [...path, 'unit'],
  );
}

function checkIntakeUnit(fields: IntakeFields | undefined, state: DossierState | undefined, path: readonly string[] = []): void {
  const mismatch = intakeUnitMismatch(fields, state, path);
  if (mismatch) throw mismatch;
}

/**
 * `HandleInstantly` on a procedure that is not instant (NĐ 61/2018 Đ17.4: acceptance, resolution and return in one
 * command, for the procedures the catalog marks `instant`): `NOT_INSTANT_PROCEDURE`, path `procedureCode`, naming
 * the procedure — not an `INVALID_TRANSITION` from a state the dossier is not in.
 */
export function notInstantRefusal(command: { type: string }, procedure: Procedure): RuleViolationError | undefined {
  if (command.type !== 'HandleInstantly' || procedure.instant) return undefined;
  return new RuleViolationError(
    'NOT_INSTANT_PROCEDURE',
    `Procedure ${procedure.code} (version ${procedure.version}) is not handled instantly: receive the dossier (ReceiveDossier) and process it`,
    ['procedureCode'],
  );
}

/**
 * A fee payment must settle the fee notified (NĐ 61/2018 Đ22; status 6 lasts until the applicant has paid):
 * less than the amount of the last `FeeRequested` is `FEE_UNDERPAID`, path `amountVnd` (partial payments are not
 * recorded); more is accepted.
 */
export function underpaid(amountVnd: number, state: DossierState): RuleViolationError | undefined {
  const requested = state.fees.requested.at(-1);
  if (!requested || amountVnd >= requested.totalVnd) return undefined;
  return new RuleViolationError(
    'FEE_UNDERPAID',
    `The fee notified is ${requested.totalVnd} VND; a payment of ${amountVnd} VND does not settle it (partial payments are not recorded)`,
    ['amountVnd'],
  );
}

/**
 * A postal hand-over time (`ReceiveDossier.handedOverAt`: when the dossier was handed to the public postal service;
 * domain §11: both it and the acceptance are recorded, the legal clock starts at acceptance) that cannot be one:
 * on a dossier that did not come by post (`HANDOVER_NOT_POSTAL`), or after the acceptance it precedes
 * (`HANDOVER_AFTER_RECEIPT`); path `handedOverAt`. The engine asks it before a dossier code is reserved; `decide`
 * again.
 */
export function handOverRefusal(command: { type: string; handedOverAt?: string; channel?: string }, state: DossierState, at: string): RuleViolationError | undefined {
  if (command.type !== 'ReceiveDossier' || command.handedOverAt === undefined) return undefined;
  const channel = command.channel ?? state.channel;
  if (channel !== 'postal')
    return new RuleViolationError('HANDOVER_NOT_POSTAL', `A postal hand-over time is for a dossier that came by post; this one's channel is ${channel ?? 'not given'}`, [
      'handedOverAt',
    ]);
  if (compareInstants(command.handedOverAt, at) > 0)
    return new RuleViolationError('HANDOVER_AFTER_RECEIPT', `The postal hand-over ${command.handedOverAt} is after the acceptance it precedes (${at})`, ['handedOverAt']);
  return undefined;
}

export function intakeOf(fields: IntakeFields, env: DecideEnv, state?: DossierState) {
  checkIntakeUnit(fields, state);
  const unit = fields.unit ?? state?.unit;
  const applicant = fields.applicant ?? state?.applicant;
  const channel = fields.channel ?? state?.channel;
  const missing = missingIntake(fields, state);
  if (missing) throw missing;
  return {
    procedure: state?.procedure ?? { code: env.procedure.code, version: env.procedure.version },
    rulePack: state?.rulePack ?? env.rulePack.id,
    unit: unit!,
    applicant: applicant!,
    channel: channel!,
    components: fields.components ?? state?.components ?? [],
    usesPopulationData: fields.usesPopulationData ?? state?.usesPopulationData ?? false,
    ...((fields.competentUnit ?? state?.competentUnit) ? { competentUnit: (fields.competentUnit ?? state?.competentUnit)! } : {}),
  };
}

export function newIntake(intake: IntakeFields | undefined, state: DossierState, env: DecideEnv) {
  checkIntakeUnit(intake, state, ['intake']);
  if (state.version > 0) return {};
  if (!intake) throw new ValidationError('Missing intake data for a new dossier', [{ code: 'invalid_type', path: ['intake'], message: 'required for a dossier with no history' }]);
  return { intake: intakeOf(intake, env) };
}

export function accepted(command: IntakeFields & { handedOverAt?: string }, state: DossierState, env: DecideEnv): DossierEventBody {
  const { at, calendar: cal, procedure, rulePack } = env;
  const handOver = command.handedOverAt === undefined ? undefined : handOverRefusal({ ...command, type: 'ReceiveDossier' }, state, at);
  if (handOver) throw handOver;
  if (!env.dossierCode) throw new InternalError('decide: the engine must reserve a dossier code before acceptance', undefined);
  const limit = effectiveLimit(procedure);
  return {
    type: 'DossierAccepted',
    data: {
      ...intakeOf(command, env, state),
      dossierCode: env.dossierCode,
      limit,
      due: dueFor(at, limit, env),
      transferDue: computeDue(at, { unit: 'sameDay', cutoff: rulePack.transferCutoff }, cal),
      ...(command.handedOverAt ? { handedOverAt: command.handedOverAt } : {}),
    },
  };
}
