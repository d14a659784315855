import { z } from 'zod';
import {
  agencyRefSchema,
  applicantSchema,
  channelSchema,
  componentSchema,
  instantSchema,
  localDateSchema,
  supplementItemSchema,
  unitSchema,
} from '../events/parts';
import { procedureCodeSchema } from '../procedure/procedure';

/** Fields every command carries. */
const envelope = {
  /** Unique per command; executing the same command id twice returns the first result (idempotency). */
  commandId: z.uuid(),
  /** The dossier (hồ sơ) id; the stream is `dossier-<id>`. New dossiers: generate a uuid v7. */
  dossierId: z.uuid(),
  actor: z.object({ id: z.string().min(1), role: z.string().min(1), unit: z.string().optional(), name: z.string().optional() }),
  /** Business time of the act; defaults to the engine's clock. Must not be earlier than the dossier's last event. */
  at: instantSchema.optional(),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  /** Optional optimistic check: the dossier version the caller saw. A mismatch fails with CONCURRENCY_CONFLICT. */
  expectedVersion: z.number().int().min(0).optional(),
};

const intake = {
  procedureCode: procedureCodeSchema,
  unit: unitSchema,
  applicant: applicantSchema,
  channel: channelSchema,
  components: z.array(componentSchema).default([]),
  usesPopulationData: z.boolean().default(false),
};

const cmd = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ type: z.literal(type), ...envelope, ...shape });

/**
 * Zod schemas of every command (lệnh). Each command produces the event(s)
 * named in {@link COMMAND_EVENTS}.
 */
export const commandSchemas = {
  SubmitOnline: cmd('SubmitOnline', { ...intake, channel: channelSchema.default('online') }),
  RequestIntakeSupplement: cmd('RequestIntakeSupplement', {
    items: z.array(supplementItemSchema).min(1),
    reason: z.string().min(1),
    intake: z.object(intake).optional(),
  }),
  ProvideIntakeSupplement: cmd('ProvideIntakeSupplement', { components: z.array(componentSchema).optional() }),
  RefuseReception: cmd('RefuseReception', { reason: z.string().min(1), intake: z.object(intake).optional() }),
  /** Accept at the one-stop unit (Form 01). For an online submission the intake fields may be omitted. */
  ReceiveDossier: cmd('ReceiveDossier', {
    // All optional and without defaults: for an online submission, what is
    // omitted comes from the submission (a default here would overwrite it).
    procedureCode: procedureCodeSchema.optional(),
    unit: unitSchema.optional(),
    applicant: applicantSchema.optional(),
    channel: channelSchema.optional(),
    components: z.array(componentSchema).optional(),
    usesPopulationData: z.boolean().optional(),
    handedOverAt: instantSchema.optional(),
  }),
  /** Instant procedure (Đ17.4): accept, resolve and return in one command. */
  HandleInstantly: cmd('HandleInstantly', {
    ...intake,
    electronicResult: z.boolean().default(false),
    returnMethod: z.enum(['counter', 'postal', 'online']).default('counter'),
  }),
  TransferDossier: cmd('TransferDossier', { to: agencyRefSchema.optional(), mode: z.enum(['paper', 'electronic']).default('electronic') }),
  AssignOfficer: cmd('AssignOfficer', { officer: z.object({ id: z.string().min(1), name: z.string().optional() }) }),
  RecordVerification: cmd('RecordVerification', { place: z.string().min(1), participants: z.array(z.string().min(1)).min(1), content: z.string().min(1) }),
  RequestConsultation: cmd('RequestConsultation', { consultationId: z.string().min(1), agency: agencyRefSchema, content: z.string().min(1), deadline: localDateSchema }),
  AnswerConsultation: cmd('AnswerConsultation', { consultationId: z.string().min(1), answer: z.string().min(1) }),
  RequestSupplement: cmd('RequestSupplement', { items: z.array(supplementItemSchema).min(1), reason: z.string().min(1) }),
  ProvideSupplement: cmd('ProvideSupplement', {}),
  RequestFee: cmd('RequestFee', { items: z.array(z.object({ name: z.string().min(1), amountVnd: z.number().int().min(0) })).min(1) }),
  RecordFeePayment: cmd('RecordFeePayment', { amountVnd: z.number().int().min(0), method: z.enum(['counter', 'postal', 'online']), gateway: z.enum(['dvcqg', 'local']).optional() }),
  StartInterAgency: cmd('StartInterAgency', {}),
  CompleteLeg: cmd('CompleteLeg', { legIndex: z.number().int().min(0), result: z.string().optional() }),
  /** Apology and new appointment (Form 04): at most once, at least 1 working day before the due date. */
  IssueApology: cmd('IssueApology', { reason: z.string().min(1), lateUnit: z.string().min(1), newDueDate: localDateSchema }),
  RequestWithdrawal: cmd('RequestWithdrawal', { reason: z.string().optional() }),
  StopProcessing: cmd('StopProcessing', { reason: z.string().min(1), cause: z.enum(['withdrawal', 'supplementNotProvided', 'feeNotPaid', 'other']).optional() }),
  Resolve: cmd('Resolve', { electronicResult: z.boolean().default(false), resultFiles: z.array(z.string()).default([]) }),
  RefuseResolution: cmd('RefuseResolution', { reason: z.string().min(1) }),
  NotifyEarlyReturn: cmd('NotifyEarlyReturn', { channel: z.enum(['sms', 'email', 'phone', 'social', 'portal']) }),
  ReturnResult: cmd('ReturnResult', { method: z.enum(['counter', 'postal', 'online']), receiver: z.string().optional() }),
  Rate: cmd('Rate', {
    channel: z.enum(['paper', 'kiosk', 'online', 'survey', 'dvcqg']),
    ratings: z.array(z.object({ criterion: z.string().min(1), level: z.string().min(1) })).min(1),
    like: z.boolean().optional(),
  }),
  FilePetition: cmd('FilePetition', { petitionId: z.string().min(1), content: z.string().min(1), channel: z.string().min(1) }),
  AnswerPetition: cmd('AnswerPetition', { petitionId: z.string().min(1), outcome: z.enum(['accepted', 'rejected', 'resolved']) }),
  RecordPortalSync: cmd('RecordPortalSync', { portal: z.enum(['dvcqg']).default('dvcqg') }),
} as const;

