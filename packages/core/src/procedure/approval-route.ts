import { z } from 'zod';

/**
 * A step's time budget (thời gian của bước): working days or working hours on
 * the deadline calendar, counted from the moment the step starts (the start
 * day not counted for days; the calendar's office hours for hours). Internal:
 * it never moves the legal due date.
 */
export const stepLimitSchema = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('workingDays'), value: z.number().int().min(0).max(3650) }),
  z.object({ unit: z.literal('workingHours'), value: z.number().positive().max(10_000) }),
]);

/** The machine names a step's states `step<i>`; an id is the catalog's own name for the step. */
const stepIdSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,49}$/, 'expected a step id of letters, digits, _ or - (starting with a letter)');

/** One step of the internal approval route (một bước của quy trình nội bộ). */
export const approvalStepSchema = z.object({
  /** Stable id of the step within the route (`draft`, `review`, `sign`). */
  id: stepIdSchema,
  /**
   * The role (of the access policy) that works on this step and forwards it:
   * `specialist` (chuyên viên thụ lý) drafts, `divisionHead` (lãnh đạo phòng)
   * reviews, `leader` (lãnh đạo cơ quan) signs — the default policy's names.
   */
  role: z.string().min(1).max(200),
  /** What the step is, for people (control slip, desk). */
  label: z.string().min(1).max(500),
  /** The step's time budget; none: the step has no internal deadline. */
  limit: stepLimitSchema.optional(),
});

/**
 * The internal approval route of a procedure (quy trình nội bộ): the steps a
 * dossier passes inside the handling agency, in order; the last step is the
 * signature (trình ký → lãnh đạo ký). `Resolve`/`RefuseResolution` are
 * allowed only after the last step is forwarded.
 */
export const approvalRouteSchema = z.object({ steps: z.array(approvalStepSchema).min(1).max(12) }).superRefine((route, ctx) => {
  const seen = new Set<string>();
  route.steps.forEach((step, index) => {
    if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `step id '${step.id}' is used twice` });
    seen.add(step.id);
  });
});

/** One step of an approval route (validated). */
export type ApprovalStep = z.output<typeof approvalStepSchema>;
/** An internal approval route (validated). */
export type ApprovalRoute = z.output<typeof approvalRouteSchema>;
/** A step's time budget. */
export type StepLimit = z.output<typeof stepLimitSchema>;

/** Working hours in a working day, to compare step budgets in hours with limits in days (8 h = 1 day, domain §4.1). */
export const HOURS_PER_WORKING_DAY = 8;

/**
 * The default route (domain §12.2): the specialist drafts, the head of
 * division reviews, the leader signs. Budgets are optional; give them in
 * working days (or hours) so they fit inside the procedure's limit.
 *
 * @example
 * ```ts
 * const route = defaultApprovalRoute({ draft: { unit: 'workingDays', value: 6 }, review: { unit: 'workingDays', value: 2 }, sign: { unit: 'workingDays', value: 1 } });
 * route.steps.map((s) => s.role); // ['specialist', 'divisionHead', 'leader']
 * ```
 */
export function defaultApprovalRoute(limits: { draft?: StepLimit; review?: StepLimit; sign?: StepLimit } = {}): ApprovalRoute {
  const step = (id: string, role: string, label: string, limit?: StepLimit): ApprovalStep => (limit ? { id, role, label, limit } : { id, role, label });
  return {
    steps: [
      step('draft', 'specialist', 'Chuyên viên thụ lý, dự thảo kết quả', limits.draft),
      step('review', 'divisionHead', 'Lãnh đạo phòng xem xét, trình ký', limits.review),
      step('sign', 'leader', 'Lãnh đạo cơ quan ký duyệt', limits.sign),
    ],
  };
}

/**
 * The sum of the steps' budgets in working hours (days × 8; steps without a
 * budget count 0). `defineProcedure` checks it fits inside the legal limit.
 *
 * @example
 * ```ts
 * routeBudgetHours(defaultApprovalRoute({ draft: { unit: 'workingDays', value: 2 }, sign: { unit: 'workingHours', value: 4 } })); // 20
 * ```
 */
export function routeBudgetHours(route: ApprovalRoute): number {
  let total = 0;
  for (const step of route.steps) if (step.limit) total += step.limit.unit === 'workingDays' ? step.limit.value * HOURS_PER_WORKING_DAY : step.limit.value;
  return total;
}
