import { z } from 'zod';
import {
  agencyRefSchema,
  applicantSchema,
  channelSchema,
  componentSchema,
  dueSchema,
  localDateSchema,
  procedureRefSchema,
  supplementItemSchema,
  timeLimitSchema,
  unitSchema,
} from './parts';

const intakeDetails = {
  procedure: procedureRefSchema,
  rulePack: z.string().min(1),
  unit: unitSchema,
  applicant: applicantSchema,
  channel: channelSchema,
  components: z.array(componentSchema),
  /** Uses the national population database (VNeID) — 766 indicator 4.5b. */
  usesPopulationData: z.boolean().default(false),
};

const legSchema = z.object({
  index: z.number().int().min(0),
  agency: agencyRefSchema,
  role: z.enum(['lead', 'participant']),
  budget: timeLimitSchema,
  due: dueSchema.optional(),
});

/**
 * Zod schemas of every dossier event's `data`, by type, with the current
 * schema version. The names are the domain's (see docs/glossary.md).
 */
export const eventSchemas = {
  /** Online submission before acceptance (Mới đăng ký, status 1). */
  DossierSubmitted: z.object({ ...intakeDetails }),
  /** Form 02 at intake: missing items requested once, in full; not accepted, no due date. */
  IntakeSupplementRequested: z.object({ items: z.array(supplementItemSchema).min(1), reason: z.string().min(1), intake: z.object(intakeDetails).optional() }),
  /** The applicant resubmitted the completed dossier (online). */
  IntakeSupplementProvided: z.object({ components: z.array(componentSchema).optional() }),
  /** Form 03: refused at intake (Không được tiếp nhận, status 3). */
  ReceptionRefused: z.object({ reason: z.string().min(1), intake: z.object(intakeDetails).optional() }),
  /** Form 01: accepted with a dossier code and an appointment (Được tiếp nhận, status 2). */
  DossierAccepted: z.object({
    ...intakeDetails,
    dossierCode: z.string().min(1),
    limit: timeLimitSchema,
    due: dueSchema,
    /** Paper transfer deadline (NĐ 61 Đ18: same day, after 15:00 → next working day). */
    transferDue: dueSchema,
    /** Postal hand-over time when the dossier came by post (the legal clock starts at acceptance). */
    handedOverAt: z.string().optional(),
  }),
  /** Transferred from the one-stop unit to the competent agency (Đang xử lý, status 4). */
  DossierTransferred: z.object({ from: agencyRefSchema, to: agencyRefSchema, mode: z.enum(['paper', 'electronic']), late: z.boolean() }),
  OfficerAssigned: z.object({ officer: z.object({ id: z.string().min(1), name: z.string().optional() }) }),
  /** Verification log: time, place, participants, content (Đ19.3). */
  VerificationRecorded: z.object({ place: z.string().min(1), participants: z.array(z.string()).min(1), content: z.string().min(1) }),
  /** Consultation request (lấy ý kiến, Đ19.5). */
  ConsultationRequested: z.object({ consultationId: z.string().min(1), agency: agencyRefSchema, content: z.string().min(1), deadline: localDateSchema }),
  ConsultationAnswered: z.object({ consultationId: z.string().min(1), answer: z.string().min(1), late: z.boolean() }),
  /** Post-acceptance supplement request (Form 02, status 5). The legal clock restarts on completion. */
  SupplementRequested: z.object({ items: z.array(supplementItemSchema).min(1), reason: z.string().min(1), requestNo: z.number().int().min(1), lateNotice: z.boolean() }),
  /** The complete dossier arrived; `due` is the restarted legal due date (Đ19.4). */
  SupplementProvided: z.object({ due: dueSchema }),
  /** Financial obligation requested (status 6). */
  FeeRequested: z.object({ items: z.array(z.object({ name: z.string().min(1), amountVnd: z.number().int().min(0) })).min(1), totalVnd: z.number().int().min(0) }),
  /** Paid at the counter, by post, or online (gateway: 1 = DVCQG, 2 = local). */
  FeePaid: z.object({ amountVnd: z.number().int().min(0), method: z.enum(['counter', 'postal', 'online']), gateway: z.enum(['dvcqg', 'local']).optional() }),
  /** Inter-agency route started; legs carry their own due dates. */
  InterAgencyStarted: z.object({ mode: z.enum(['sequential', 'parallel']), legs: z.array(legSchema).min(1) }),
  /** An agency finished its leg; for sequential routes `nextLegDue` starts the next leg's clock. */
  LegCompleted: z.object({ legIndex: z.number().int().min(0), result: z.string().optional(), late: z.boolean(), nextLegDue: dueSchema.optional() }),
  /** Form 04: apology and new appointment (at most once, ≥ 1 working day before the due date). */
  ApologyIssued: z.object({ reason: z.string().min(1), lateUnit: z.string().min(1), originalDue: dueSchema, newDue: dueSchema, lateApology: z.boolean() }),
  /** The citizen asked to withdraw the dossier (status 7). */
  WithdrawalRequested: z.object({ reason: z.string().optional() }),
  /** Processing stopped (status 8). */
  ProcessingStopped: z.object({ reason: z.string().min(1), cause: z.enum(['withdrawal', 'supplementNotProvided', 'feeNotPaid', 'other']) }),
  /** Result ready (Đã xử lý xong, status 9). */
  DossierResolved: z.object({ electronicResult: z.boolean(), resultFiles: z.array(z.string()).default([]) }),
  /** Refusal after appraisal with a written reason (status 9). */
  ResolutionRefused: z.object({ reason: z.string().min(1) }),
  /** Early return needs prior notice (Đ20). */
  EarlyReturnNotified: z.object({ channel: z.enum(['sms', 'email', 'phone', 'social', 'portal']) }),
  /** Result returned (Đã trả kết quả, status 10). */
  ResultReturned: z.object({
    method: z.enum(['counter', 'postal', 'online']),
    receiver: z.string().optional(),
    /** Returned before the due date without prior notice (Đ20.2), under a rule pack that flags it. Absent otherwise. */
    earlyWithoutNotice: z.literal(true).optional(),
  }),
  /** Citizen rating per criterion (đánh giá mức độ hài lòng). */
  DossierRated: z.object({
    channel: z.enum(['paper', 'kiosk', 'online', 'survey', 'dvcqg']),
    ratings: z.array(z.object({ criterion: z.string().min(1), level: z.string().min(1) })).min(1),
    /** DVCQG like/dislike (766 indicators 5.3, 5.4). */
    like: z.boolean().optional(),
  }),
  /** Feedback/petition about this dossier (phản ánh, kiến nghị). */
  PetitionFiled: z.object({ petitionId: z.string().min(1), content: z.string().min(1), channel: z.string().min(1) }),
  PetitionAnswered: z.object({ petitionId: z.string().min(1), outcome: z.enum(['accepted', 'rejected', 'resolved']), late: z.boolean() }),
  /** Status synchronised to the national portal (766 indicator 1.4). */
  PortalSynced: z.object({ portal: z.enum(['dvcqg']), nationalStatus: z.number().int().min(1).max(10) }),
} as const;

export type DossierEventType = keyof typeof eventSchemas;
export type EventData<T extends DossierEventType> = z.output<(typeof eventSchemas)[T]>;

/** Current schema version of each event type's data. Bump with an upcaster. */
export const EVENT_SCHEMA_VERSION: Readonly<Record<DossierEventType, number>> = Object.freeze(
  Object.fromEntries(Object.keys(eventSchemas).map((k) => [k, 1])) as Record<DossierEventType, number>,
);

/** Every event type, in lifecycle order. */
export const DOSSIER_EVENT_TYPES = Object.freeze(Object.keys(eventSchemas) as DossierEventType[]);
