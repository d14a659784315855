/**
 * Zod schemas of the desk's HTTP contract: the request bodies (from the
 * engine's command schemas) and the JSON answers, and the table of routes
 * (`deskRoutes`) the OpenAPI document (`openapi.json`, `pnpm schemas`) is
 * generated from. The answer schemas are held to the types the routes
 * actually return (`DossierView`, `DashboardData`, `ControlSlip`) at compile
 * time, and `test/openapi.test.ts` validates real answers against the
 * generated document.
 */
import { z } from 'zod';
import { commandSchemas, localDateSchema, timeLimitSchema, type CommandType, type ControlSlip } from '@motcua/core';
import type { IndicatorValue } from '@motcua/projections';
import { COMMAND_ALIASES, INTAKE_TYPES } from './commands';
import type { DashboardData } from './dashboard';
import type { Actor } from './commands';
import type { DossierView } from './dossier-view';
import type { publicView } from './public-lookup';
import { receiptQuerySchema, report06aQuerySchema, reportQuerySchema, RECEPTION_DIMENSIONS, SATISFACTION_DIMENSIONS, TIMELINESS_DIMENSIONS, tt01QuerySchema } from './reports';
import type { Same } from '@motcua/core/testkit';
import { worklistAnswerSchema } from './worklist/answer';
import { worklistFieldsSchema } from './worklist/worklist-query';
import type { PortalDeadLetter } from './portal/desk-portal';
import { deadLetterActionSchema } from './portal/portal-api';

const same = <T extends true>(..._proof: T[]): void => undefined;

// ---------------------------------------------------------------- requests

/** Fields the desk fills when a request leaves them out: `commandId` (Idempotency-Key or a new uuid) and `dossierId` (the route). */
const filledByDesk = { commandId: true, dossierId: true } as const;

/**
 * The body of a command request of one type: the engine's command without
 * `actor` (the actor is the signed-in user; a body naming one is a 400) and
 * with the fields the desk fills made optional.
 */
export function commandBodySchema(type: CommandType, typeOptional = false) {
  const schema = (commandSchemas[type] as z.ZodObject).omit({ actor: true }).partial(filledByDesk);
  return typeOptional ? schema.partial({ type: true }) : schema;
}

/** `POST /api/dossiers`: an intake command (`type` defaults to `ReceiveDossier`). */
export const intakeBodySchema = z.union(INTAKE_TYPES.map((t) => commandBodySchema(t, t === 'ReceiveDossier')) as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]);

