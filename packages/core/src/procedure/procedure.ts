import { deepFreeze } from '../deep-freeze';
import { z } from 'zod';
import { ValidationError, fromZodIssues } from '../errors';
import { safeParseInput } from '../zod-parse';
import { clockTimeSchema, localDateSchema, timeLimitSchema } from './time-limit';
import { HOURS_PER_WORKING_DAY, approvalRouteSchema, routeBudgetHours } from './approval-route';

const agencySchema = z.object({ code: z.string().min(1), name: z.string().min(1) });

/** One agency's part of an inter-agency route, with its own time budget. */
export const routeLegSchema = z.object({
  agency: agencySchema,
  role: z.enum(['lead', 'participant']),
  /** This agency's time budget from the approved internal process (quy trình nội bộ). */
  budget: timeLimitSchema,
  task: z.string().optional(),
});

/**
 * Inter-agency route (một cửa liên thông): `sequential` (paper: one agency
 * after the other), `parallel` (electronic: every agency at once, with a lead
 * agency), or `byMedium` — parallel for an electronic dossier, sequential for a
 * paper one, chosen when the route starts from the dossier's medium
 * (NĐ 118/2025 Đ20.2; `StartInterAgency.medium`, else the transfer's mode).
 */
export const routeSchema = z
  .object({ mode: z.enum(['sequential', 'parallel', 'byMedium']), legs: z.array(routeLegSchema).min(1).max(12) })
  .refine((r) => r.legs.filter((l) => l.role === 'lead').length === 1, { message: 'a route needs exactly one lead agency', path: ['legs'] });

/** Procedure codes: `1.001234`, `2.000635`, `1.000948.H38`. */
export const procedureCodeSchema = z.string().regex(/^\d\.\d{6}(\.[0-9A-Z]+)*$/, 'expected a procedure code like 1.001234 or 1.000948.H38');

/** Input accepted by {@link defineProcedure}. */
export const procedureInputSchema = z
  .object({
    code: procedureCodeSchema,
    version: z.string().min(1).default('1'),
    name: z.object({ vi: z.string().min(1), en: z.string().optional() }),
    /** Field / sector (lĩnh vực). */
    field: z.object({ code: z.string().min(1), name: z.string().min(1) }),
    /** Administrative level code (data: see `Level`). */
    level: z.string().min(1),
    /** Competent agency (cơ quan có thẩm quyền). */
    agency: agencySchema,
    timeLimit: z.object({
      /** Statutory limit from the legal text. */
      statutory: timeLimitSchema,
      /** Locally cut limit (cắt giảm thời gian), used for the due date when present. */
      local: timeLimitSchema.optional(),
    }),
    /**
     * Receipt cut-off `HH:MM` (domain §4.2; Luật Hộ tịch Đ5.3, NĐ 23/2015 Đ7,
     * NĐ 61 Đ18.2–3). When set, a receipt on a working day strictly after it
     * counts as received at the start (00:00) of the next working day, for
     * every limit unit and every due date the engine computes for the dossier
     * (acceptance, restart after a supplement, route legs). When absent there
     * is no cut-off — except that a procedure whose limit is `sameDay` gets
     * that limit's `cutoff` (default 15:00) here, see {@link defineProcedure}.
     */
    sameDayCutoff: clockTimeSchema.optional(),
    /**
     * How a receipt on a non-working day (e.g. online on a Saturday) counts for
     * `workingDays` limits: `nextDayIsStart` (the next working day is the
     * receipt day, not counted) or `nextDayCounts` (it is day 1). When absent,
     * the engine's per-unit setting applies (`DecideEnv.nonWorkingReceipt`),
     * else `nextDayIsStart`.
     */
    nonWorkingReceipt: z.enum(['nextDayIsStart', 'nextDayCounts']).optional(),
    /** Instant procedure (NĐ 61 Đ17.4): acceptance, resolution and return in one command. */
    instant: z.boolean().default(false),
    route: routeSchema.optional(),
    /**
     * The internal approval route inside the handling agency (quy trình nội
     * bộ: specialist drafts → head of division reviews → leader signs, see
     * `defaultApprovalRoute`). Absent: no internal steps (resolve directly).
     * The steps' budgets must fit inside the limit; the legal clock is not
     * changed by them.
     */
    approvalRoute: approvalRouteSchema.optional(),
    onlineLevel: z.enum(['none', 'partial', 'full']).default('none'),
    fees: z.array(z.object({ name: z.string().min(1), amountVnd: z.number().int().min(0) })).default([]),
    components: z.array(z.object({ code: z.string().min(1), name: z.string().min(1), required: z.boolean().default(true) })).default([]),
    /** What the result is (kết quả): a paper document, an electronic one, or both. */
    resultKind: z.enum(['paper', 'electronic', 'both']).default('paper'),
    /**
     * Result-type code (mã loại kết quả) from the national portal's catalogue
     * of result types (NĐ 118/2025 Đ22.4, Đ26.1d): with the applicant's
     * identifier it makes the electronic result's document code.
     */
    resultTypeCode: z
      .string()
      .regex(/^[0-9A-Za-z.\-_]{1,50}$/, 'expected a result-type code of letters, digits, . - _')
      .optional(),
    /**
     * The sector's period (calendar days) for completing a requested
     * supplement, when sector law differs from NĐ 118/2025 Đ19.5's 15 days
     * (the rule pack's `closeUncompletedAfterDays`). Used only under a pack
     * that closes uncompleted dossiers.
     */
    supplementPeriodDays: z.number().int().min(0).max(3650).optional(),
    /** Connected to the national population database (766 indicator 4.5a). */
    populationDataConnected: z.boolean().default(false),
    validFrom: localDateSchema,
    validTo: localDateSchema.optional(),
  })
  .refine((p) => !p.validTo || p.validTo >= p.validFrom, { message: 'validTo is before validFrom', path: ['validTo'] })
  .superRefine((procedure, ctx) => {
    // One cut-off per procedure: a same-day limit's own cut-off must agree with the attribute.
    for (const kind of ['statutory', 'local'] as const) {
      const limit = procedure.timeLimit[kind];
      if (limit?.unit === 'sameDay' && limit.cutoff !== undefined && procedure.sameDayCutoff !== undefined && limit.cutoff !== procedure.sameDayCutoff)
        ctx.addIssue({
          code: 'custom',
          path: ['timeLimit', kind, 'cutoff'],
          message: `the limit's cut-off ${limit.cutoff} differs from the procedure's sameDayCutoff ${procedure.sameDayCutoff}`,
        });
    }
    // The internal steps' budgets fit inside the limit in force (8 working hours = 1 working day; calendar days bound working days).
    const limit = procedure.timeLimit.local ?? procedure.timeLimit.statutory;
    if (procedure.approvalRoute && procedure.instant)
      ctx.addIssue({ code: 'custom', path: ['approvalRoute'], message: 'an instant procedure (NĐ 61/2018 Đ17.4) is resolved at the counter: it has no internal approval route' });
    if (procedure.approvalRoute) {
      const hours = routeBudgetHours(procedure.approvalRoute);
      const available =
        limit.unit === 'workingDays' || limit.unit === 'calendarDays' ? limit.value * HOURS_PER_WORKING_DAY : limit.unit === 'workingHours' ? limit.value : HOURS_PER_WORKING_DAY;
      if (hours > available)
        ctx.addIssue({
          code: 'custom',
          path: ['approvalRoute', 'steps'],
          message: `the steps' budgets (${hours} working hours) exceed the procedure's limit (${available} working hours)`,
        });
    }
  });

