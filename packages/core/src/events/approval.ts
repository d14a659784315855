/**
 * The events of the internal approval route (quy trình nội bộ, domain §12.2):
 * a step assigned, forwarded (the last one: signed), returned for rework.
 * The first step starts with the transfer (`DossierTransferred.step`). The
 * national status stays 4 throughout (the machine keeps them in `processing`).
 */
import { z } from 'zod';
import type { ApprovalState, OfficerRef } from '../dossier/state';
import type { ReadonlyDeep } from '../dossier/thaw';
import { defineEvent } from './define';
import { instantSchema } from './parts';

const officerSchema = z.object({ id: z.string().min(1), name: z.string().optional() });

/** A step of the route by id and position. */
export const stepRefSchema = z.object({ stepId: z.string().min(1), stepIndex: z.number().int().min(0) });

/** A step being entered: its role, whether it is the signature, its internal deadline and the officer it goes to. */
export const stepEntrySchema = stepRefSchema.extend({
  role: z.string().min(1),
  /** The step's label from the route (for the control slip); absent in events written without it. */
  label: z.string().optional(),
  signing: z.boolean(),
  dueAt: instantSchema.optional(),
  assignee: officerSchema.optional(),
});

/** A step being entered (event data). */
export type StepEntry = z.output<typeof stepEntrySchema>;

/** The approval state after entering a step at `at` (pure; keeps the holders and the rework count). */
export function enterStep(previous: ReadonlyDeep<ApprovalState> | undefined, entry: StepEntry, at: string, rework = false): ApprovalState {
  const holders: Record<string, OfficerRef> = { ...previous?.holders };
  if (entry.assignee) holders[entry.stepId] = entry.assignee;
  return {
    stepId: entry.stepId,
    stepIndex: entry.stepIndex,
    role: entry.role,
    signing: entry.signing,
    ...(entry.assignee ? { assignee: entry.assignee } : {}),
    startedAt: at,
    ...(entry.dueAt ? { dueAt: entry.dueAt } : {}),
    done: false,
    reworks: (previous?.reworks ?? 0) + (rework ? 1 : 0),
    holders,
  };
}

/** The current step was assigned or reassigned to an officer (phân công, chuyển người xử lý bước). */
export const StepAssigned = defineEvent({
  schema: stepRefSchema.extend({
    officer: officerSchema,
    /**
     * The first step, entered at the transfer, of a dossier transferred before its procedure version had a route (no
     * `approval` in its state): its role, label and deadline counted from the transfer. Absent otherwise.
     */
    step: stepEntrySchema.optional(),
  }),
  writes: [],
  evolve: (draft, data, at) => {
    const approval = draft.approval;
    if (!approval && data.step) draft.approval = enterStep(undefined, { ...data.step, assignee: data.officer }, draft.transfer?.at ?? at);
    if (!approval || approval.stepIndex !== data.stepIndex || approval.done) return;
    draft.approval = { ...approval, assignee: data.officer, holders: { ...approval.holders, [data.stepId]: data.officer } };
  },
  label: { vi: 'Phân công xử lý bước', en: 'Step assigned' },
});

/**
 * The current step is done and goes to the next (chuyển bước: chuyên viên trình
 * → lãnh đạo phòng → trình ký); without `to` the last step was forwarded: the
 * leader signed, the route is done. `late`: after the step's internal deadline.
 */
export const StepForwarded = defineEvent({
  schema: z.object({
    from: stepRefSchema,
    late: z.boolean(),
    note: z.string().optional(),
    to: stepEntrySchema.optional(),
    /** Who did the step being forwarded (its assignee, else the officer who forwarded it): a return for rework goes back to them. */
    by: officerSchema.optional(),
  }),
  writes: [],
  evolve: (draft, data, at) => {
    const before = data.by && draft.approval ? { ...draft.approval, holders: { ...draft.approval.holders, [data.from.stepId]: data.by } } : draft.approval;
    if (data.to) draft.approval = enterStep(before, data.to, at);
    else if (before) draft.approval = { ...before, done: true, doneAt: at };
  },
  label: { vi: 'Chuyển bước, trình ký', en: 'Step forwarded' },
});

/** Sent back to an earlier step with a reason (trả lại để làm lại). */
export const ReturnedForRework = defineEvent({
  schema: z.object({ from: stepRefSchema, to: stepEntrySchema, reason: z.string().min(1), late: z.boolean() }),
  writes: [],
  evolve: (draft, data, at) => void (draft.approval = enterStep(draft.approval, data.to, at, true)),
  label: { vi: 'Trả lại để xử lý lại', en: 'Returned for rework' },
});