/** `POST /api/dossiers/:id/commands`: any command, named by `type`. */
export const anyCommandBodySchema = z.discriminatedUnion(
  'type',
  (Object.keys(commandSchemas) as CommandType[]).map((t) => commandBodySchema(t)) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

// ---------------------------------------------------------------- answers

const labels = z.object({ vi: z.string(), en: z.string() });
const due = z.object({ date: localDateSchema, at: z.string(), estimated: z.literal(true).optional() });
const unit = z.object({ code: z.string(), name: z.string() });
const nullable = <T extends z.ZodType>(s: T) => s.nullable();

/** The error answer: `MotcuaError.toJSON()` (400, 404, 409, 413, 422, 500). */
export const errorAnswerSchema = z
  .object({
    error: z.looseObject({
      name: z.string(),
      code: z.string().describe('Stable error code, e.g. VALIDATION_FAILED, NOT_FOUND, INVALID_TRANSITION, CONCURRENCY_CONFLICT'),
      message: z.string(),
      issues: z.array(z.object({ code: z.string(), path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
    }),
  })
  .meta({ id: 'ErrorAnswer' });

/** A dossier as the API shows it (`dossierView`). */
export const dossierViewSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    dossierCode: nullable(z.string()),
    state: z.string(),
    topLevel: z.string(),
    terminal: z.boolean(),
    nationalStatus: nullable(
      z.object({
        code: z.union([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => z.literal(n))) as unknown as z.ZodType<1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10>,
        vi: z.string(),
        en: z.string(),
      }),
    ),
    procedure: nullable(z.object({ code: z.string(), version: z.string(), name: nullable(labels) })),
    applicant: nullable(
      z.object({
        name: z.string(),
        idNumber: z.string().optional(),
        phone: z.string().optional(),
        email: z.string().optional(),
        address: z.string().optional(),
        kind: z.enum(['citizen', 'organisation']),
      }),
    ),
    unit: nullable(unit),
    channel: nullable(z.enum(['direct', 'online', 'postal'])),
    acceptedAt: nullable(z.string()),
    due: nullable(z.object({ original: due, legal: due, rescheduled: due.optional() })),
    pending: nullable(z.enum(['withinTime', 'dueSoon', 'overdue'])),
    resolution: nullable(
      z.object({
        at: z.string(),
        outcome: z.enum(['granted', 'refused']),
        reason: z.string().optional(),
        electronicResult: z.boolean(),
        resultDocumentCode: z.string().optional(),
      }),
    ),
    returned: nullable(z.object({ at: z.string(), method: z.enum(['counter', 'postal', 'online']), place: unit.optional(), elsewhere: z.boolean().optional() })),
    ratings: z.array(z.object({ at: z.string(), channel: z.string(), ratings: z.array(z.object({ criterion: z.string(), level: z.string() })), like: z.boolean().optional() })),
  })
  .meta({ id: 'DossierView' });
same<Same<z.output<typeof dossierViewSchema>, DossierView>>();

/** The control slip (Form 05, phiếu kiểm soát). */
export const controlSlipSchema = z
  .object({
    dossierCode: z.string().optional(),
    procedure: z.object({ code: z.string(), version: z.string() }).optional(),
    applicant: z.string().optional(),
    receivedAt: z.string().optional(),
    limit: labels.optional(),
    due: due.optional(),
    rows: z.array(
      z.object({
        no: z.number().int(),
        step: labels,
        from: z.string(),
        to: z.string(),
        at: z.string(),
        actor: z.string().optional(),
        due: due.optional(),
        timeliness: z.enum(['early', 'onTime', 'late']).optional(),
        note: labels.optional(),
        version: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ControlSlip' });
same<Same<z.output<typeof controlSlipSchema>, ControlSlip>>();

/** The signed-in user (`POST /api/session`, `GET /api/session`). */
export const sessionAnswerSchema = z
  .object({
    actor: z.object({ id: z.string(), role: z.string(), unit: z.string().optional(), name: z.string().optional() }),
    expiresAt: z.string().describe('ISO-8601 UTC'),
  })
  .meta({ id: 'SessionAnswer' });
same<Same<z.output<typeof sessionAnswerSchema>['actor'], Actor>>();

/** The citizen's look-up answer: status, due date and readiness only (`publicView`). */
export const publicLookupAnswerSchema = z
  .object({
    dossier: z.object({
      dossierCode: nullable(z.string()),
      procedure: nullable(z.string()),
      status: nullable(
        z.object({
          code: z.union([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => z.literal(n))) as unknown as z.ZodType<1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10>,
          vi: z.string(),
          en: z.string(),
        }),
      ),
      receivedAt: nullable(z.string()),
      due: nullable(z.object({ date: localDateSchema })),
      resultReady: z.boolean(),
      returned: z.boolean(),
    }),
  })
  .meta({ id: 'PublicLookupAnswer' });
same<Same<z.output<typeof publicLookupAnswerSchema>['dossier'], ReturnType<typeof publicView>>>();

const allowedCommands = z.array(z.string()).describe('Commands the dossier allows now');

/** `POST /api/dossiers` (201 new, 200 duplicate). */
export const intakeAnswerSchema = z
  .object({
    dossierId: z.string(),
    dossierCode: nullable(z.string()),
    due: nullable(due),
    receiptUrl: nullable(z.string()),
    duplicate: z.boolean(),
    dossier: dossierViewSchema,
  })
  .meta({ id: 'IntakeAnswer' });

/** A command's answer. */
export const commandAnswerSchema = z
  .object({
    dossier: dossierViewSchema,
    events: z.array(z.object({ type: z.string(), version: z.number().int(), occurredAt: z.string() })),
    duplicate: z.boolean(),
    allowedCommands,
  })
  .meta({ id: 'CommandAnswer' });

/** A dossier looked up by id or code. */
export const lookupAnswerSchema = z.object({ dossier: dossierViewSchema, allowedCommands, controlSlip: controlSlipSchema }).meta({ id: 'LookupAnswer' });

/** `GET /api/procedures`. */
export const proceduresAnswerSchema = z
  .object({
    procedures: z.array(
      z.object({
        code: z.string(),
        version: z.string(),
        name: z.object({ vi: z.string(), en: z.string().optional() }),
        agency: unit,
        level: z.string(),
        timeLimit: z.object({ statutory: timeLimitSchema, local: timeLimitSchema.optional() }),
        instant: z.boolean(),
      }),
    ),
    units: z.array(unit),
  })
  .meta({ id: 'ProceduresAnswer' });

/** The answer of a report in JSON: name, period and rows (`row` is the report's row schema). */
export function reportAnswerSchema(id: string, row: z.ZodType) {
  return z.object({ report: z.string(), period: z.object({ from: localDateSchema, to: localDateSchema }), rows: z.array(row) }).meta({ id });
}

const nullableNumber = z.number().nullable();
/** One Decision 766 indicator (as in `schemas/reports/decision-766-indicator.schema.json`). */
const indicatorSchema = z.object({
  id: z.string() as unknown as z.ZodType<IndicatorValue['id']>,
  ratio: nullableNumber,
  percent: nullableNumber,
  numerator: nullableNumber,
  denominator: nullableNumber,
  points: nullableNumber,
  max: z.number(),
});
same<Same<z.output<typeof indicatorSchema>, IndicatorValue>>();

const onTimeRate = z.number().nullable();
/** `GET /api/dashboard`. */
export const dashboardAnswerSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string(), asOf: z.string() }),
    totals: z.object({ received: z.number(), resolved: z.number(), pending: z.number(), overdue: z.number(), onTimeRate }),
    onTimeByMonth: z.array(z.object({ period: z.string(), received: z.number(), resolved: z.number(), early: z.number(), onTime: z.number(), late: z.number(), onTimeRate })),
    byAgency: z.array(
      z.object({ agency: z.string(), name: z.string(), received: z.number(), resolved: z.number(), onTimeRate, pendingWithinTime: z.number(), overdue: z.number() }),
    ),
    overdueNow: z.object({ asOf: z.string(), total: z.number(), withinTime: z.number(), waitingForCitizen: z.number() }),
    satisfaction: z.object({
      levels: z.array(z.object({ level: z.string(), count: z.number() })),
      total: z.number(),
      satisfactionRate: z.number().nullable(),
      likes: z.number(),
      dislikes: z.number(),
    }),
    decision766: z
      .object({ total: z.number(), computedMax: z.number(), progress: indicatorSchema.describe('Indicator 2.1'), satisfaction: indicatorSchema.describe('Indicator 5.4') })
      .nullable(),
  })
  .meta({ id: 'DashboardAnswer' });
same<Same<z.output<typeof dashboardAnswerSchema>, DashboardData>>();

/** A dead letter to the national portal (`DeskPortal.deadLetters`). */
export const portalDeadLetterSchema = z
  .object({
    id: z.string().describe('The message id (the portal’s idempotency key)'),
    dossierId: z.string(),
    version: z.number(),
    eventType: z.string(),
    step: z.string().optional(),
    nationalStatus: z.number().optional(),
    createdAt: z.string(),
    status: z.enum(['pending', 'delivered', 'dead', 'skipped']),
    attempts: z.number(),
    lastError: z.string().optional(),
  })
  .meta({ id: 'PortalDeadLetter' });
same<Same<z.output<typeof portalDeadLetterSchema>, PortalDeadLetter>>();
/** `GET /api/portal/dead-letters`. */
export const deadLettersAnswerSchema = z.object({ deadLetters: z.array(portalDeadLetterSchema) }).meta({ id: 'DeadLettersAnswer' });
/** `POST /api/portal/dead-letters/retry|skip`: what was done, and the dead letters left. */
export const deadLetterActionAnswerSchema = z
  .object({ id: z.string(), action: z.enum(['retry', 'skip']), deadLetters: z.array(portalDeadLetterSchema) })
  .meta({ id: 'DeadLetterActionAnswer' });

// ---------------------------------------------------------------- routes

/** Schemas the desk's contract borrows from the published ones: the stored event and the report rows. */
export interface SharedSchemas {
  storedEvent: z.ZodType;
  rows: { report06a: z.ZodType; decision766: z.ZodType; tt01: z.ZodType; satisfaction: z.ZodType; reception: z.ZodType };
}

/** One route of the desk's API as the OpenAPI document describes it. */
export interface DeskRoute {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path, `{id}` style. */
  path: string;
  summary: string;
  /** Path parameters, in order. */
  params?: readonly string[];
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Answers by status: a JSON schema, or `null` for an answer without a body. */
  answers: Record<number, z.ZodType | null>;
  /** Needs a signed-in session (the `motcua_session` cookie); default true. */
  signedIn?: boolean;
  /** Other content types of the 200 answer (CSV reports, the HTML receipt). */
  alsoAs?: readonly ('text/csv' | 'text/html')[];
  /** Request headers the route reads. */
  headers?: readonly ('Idempotency-Key' | 'If-Match')[];
}

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, errorAnswerSchema]));
/** What the guard answers before any route (auth/guard.ts): 401 without a session; for writes also 403 (cross-site), 415 (not JSON), 429 (rate limit). */
const guarded = (write: boolean) => errors(401, ...(write ? [403, 415, 429] : []));

