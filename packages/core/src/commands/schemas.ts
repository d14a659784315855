import { z } from 'zod';
import { LIMITS, agencyRefSchema, applicantSchema, channelSchema, componentSchema, instantSchema, localDateSchema, supplementItemSchema, text, unitSchema } from '../events/parts';
import { evaluationContentSchema } from '../evaluation/contents';
import { CORRECTABLE_FIELDS, CORRECTABLE_TYPES } from '../corrections/correctable';
import type { DossierEventType } from '../events/schemas';
import { procedureCodeSchema } from '../procedure/procedure';
import { isLocalDateString } from '../time';

// Commands are strict: an unknown key (a misspelt optional field, `__proto__`)
// is a VALIDATION_FAILED (`unrecognized_keys`), never silently dropped.
const strict = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape);
const unit = strict(unitSchema.shape);
const agency = strict(agencyRefSchema.shape);
const applicant = strict(applicantSchema.shape);
const component = strict(componentSchema.shape);
const supplementItem = strict(supplementItemSchema.shape);
/** A local date that is a real calendar day (2027-02-31 is refused). */
const localDay = localDateSchema.refine(isLocalDateString, 'not a day of the calendar');
const list = <T extends z.ZodType>(el: T, min = 0) => (min > 0 ? z.array(el).min(min) : z.array(el)).max(LIMITS.list);

/** Fields every command carries. */
const envelope = {
  /**
   * Unique per command; executing the same command id **on the same dossier** again returns the first result
   * (`duplicate: true`; idempotency), or `IDEMPOTENCY_CONFLICT` for another command under it. The id is looked up in
   * the dossier's own stream only: under another `dossierId` it is not recognised, so a retried intake must keep
   * the dossier id it was first sent with (else it opens a second dossier with the next code). Any letter case; the
   * engine writes it lower-case.
   */
  commandId: z.uuid(),
  /** The dossier (hồ sơ) id; the stream is `dossier-<id>`. New dossiers: generate a uuid v7. Any letter case; the engine uses it lower-case. */
  dossierId: z.uuid(),
  actor: strict({ id: text(LIMITS.id, 1), role: text(LIMITS.id, 1), unit: text(LIMITS.code).optional(), name: text(LIMITS.name).optional() }),
  /**
   * Business time of the act; defaults to the engine's clock. Must not be
   * earlier than the dossier's last event, nor later than the engine's clock
   * plus its tolerance (`TIME_IN_FUTURE`), and must lie in the years the
   * engine's calendar covers.
   */
  at: instantSchema.optional(),
  correlationId: text(LIMITS.id).optional(),
  causationId: text(LIMITS.id).optional(),
  /** Optional optimistic check: the dossier version the caller saw. A mismatch fails with CONCURRENCY_CONFLICT. */
  expectedVersion: z.number().int().min(0).optional(),
};

const intake = {
  procedureCode: procedureCodeSchema.max(LIMITS.code),
  unit,
  applicant,
  channel: channelSchema,
  components: list(component).default([]),
  usesPopulationData: z.boolean().default(false),
  /** The competent unit when another unit's procedure is received here (NĐ 118/2025 Đ14.2); absent: this unit handles it. */
  competentUnit: unit.optional(),
};

const cmd = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...envelope, ...shape });
const reason = text(LIMITS.text, 1);
const officer = strict({ id: text(LIMITS.id, 1), name: text(LIMITS.name).optional() });
/** A step id of the procedure's approval route (`draft`, `review`, `sign`). */
const stepId = text(LIMITS.id, 1);
const returnMethod = z.enum(['counter', 'postal', 'online']);
const notifyChannel = z.enum(['sms', 'email', 'phone', 'social', 'portal']);

/**
 * Zod schemas of every command (lệnh). Each command produces the event(s)
 * named in {@link COMMAND_EVENTS}. Every object is strict (unknown keys are
 * refused), every string and list is bounded ({@link LIMITS}).
 */