export type CommandType = keyof typeof commandSchemas;
/** A validated command. */
export type Command = { [T in CommandType]: z.output<(typeof commandSchemas)[T]> }[CommandType];
/** What callers pass to `execute` (defaults not yet applied). */
export type CommandInput = { [T in CommandType]: z.input<(typeof commandSchemas)[T]> }[CommandType];
export type CommandOf<T extends CommandType> = z.output<(typeof commandSchemas)[T]>;

/** The discriminated union of all command schemas. */
export const commandSchema = z.discriminatedUnion('type', Object.values(commandSchemas) as unknown as [(typeof commandSchemas)[CommandType], ...(typeof commandSchemas)[CommandType][]]);

/**
 * The event keys each command produces, in order. The machine allows a
 * command where it allows its first event key (`LegCompleted.*` matches any leg).
 */
export const COMMAND_EVENTS: Readonly<Record<CommandType, readonly string[]>> = Object.freeze({
  SubmitOnline: ['DossierSubmitted'],
  RequestIntakeSupplement: ['IntakeSupplementRequested'],
  ProvideIntakeSupplement: ['IntakeSupplementProvided'],
  RefuseReception: ['ReceptionRefused'],
  ReceiveDossier: ['DossierAccepted'],
  HandleInstantly: ['DossierAccepted', 'DossierResolved', 'ResultReturned'],
  TransferDossier: ['DossierTransferred'],
  AssignOfficer: ['OfficerAssigned'],
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
  RequestWithdrawal: ['WithdrawalRequested'],
  StopProcessing: ['ProcessingStopped'],
  Resolve: ['DossierResolved'],
  RefuseResolution: ['ResolutionRefused'],
  NotifyEarlyReturn: ['EarlyReturnNotified'],
  ReturnResult: ['ResultReturned'],
  Rate: ['DossierRated'],
  FilePetition: ['PetitionFiled'],
  AnswerPetition: ['PetitionAnswered'],
  RecordPortalSync: ['PortalSynced'],
});

/** A command without its envelope (`commandId`, `dossierId`, `actor`): what builders and scenarios fill in. */
export type CommandBody = { [T in CommandType]: Omit<Extract<CommandInput, { type: T }>, 'commandId' | 'dossierId' | 'actor'> }[CommandType];

/** Schema version of each command type. Bump when a command's input changes incompatibly. */
export const COMMAND_SCHEMA_VERSION: Readonly<Record<CommandType, number>> = Object.freeze(
  Object.fromEntries(Object.keys(commandSchemas).map((k) => [k, 1])) as Record<CommandType, number>,
);
