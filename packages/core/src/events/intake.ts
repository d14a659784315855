import { z } from 'zod';
import type { EvolveTarget } from '../dossier/thaw';
import { defineEvent } from './define';
import { applicantSchema, channelSchema, componentSchema, dueSchema, procedureRefSchema, supplementItemSchema, timeLimitSchema, unitSchema } from './parts';

/** What a dossier's intake records: procedure, rule pack, unit, applicant, channel, components. */
export const intakeDetails = {
  procedure: procedureRefSchema,
  rulePack: z.string().min(1),
  unit: unitSchema,
  applicant: applicantSchema,
  channel: channelSchema,
  components: z.array(componentSchema),
  /** Uses the national population database (VNeID) — 766 indicator 4.5b. */
  usesPopulationData: z.boolean().default(false),
  /**
   * The competent (handling) unit when it is not the receiving unit: reception
   * regardless of administrative boundaries (tiếp nhận không phụ thuộc địa giới
   * hành chính, NĐ 118/2025 Đ14.2). Absent: the receiving unit handles it.
   */
  competentUnit: unitSchema.optional(),
};
const intakeSchema = z.object(intakeDetails);

function takeIntake(draft: EvolveTarget, intake: z.output<typeof intakeSchema>): void {
  draft.procedure = intake.procedure;
  draft.rulePack = intake.rulePack;
  draft.unit = intake.unit;
  draft.applicant = intake.applicant;
  draft.channel = intake.channel;
  draft.components = intake.components;
  draft.usesPopulationData = intake.usesPopulationData;
  if (intake.competentUnit) draft.competentUnit = intake.competentUnit;
}

/** Online submission before acceptance (Mới đăng ký, status 1). */
export const DossierSubmitted = defineEvent({
  schema: intakeSchema,
  writes: [],
  evolve: (draft, data, at) => {
    takeIntake(draft, data);
    draft.submittedAt = at;
  },
  label: { vi: 'Nộp hồ sơ trực tuyến', en: 'Submitted online' },
});

/** Form 02 at intake: missing items requested once, in full; not accepted, no due date. */
export const IntakeSupplementRequested = defineEvent({
  schema: z.object({ items: z.array(supplementItemSchema).min(1), reason: z.string().min(1), intake: intakeSchema.optional() }),
  writes: ['intakeSupplements'],
  evolve: (draft, data, at) => {
    if (data.intake) takeIntake(draft, data.intake);
    draft.intakeSupplements.push({ requestedAt: at, reason: data.reason, itemCount: data.items.length });
  },
  label: { vi: 'Yêu cầu bổ sung khi tiếp nhận (Mẫu 02)', en: 'Supplement at intake (Form 02)' },
});

/** The applicant resubmitted the completed dossier (online). */
export const IntakeSupplementProvided = defineEvent({
  schema: z.object({ components: z.array(componentSchema).optional() }),
  writes: ['intakeSupplements.last'],
  evolve: (draft, data, at) => {
    const last = draft.intakeSupplements[draft.intakeSupplements.length - 1];
    if (last) last.providedAt = at;
    if (data.components) draft.components = data.components;
  },
  label: { vi: 'Bổ sung hồ sơ khi tiếp nhận', en: 'Supplement at intake provided' },
});

/** Form 03: refused at intake (Không được tiếp nhận, status 3). */
export const ReceptionRefused = defineEvent({
  schema: z.object({ reason: z.string().min(1), intake: intakeSchema.optional() }),
  writes: [],
  evolve: (draft, data, at) => {
    if (data.intake) takeIntake(draft, data.intake);
    draft.refusedAtIntake = { at, reason: data.reason };
  },
  label: { vi: 'Từ chối tiếp nhận (Mẫu 03)', en: 'Refused at intake (Form 03)' },
});

/** Form 01: accepted with a dossier code and an appointment (Được tiếp nhận, status 2). */
export const DossierAccepted = defineEvent({
  schema: z.object({
    ...intakeDetails,
    dossierCode: z.string().min(1),
    limit: timeLimitSchema,
    due: dueSchema,
    /** Paper transfer deadline (NĐ 61 Đ18: same day, after 15:00 → next working day). */
    transferDue: dueSchema,
    /** Postal hand-over time when the dossier came by post (the legal clock starts at acceptance). */
    handedOverAt: z.string().optional(),
  }),
  writes: [],
  evolve: (draft, data, at) => {
    takeIntake(draft, data);
    draft.acceptedAt = at;
    draft.dossierCode = data.dossierCode;
    draft.limit = data.limit;
    draft.due = { original: data.due, legal: data.due };
    draft.transfer = { due: data.transferDue };
    if (data.handedOverAt) draft.handedOverAt = data.handedOverAt;
  },
  label: { vi: 'Tiếp nhận hồ sơ (Mẫu 01)', en: 'Accepted (Form 01)' },
});