export const commandSchemas = {
  SubmitOnline: cmd('SubmitOnline', { ...intake, channel: channelSchema.default('online') }),
  RequestIntakeSupplement: cmd('RequestIntakeSupplement', {
    items: list(supplementItem, 1),
    reason,
    intake: strict(intake).optional(),
  }),
  ProvideIntakeSupplement: cmd('ProvideIntakeSupplement', { components: list(component).optional() }),
  RefuseReception: cmd('RefuseReception', { reason, intake: strict(intake).optional() }),
  /** Accept at the one-stop unit (Form 01). For an online submission the intake fields may be omitted. */
  ReceiveDossier: cmd('ReceiveDossier', {
    // All optional and without defaults: for an online submission, what is
    // omitted comes from the submission (a default here would overwrite it).
    procedureCode: procedureCodeSchema.max(LIMITS.code).optional(),
    unit: unit.optional(),
    applicant: applicant.optional(),
    channel: channelSchema.optional(),
    components: list(component).optional(),
    usesPopulationData: z.boolean().optional(),
    competentUnit: unit.optional(),
    /** When a dossier that came by post (channel `postal`) was handed to the postal service: not after the acceptance (`HANDOVER_AFTER_RECEIPT`), only for a postal dossier (`HANDOVER_NOT_POSTAL`). */
    handedOverAt: instantSchema.optional(),
  }),
  /** Instant procedure (Đ17.4): accept, resolve and return in one command. */
  HandleInstantly: cmd('HandleInstantly', {
    ...intake,
    electronicResult: z.boolean().default(false),
    returnMethod: returnMethod.default('counter'),
  }),
  /** To the competent agency; for a dossier of another unit (NĐ 118/2025 Đ20.1) `to` defaults to the intake's `competentUnit`. */
  TransferDossier: cmd('TransferDossier', { to: agency.optional(), mode: z.enum(['paper', 'electronic']).default('electronic') }),
  /**
   * Assign (or reassign) the dossier's officer. On a procedure with an internal
   * approval route, assigns the current step (`StepAssigned`; at the first step
   * also the dossier's officer); `step`: the step id the caller saw as current
   * (refused with `STEP_MISMATCH` when the dossier has moved on).
   */
  AssignOfficer: cmd('AssignOfficer', { officer, step: stepId.optional() }),
  /**
   * The current internal step is done: to the next step (specialist's draft →
   * head of division's review → leader's signature), or, on the last step, the
   * leader signed and the dossier may be resolved. `assignee`: the officer of
   * the next step; `step`: the step id the caller saw as current.
   */
  ForwardStep: cmd('ForwardStep', { step: stepId.optional(), note: text(LIMITS.text).optional(), assignee: officer.optional() }),
  /**
   * Send the dossier back to an earlier internal step with a reason (trả lại):
   * `toStep` (default: the previous step); `assignee` (default: the officer who
   * last held that step); `step`: the step id the caller saw as current.
   */
  ReturnForRework: cmd('ReturnForRework', { toStep: stepId.optional(), reason, step: stepId.optional(), assignee: officer.optional() }),
  RecordVerification: cmd('RecordVerification', { place: text(LIMITS.address, 1), participants: list(text(LIMITS.name, 1), 1), content: text(LIMITS.text, 1) }),
  /** `deadline`: not before the day of the request (`CONSULTATION_DEADLINE_PASSED`), at most `EngineOptions.dateHorizons.consultationDeadlineDays` (365) after it (`CONSULTATION_DEADLINE_TOO_FAR`). */
  RequestConsultation: cmd('RequestConsultation', { consultationId: text(LIMITS.id, 1), agency, content: text(LIMITS.text, 1), deadline: localDay }),
  AnswerConsultation: cmd('AnswerConsultation', { consultationId: text(LIMITS.id, 1), answer: text(LIMITS.text, 1) }),
  RequestSupplement: cmd('RequestSupplement', { items: list(supplementItem, 1), reason }),
  ProvideSupplement: cmd('ProvideSupplement', {}),
  RequestFee: cmd('RequestFee', {
    items: list(strict({ name: text(LIMITS.name, 1), amountVnd: z.number().int().min(0) }), 1).refine(
      // Zod runs this on what it read so far: an item whose amount is not a number has its own issue, and summing it could throw.
      (items) => !items.every((item) => typeof item?.amountVnd === 'number') || Number.isSafeInteger(items.reduce((n, item) => n + item.amountVnd, 0)),
      { message: 'the total of the items must be a safe integer number of VND' },
    ),
  }),
  /**
   * A payment of the fee notified: at the counter or by post (recorded by the one-stop officer under the default
   * policy), or online (the applicant's portal session may record it). `gateway`: only for an online payment
   * (`VALIDATION_FAILED` otherwise; default `dvcqg`).
   */
  RecordFeePayment: cmd('RecordFeePayment', { amountVnd: z.number().int().min(0), method: returnMethod, gateway: z.enum(['dvcqg', 'local']).optional() }),
  /** `medium` (NĐ 118/2025 Đ20.2: electronic → parallel, paper → sequential); absent: the transfer's mode, else electronic for online dossiers, else paper. */
  StartInterAgency: cmd('StartInterAgency', { medium: z.enum(['paper', 'electronic']).optional() }),
  CompleteLeg: cmd('CompleteLeg', { legIndex: z.number().int().min(0).max(LIMITS.list), result: text(LIMITS.text).optional() }),
  /**
   * Form 04, the return date moved once, at least 1 working day before the due
   * date: an apology (NĐ 61/2018 Đ19.9) or, for dossiers under NĐ 118/2025, an
   * extension request (Đ19.6); `notify`: how the applicant is told (Đ19.6). `newDueDate`: a working day after the
   * current due date (`RESCHEDULE_NOT_LATER`) and after the command's time (`RESCHEDULE_IN_PAST`), at most
   * `EngineOptions.dateHorizons.rescheduleDays` (365) after the current due date or a late reschedule's day
   * (`RESCHEDULE_TOO_FAR`).
   */
  IssueApology: cmd('IssueApology', { reason, lateUnit: text(LIMITS.name, 1), newDueDate: localDay, notify: list(notifyChannel).optional() }),
  /**
   * The applicant amends an online dossier (bổ sung, sửa đổi hồ sơ trực tuyến, NĐ 118/2025 Đ21) until a decision:
   * `description` of the change (required, not blank); `components`, when given, replaces the dossier's component
   * list. Only for a dossier filed online (`AMENDMENT_NOT_ONLINE`) under the 2025 rule pack
   * (`AMENDMENT_NOT_IN_RULE_PACK`); the status and the due date do not move.
   */
  AmendDossier: cmd('AmendDossier', {
    description: text(LIMITS.text, 1).refine((s) => s.trim() !== '', 'the description of the change must not be blank'),
    components: list(component).optional(),
  }),
  RequestWithdrawal: cmd('RequestWithdrawal', { reason: text(LIMITS.text).optional() }),
  /** `cause`: absent, what the dossier waits for (a withdrawal, a supplement, a fee) or `other`; given, that same cause or `other` (`STOP_CAUSE_MISMATCH` otherwise). */
  StopProcessing: cmd('StopProcessing', { reason, cause: z.enum(['withdrawal', 'supplementNotProvided', 'feeNotPaid', 'other']).optional() }),
  /** Close a dossier whose applicant did not complete the supplement within 15 days of the notice (NĐ 118/2025 Đ19.5): the one-stop officer. */
  CloseDossier: cmd('CloseDossier', { reason }),
  Resolve: cmd('Resolve', { electronicResult: z.boolean().default(false), resultFiles: list(text(LIMITS.address)).default([]) }),
  RefuseResolution: cmd('RefuseResolution', { reason }),
  NotifyEarlyReturn: cmd('NotifyEarlyReturn', { channel: z.enum(['sms', 'email', 'phone', 'social', 'portal']) }),
  /** `place`: the unit where a counter return happens (NĐ 118/2025 Đ20.1: the receiving centre; absent = the receiving unit); only with `method: 'counter'` (`VALIDATION_FAILED` otherwise). */
  ReturnResult: cmd('ReturnResult', { method: returnMethod, receiver: text(LIMITS.name).optional(), place: unit.optional() }),
  /** An error in the returned result was found (NĐ 118/2025 Đ23.1; NĐ 61/2018 Đ21). One open report at a time. */
  ReportResultError: cmd('ReportResultError', { description: text(LIMITS.text, 1), reportedBy: z.enum(['applicant', 'agency']).default('applicant') }),
  /** The erroneous result was corrected (within 3 working days of the report under NĐ 118/2025 Đ23.1). */
  CorrectResult: cmd('CorrectResult', { note: text(LIMITS.text).optional() }),
  Rate: cmd('Rate', {
    channel: z.enum(['paper', 'kiosk', 'online', 'survey', 'dvcqg']),
    /** `content`: the NĐ 118/2025 Đ33 evaluation content (a–i) the answer is about (optional). One answer per criterion (and content): a repeat is `VALIDATION_FAILED`. */
    ratings: list(strict({ criterion: text(LIMITS.id, 1), level: text(LIMITS.id, 1), content: evaluationContentSchema.optional() }), 1),
    like: z.boolean().optional(),
  }),
  FilePetition: cmd('FilePetition', { petitionId: text(LIMITS.id, 1), content: text(LIMITS.text, 1), channel: text(LIMITS.id, 1) }),
  AnswerPetition: cmd('AnswerPetition', { petitionId: text(LIMITS.id, 1), outcome: z.enum(['accepted', 'rejected', 'resolved']) }),
  RecordPortalSync: cmd('RecordPortalSync', { portal: z.enum(['dvcqg']).default('dvcqg') }),
  /** Correct a field of an earlier event (đính chính; `CORRECTABLE`): the actor approves; the stored event is not changed (docs/security.md). */
  CorrectEvent: cmd('CorrectEvent', {
    target: strict({ type: z.enum(CORRECTABLE_TYPES) }),
    field: z.enum(CORRECTABLE_FIELDS),
    /** The corrected value: for `occurredAt` an instant with offset. */
    value: instantSchema,
    reason,
    /** The officer who asked for the correction, when not the approver. */
    requestedBy: strict({ id: text(LIMITS.id, 1), name: text(LIMITS.name).optional() }).optional(),
  }),
} as const;

