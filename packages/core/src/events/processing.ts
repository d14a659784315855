import { z } from 'zod';
import { defineEvent } from './define';
import { agencyRefSchema, dueSchema, localDateSchema, supplementItemSchema, timeLimitSchema } from './parts';
import { enterStep, stepEntrySchema } from './approval';

const legSchema = z.object({
  index: z.number().int().min(0),
  agency: agencyRefSchema,
  role: z.enum(['lead', 'participant']),
  budget: timeLimitSchema,
  due: dueSchema.optional(),
  /** This agency's task from the route (NĐ 118/2025 Đ20.2: the transfer slip lists each agency's task and deadline); absent in older logs. */
  task: z.string().optional(),
});

/** Transferred from the one-stop unit to the competent agency (Đang xử lý, status 4). */
export const DossierTransferred = defineEvent({
  schema: z.object({
    from: agencyRefSchema,
    to: agencyRefSchema,
    mode: z.enum(['paper', 'electronic']),
    late: z.boolean(),
    /**
     * Sent across administrative boundaries to the competent unit (NĐ 118/2025
     * Đ14.2, Đ20.1), with its due: paper within 1 working day of receipt,
     * electronic at once. Absent in older logs and for ordinary transfers.
     */
    crossBoundary: z.literal(true).optional(),
    due: dueSchema.optional(),
    /** The first step of the procedure's internal approval route, which starts with the transfer; absent without a route and in older logs. */
    step: stepEntrySchema.optional(),
  }),
  writes: ['transfer'],
  evolve: (draft, data, at) => {
    // Field by field: spreading an immer draft would copy proxies into a new object.
    if (!draft.transfer) draft.transfer = { due: { date: at.slice(0, 10), at } };
    draft.transfer.at = at;
    draft.transfer.late = data.late;
    draft.transfer.to = data.to;
    draft.transfer.mode = data.mode;
    if (data.crossBoundary) draft.transfer.crossBoundary = true;
    if (data.due) draft.transfer.due = data.due;
    if (data.step) draft.approval = enterStep(draft.approval, data.step, at);
  },
  label: { vi: 'Chuyển hồ sơ', en: 'Transferred' },
});

export const OfficerAssigned = defineEvent({
  schema: z.object({ officer: z.object({ id: z.string().min(1), name: z.string().optional() }) }),
  writes: [],
  evolve: (d, data) => void (d.officer = data.officer),
  label: { vi: 'Phân công xử lý', en: 'Officer assigned' },
});

/** Verification log: time, place, participants, content (Đ19.3). */
export const VerificationRecorded = defineEvent({
  schema: z.object({ place: z.string().min(1), participants: z.array(z.string()).min(1), content: z.string().min(1) }),
  writes: [],
  evolve: (d) => void (d.verifications += 1),
  label: { vi: 'Thẩm định, xác minh', en: 'Verification' },
});

/** Consultation request (lấy ý kiến, Đ19.5). */
export const ConsultationRequested = defineEvent({
  schema: z.object({ consultationId: z.string().min(1), agency: agencyRefSchema, content: z.string().min(1), deadline: localDateSchema }),
  writes: ['consultations'],
  evolve: (draft, data, at) => void draft.consultations.push({ id: data.consultationId, agency: data.agency, requestedAt: at, deadline: data.deadline }),
  label: { vi: 'Lấy ý kiến', en: 'Consultation requested' },
});

export const ConsultationAnswered = defineEvent({
  schema: z.object({ consultationId: z.string().min(1), answer: z.string().min(1), late: z.boolean() }),
  writes: ['consultations.each'],
  evolve: (draft, data, at) => {
    const consultation = draft.consultations.find((x) => x.id === data.consultationId && !x.answeredAt);
    if (consultation) {
      consultation.answeredAt = at;
      consultation.late = data.late;
    }
  },
  label: { vi: 'Trả lời ý kiến', en: 'Consultation answered' },
});

/** Post-acceptance supplement request (Form 02, status 5). The legal clock restarts on completion. */
export const SupplementRequested = defineEvent({
  schema: z.object({
    items: z.array(supplementItemSchema).min(1),
    reason: z.string().min(1),
    requestNo: z.number().int().min(1),
    lateNotice: z.boolean(),
    /**
     * Requested after the due date in force (the appointment, by the day or by the minute for limits in working hours),
     * or after an earlier such request: the clock is not stopped, and the supplement's arrival restarts nothing
     * (`SupplementProvided.due` keeps the due date). Absent when false and in older logs.
     */
    afterDue: z.literal(true).optional(),
  }),
  writes: ['supplements'],
  evolve: (draft, data, at) =>
    void draft.supplements.push({
      requestNo: data.requestNo,
      requestedAt: at,
      items: data.items,
      reason: data.reason,
      lateNotice: data.lateNotice,
      ...(data.afterDue ? { afterDue: true as const } : {}),
    }),
  label: { vi: 'Yêu cầu bổ sung (Mẫu 02)', en: 'Supplement request (Form 02)' },
});

/** The complete dossier arrived; `due` is the restarted legal due date (Đ19.4), or the unchanged one after a request made past the due date (`SupplementRequested.afterDue`). */
export const SupplementProvided = defineEvent({
  schema: z.object({
    due: dueSchema,
    /** The internal approval step the dossier returns to, restarted with a fresh budget (as the legal limit restarts); absent without a route and in older logs. */
    step: stepEntrySchema.optional(),
  }),
  writes: ['supplements.last', 'due'],
  evolve: (draft, data, at) => {
    const last = draft.supplements[draft.supplements.length - 1];
    if (last) last.providedAt = at;
    if (draft.due) draft.due.legal = data.due;
    if (data.step) draft.approval = enterStep(draft.approval, data.step, at);
  },
  label: { vi: 'Nhận hồ sơ bổ sung; tính lại thời hạn', en: 'Supplement received; clock restarted' },
});