/** A procedure definition as written (before {@link defineProcedure} applies the defaults). */
export type ProcedureInput = z.input<typeof procedureInputSchema>;
/** One leg of an inter-agency route: the agency, its role and its time budget. */
export type RouteLeg = z.output<typeof routeLegSchema>;
/** An inter-agency route (liên thông): sequential or parallel legs. */
export type Route = z.output<typeof routeSchema>;

/** A validated, frozen procedure version (thủ tục hành chính). */
export type Procedure = Readonly<z.output<typeof procedureInputSchema>>;

/** The limit that sets due dates: the locally cut one if present, else the statutory one. */
export function effectiveLimit(procedure: Procedure): Procedure['timeLimit']['statutory'] {
  return procedure.timeLimit.local ?? procedure.timeLimit.statutory;
}

/** The code of a procedure input for an error message: only a short string (anything else could not even be turned into text). */
const codeOf = (input: unknown): string => {
  const code = input !== null && typeof input === 'object' ? (input as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.length <= 40 ? code : '';
};

/**
 * Validate a procedure definition and return it frozen.
 * Throws {@link ValidationError} with zod issues (path + message) when invalid
 * (e.g. a `sameDay` limit whose `cutoff` differs from `sameDayCutoff`).
 * A procedure with a `sameDay` limit and no `sameDayCutoff` gets the limit's
 * cut-off (default `'15:00'`) as its `sameDayCutoff`: one cut-off per procedure.
 *
 * @example
 * ```ts
 * const birth = defineProcedure({
 *   code: '1.001193', name: { vi: 'Thủ tục đăng ký khai sinh', en: 'Birth registration' },
 *   field: { code: 'HT', name: 'Hộ tịch' }, level: 'commune',
 *   agency: { code: 'UBND-XA', name: 'UBND cấp xã' },
 *   timeLimit: { statutory: { unit: 'sameDay', cutoff: '15:00' } },
 *   sameDayCutoff: '15:00', validFrom: '2016-01-01',
 * });
 * ```
 */
export function defineProcedure(input: ProcedureInput): Procedure {
  const parsed = safeParseInput(procedureInputSchema, input);
  if (!parsed.success) throw new ValidationError(`Invalid procedure ${codeOf(input)}`.trim(), fromZodIssues(parsed.error.issues));
  const procedure = parsed.data;
  if (procedure.sameDayCutoff === undefined) {
    // A same-day limit carries its cut-off (the laws that set same-day limits set 15:00): it becomes the procedure's.
    const sameDay = [procedure.timeLimit.local, procedure.timeLimit.statutory].find((l) => l?.unit === 'sameDay');
    if (sameDay?.unit === 'sameDay') procedure.sameDayCutoff = sameDay.cutoff ?? '15:00';
  }
  return deepFreeze(procedure);
}