/** The name of a command (lệnh), e.g. `ReceiveDossier`. */
export type CommandType = keyof typeof commandSchemas;
/** A validated command. */
export type Command = { [T in CommandType]: z.output<(typeof commandSchemas)[T]> }[CommandType];
/** What callers pass to `execute` (defaults not yet applied). */
export type CommandInput = { [T in CommandType]: z.input<(typeof commandSchemas)[T]> }[CommandType];
/** The validated command of one type. */
export type CommandOf<T extends CommandType> = z.output<(typeof commandSchemas)[T]>;

/** The discriminated union of all command schemas. */
export const commandSchema = z.discriminatedUnion(
  'type',
  Object.values(commandSchemas) as unknown as [(typeof commandSchemas)[CommandType], ...(typeof commandSchemas)[CommandType][]],
);

/** An event key a command names: a dossier event type, or `LegCompleted.*` (any leg). */
export type CommandEventKey = DossierEventType | 'LegCompleted.*';

/**
 * Commands that may open a dossier's stream (intake: tiếp nhận). Every other
 * command on a dossier with no events is `NOT_FOUND`.
 *
 * @example
 * ```ts
 * INTAKE_COMMANDS.includes('ReceiveDossier'); // true
 * ```
 */
export const INTAKE_COMMANDS: readonly CommandType[] = Object.freeze(['SubmitOnline', 'ReceiveDossier', 'HandleInstantly', 'RequestIntakeSupplement', 'RefuseReception'] as const);