/** Financial obligation requested (status 6). */
export const FeeRequested = defineEvent({
  schema: z.object({ items: z.array(z.object({ name: z.string().min(1), amountVnd: z.number().int().min(0) })).min(1), totalVnd: z.number().int().min(0) }),
  writes: ['fees.requested'],
  evolve: (d, data, at) => void d.fees.requested.push({ at, totalVnd: data.totalVnd }),
  label: { vi: 'Yêu cầu nghĩa vụ tài chính', en: 'Fee requested' },
});

/** Paid at the counter, by post, or online (gateway: 1 = DVCQG, 2 = local). */
export const FeePaid = defineEvent({
  schema: z.object({
    amountVnd: z.number().int().min(0),
    method: z.enum(['counter', 'postal', 'online']),
    gateway: z.enum(['dvcqg', 'local']).optional(),
    /** The internal approval step the dossier returns to, its budget counted again from the payment; absent without a route and in older logs. */
    step: stepEntrySchema.optional(),
  }),
  writes: ['fees.paid'],
  evolve: (draft, data, at) => {
    draft.fees.paid.push({ at, amountVnd: data.amountVnd, method: data.method, ...(data.gateway ? { gateway: data.gateway } : {}) });
    if (data.step) draft.approval = enterStep(draft.approval, data.step, at);
  },
  label: { vi: 'Nộp phí, lệ phí', en: 'Fee paid' },
});

/** Inter-agency route started; legs carry their own due dates. */
export const InterAgencyStarted = defineEvent({
  schema: z.object({
    mode: z.enum(['sequential', 'parallel']),
    legs: z.array(legSchema).min(1),
    /** The dossier's medium (NĐ 118/2025 Đ20.2); absent in older logs. */
    medium: z.enum(['paper', 'electronic']).optional(),
    /** The route's mode does not follow the medium (electronic → parallel, paper → sequential) under a pack that checks it. */
    modeMismatch: z.literal(true).optional(),
  }),
  writes: [],
  evolve: (draft, data, at) =>
    void (draft.route = {
      mode: data.mode,
      startedAt: at,
      legs: data.legs.map((l) => ({ ...l, ...(l.due ? { startedAt: at } : {}) })),
      ...(data.medium ? { medium: data.medium } : {}),
    }),
  label: { vi: 'Chuyển liên thông', en: 'Sent to agency' },
});

/** An agency finished its leg; for sequential routes `nextLegDue` starts the next leg's clock. */
export const LegCompleted = defineEvent({
  schema: z.object({ legIndex: z.number().int().min(0), result: z.string().optional(), late: z.boolean(), nextLegDue: dueSchema.optional() }),
  writes: ['route.legs.each'],
  evolve: (draft, data, at) => {
    const legs = draft.route?.legs;
    const leg = legs?.[data.legIndex];
    if (!leg) return;
    leg.completedAt = at;
    leg.late = data.late;
    const next = legs![data.legIndex + 1];
    if (draft.route!.mode === 'sequential' && next && data.nextLegDue) {
      next.startedAt = at;
      next.due = data.nextLegDue;
    }
  },
  label: { vi: 'Hoàn thành phần việc liên thông', en: 'Leg completed' },
});

/** Channels by which the applicant is told of a new date (NĐ 118/2025 Đ19.6, Đ12.5: e-mail, SMS, phone, social network; or the portal). */
export const notifyChannelSchema = z.enum(['sms', 'email', 'phone', 'social', 'portal']);

/**
 * Form 04, the return date moved once (at most once, ≥ 1 working day before the
 * due date): under NĐ 61/2018 Đ19.9 an apology and new appointment ("Phiếu xin
 * lỗi và hẹn lại ngày trả kết quả"); under NĐ 118/2025 Đ19.6 an extension
 * request ("Phiếu đề nghị gia hạn thời gian giải quyết") notified to the
 * applicant. `form` and `notify` are absent in older logs (= apology).
 */
export const ApologyIssued = defineEvent({
  schema: z.object({
    reason: z.string().min(1),
    lateUnit: z.string().min(1),
    originalDue: dueSchema,
    newDue: dueSchema,
    lateApology: z.boolean(),
    /** The form, from the dossier's rule pack (`rescheduleForm`); absent = `'apology'`. */
    form: z.enum(['apology', 'extension']).optional(),
    /** How the applicant is told of the new date (NĐ 118/2025 Đ19.6); absent in older logs. */
    notify: z.array(notifyChannelSchema).optional(),
  }),
  writes: ['due'],
  evolve: (draft, data, at) => {
    draft.apology = {
      at,
      reason: data.reason,
      lateUnit: data.lateUnit,
      originalDue: data.originalDue,
      newDue: data.newDue,
      lateApology: data.lateApology,
      ...(data.form ? { form: data.form } : {}),
    };
    if (draft.due) draft.due.rescheduled = data.newDue;
  },
  label: { vi: 'Xin lỗi và hẹn lại (Mẫu 04)', en: 'Apology and new date (Form 04)' },
});