/**
 * Every route of the desk (`createDeskApp`), with its request and answer
 * schemas. The command aliases (`POST /api/dossiers/{id}/resolve`, …) come
 * from `COMMAND_ALIASES`, so a new alias is documented by the next `pnpm schemas`.
 */
export function deskRoutes(shared: SharedSchemas): DeskRoute[] {
  const commandErrors = { ...errors(400, 404, 409, 413, 422, 500), ...guarded(true) };
  const report = (name: string, id: string, row: z.ZodType, query: z.ZodObject, summary: string): DeskRoute => ({
    method: 'get',
    path: `/api/reports/${name}`,
    summary,
    query,
    answers: { 200: reportAnswerSchema(id, row), ...errors(400, 500), ...guarded(false) },
    alsoAs: ['text/csv'],
  });
  return [
    { method: 'get', path: '/api/health', summary: 'Liveness', signedIn: false, answers: { 200: z.object({ ok: z.literal(true) }).meta({ id: 'HealthAnswer' }) } },
    { method: 'get', path: '/api/procedures', summary: 'Procedures in force today and the receiving units', answers: { 200: proceduresAnswerSchema, ...guarded(false) } },
    {
      method: 'post',
      path: '/api/session',
      summary: 'Sign in: sets the session cookie (HttpOnly, SameSite=Strict)',
      signedIn: false,
      body: z.object({ username: z.string().min(1), password: z.string().min(1) }).meta({ id: 'SignInBody' }),
      answers: { 200: sessionAnswerSchema, ...errors(400, 401, 403, 415, 429) },
    },
    { method: 'get', path: '/api/session', summary: 'The signed-in user', signedIn: false, answers: { 200: sessionAnswerSchema, ...errors(401) } },
    { method: 'delete', path: '/api/session', summary: 'Sign out: clears the session cookie', signedIn: false, answers: { 204: null, ...errors(403, 415) } },
    {
      method: 'post',
      path: '/api/public/lookup',
      summary: "The citizen's look-up: the dossier code and the applicant's ID number or the receipt's look-up token; status, due date and readiness only",
      signedIn: false,
      body: z.object({ code: z.string(), idNumber: z.string().optional(), token: z.string().optional() }).meta({ id: 'PublicLookupBody' }),
      answers: { 200: publicLookupAnswerSchema, ...errors(400, 403, 404, 415, 429) },
    },
    {
      method: 'post',
      path: '/api/dossiers',
      summary: 'Receive a dossier (intake command; default ReceiveDossier): its code, due date and receipt link',
      body: intakeBodySchema.meta({ id: 'IntakeBody' }),
      headers: ['Idempotency-Key', 'If-Match'],
      answers: { 201: intakeAnswerSchema, 200: intakeAnswerSchema, ...commandErrors },
    },
    {
      method: 'get',
      path: '/api/dossiers/by-code/{code}',
      params: ['code'],
      summary: 'Look a dossier up by its code (mã hồ sơ)',
      answers: { 200: lookupAnswerSchema, ...errors(404, 500), ...guarded(false) },
    },
    {
      method: 'get',
      path: '/api/dossiers/{id}',
      params: ['id'],
      summary: 'A dossier, its allowed commands and control slip',
      answers: { 200: lookupAnswerSchema, ...errors(404, 500), ...guarded(false) },
    },
    {
      method: 'get',
      path: '/api/dossiers/{id}/history',
      params: ['id'],
      summary: "A dossier's stored events",
      answers: { 200: z.object({ events: z.array(shared.storedEvent) }).meta({ id: 'HistoryAnswer' }), ...errors(404, 500), ...guarded(false) },
    },
    {
      method: 'get',
      path: '/api/dossiers/{id}/receipt',
      params: ['id'],
      summary: 'The receipt (Form 01) as printable HTML',
      query: receiptQuerySchema,
      answers: { ...errors(400, 404, 500), ...guarded(false) },
      alsoAs: ['text/html'],
    },
    {
      method: 'post',
      path: '/api/dossiers/{id}/commands',
      params: ['id'],
      summary: 'Run any command on the dossier (named by `type`)',
      body: anyCommandBodySchema.meta({ id: 'CommandBody' }),
      headers: ['Idempotency-Key', 'If-Match'],
      answers: { 200: commandAnswerSchema, ...commandErrors },
    },
    ...Object.entries(COMMAND_ALIASES).map(
      ([alias, type]): DeskRoute => ({
        method: 'post',
        path: `/api/dossiers/{id}/${alias}`,
        params: ['id'],
        summary: `Run ${type} on the dossier (\`type\` may be left out)`,
        body: commandBodySchema(type, true).meta({ id: `${type}Body` }),
        headers: ['Idempotency-Key', 'If-Match'],
        answers: { 200: commandAnswerSchema, ...commandErrors },
      }),
    ),
    report('06a', 'Report06aAnswer', shared.rows.report06a, report06aQuerySchema, 'Report 06a (TT 01/2018)'),
    report('766', 'Decision766Answer', shared.rows.decision766, reportQuerySchema(TIMELINESS_DIMENSIONS), 'Decision 766 indicators'),
    report('satisfaction', 'SatisfactionAnswer', shared.rows.satisfaction, reportQuerySchema(SATISFACTION_DIMENSIONS), 'Satisfaction'),
    report('reception', 'ReceptionAnswer', shared.rows.reception, reportQuerySchema(RECEPTION_DIMENSIONS), 'Online reception SLA per unit'),
    report('tt01', 'Tt01Answer', shared.rows.tt01, tt01QuerySchema, 'TT 01/2018 scoring per agency or official'),
    {
      method: 'get',
      path: '/api/worklist',
      summary:
        "The signed-in officer's worklists (mine, unit, overdue, dueToday, awaitingSignature, all) over the dossier list read model: search `q` (a dossier code or its prefix, a 9- or 12-digit ID number, else the applicant's name without accents), filters, keyset pages (`after` = the previous page's `nextCursor`)",
      query: worklistFieldsSchema,
      answers: { 200: worklistAnswerSchema, ...errors(400, 404, 500), ...guarded(false) },
    },
    {
      method: 'get',
      path: '/api/portal/dead-letters',
      summary: 'Updates to the national portal the relay gave up on (dead letters), oldest first; each holds up its dossier’s later updates (404 without a portal sync)',
      answers: { 200: deadLettersAnswerSchema, ...errors(404, 500), ...guarded(false) },
    },
    ...(['retry', 'skip'] as const).map(
      (action): DeskRoute => ({
        method: 'post',
        path: `/api/portal/dead-letters/${action}`,
        summary:
          action === 'retry'
            ? 'Administrator: send a dead letter to the national portal again (attempts from 0)'
            : 'Administrator: give up on a dead letter; its dossier’s later updates go on',
        body: deadLetterActionSchema.meta({ id: 'DeadLetterActionBody' }),
        answers: { 200: deadLetterActionAnswerSchema, ...errors(400, 403, 404, 409, 500), ...guarded(true) },
      }),
    ),
    {
      method: 'get',
      path: '/api/dashboard',
      summary: "The dashboard's data",
      query: reportQuerySchema([] as const),
      answers: { 200: dashboardAnswerSchema, ...errors(400, 500), ...guarded(false) },
    },
  ];
}