/**
 * The event keys each command produces, in order. The machine allows a
 * command where it allows its first event key (`LegCompleted.*` matches any leg).
 */
export const COMMAND_EVENTS: Readonly<Record<CommandType, readonly [CommandEventKey, ...CommandEventKey[]]>> = Object.freeze({
  SubmitOnline: ['DossierSubmitted'],
  RequestIntakeSupplement: ['IntakeSupplementRequested'],
  ProvideIntakeSupplement: ['IntakeSupplementProvided'],
  RefuseReception: ['ReceptionRefused'],
  ReceiveDossier: ['DossierAccepted'],
  HandleInstantly: ['DossierAccepted', 'DossierResolved', 'ResultReturned'],
  TransferDossier: ['DossierTransferred'],
  // On an approval route: `StepAssigned` (preceded by `OfficerAssigned` at the first step).
  AssignOfficer: ['OfficerAssigned'],
  ForwardStep: ['StepForwarded'],
  ReturnForRework: ['ReturnedForRework'],
  RecordVerification: ['VerificationRecorded'],
  RequestConsultation: ['ConsultationRequested'],
  AnswerConsultation: ['ConsultationAnswered'],
  RequestSupplement: ['SupplementRequested'],
  ProvideSupplement: ['SupplementProvided'],
  RequestFee: ['FeeRequested'],
  RecordFeePayment: ['FeePaid'],
  StartInterAgency: ['InterAgencyStarted'],
  CompleteLeg: ['LegCompleted.*'],
  IssueApology: ['ApologyIssued'],
  AmendDossier: ['DossierAmended'],
  RequestWithdrawal: ['WithdrawalRequested'],
  StopProcessing: ['ProcessingStopped'],
  CloseDossier: ['DossierClosed'],
  Resolve: ['DossierResolved'],
  RefuseResolution: ['ResolutionRefused'],
  NotifyEarlyReturn: ['EarlyReturnNotified'],
  ReturnResult: ['ResultReturned'],
  ReportResultError: ['ResultErrorReported'],
  CorrectResult: ['ResultCorrected'],
  Rate: ['DossierRated'],
  FilePetition: ['PetitionFiled'],
  AnswerPetition: ['PetitionAnswered'],
  RecordPortalSync: ['PortalSynced'],
  CorrectEvent: ['EventCorrected'],
});

/** A command without its envelope (`commandId`, `dossierId`, `actor`): what builders and scenarios fill in. */
export type CommandBody = { [T in CommandType]: Omit<Extract<CommandInput, { type: T }>, 'commandId' | 'dossierId' | 'actor'> }[CommandType];

/** Schema version of each command type. Bump when a command's input changes incompatibly. */
export const COMMAND_SCHEMA_VERSION: Readonly<Record<CommandType, number>> = Object.freeze(
  Object.fromEntries(Object.keys(commandSchemas).map((k) => [k, 1])) as Record<CommandType, number>,
);
