import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { controlSlip, localDateOf, MotcuaError, NotFoundError, toVietnamInstant, type DossierState, type Engine, type PolicyOption } from '@motcua/core';
import { DESK_UNITS } from './catalog';
import { buildCommand, COMMAND_ALIASES, idFromKey, INTAKE_TYPES } from './commands';
import { createCodeIndex, type CodeIndex } from './code-index';
import { table06a, table766, tableReception, tableSatisfaction, tableTt01, toCsv, type Table } from '@motcua/projections';
import { dashboardData } from './dashboard';
import { dossierView } from './dossier-view';
import { badRequest, errorBody, jsonObject, sendError } from './http-errors';
import { receiptHtml } from './receipt';
import {
  createDeskReports,
  receiptQuerySchema,
  report06aQuerySchema,
  reportQuerySchema,
  RECEPTION_DIMENSIONS,
  SATISFACTION_DIMENSIONS,
  TIMELINESS_DIMENSIONS,
  tt01QuerySchema,
  validQuery,
  withPeriod,
  type DeskReports,
  type ReportQuery,
} from './reports';
import { DEFAULT_WEB_ROOT, readWebFile } from './static';
import { clientAddress, deskGuard, type DeskLimits, type DeskVariables } from './auth/guard';
import { createUserDirectory, type DeskUser, type UserDirectory } from './auth/users';
import { holdsDossier, lookupToken, publicView } from './public-lookup';
import { mountDeskPages } from './pages/routes';
import { defaultDossierList, type DeskDossierList } from './worklist/desk-list';
import { worklistQuery, worklistQuerySchema } from './worklist/worklist-query';
import type { DeskPortal } from './portal/desk-portal';
import { mountPortalApi } from './portal/portal-api';
import { dossierListRowAnswer } from './worklist/answer';

/** Sign-in of the desk (docs/security.md). */
export interface DeskAuthOptions {
  /** The accounts (bcrypt hashes), or a directory built from them. */
  users: readonly DeskUser[] | UserDirectory;
  /** Key of the session cookie's signature (≥ 32 random bytes; `DESK_SESSION_SECRET`). */
  sessionSecret: string;
  /** Key of the look-up tokens printed on receipts (default: `sessionSecret`); keep it stable, or printed tokens stop working. */
  lookupSecret?: string;
  /** `Secure` cookies (default true; browsers accept them on http://localhost and 127.0.0.1). */
  secureCookies?: boolean;
  /** Session length (default 8 h). */
  sessionTtlMs?: number;
  limits?: DeskLimits;
  /** Milliseconds clock of sessions and rate limits (default `Date.now`). */
  now?: () => number;
}

/** Options of {@link createDeskApp}. */
export interface DeskAppOptions {
  engine: Engine;
  /** Dossier code → id index (default: a new one over `engine.store`, caught up on demand). */
  codeIndex?: CodeIndex;
  /** Reports (default: `createDeskReports` over `engine.store`, from the corrected view, caught up on each query). */
  reports?: DeskReports;
  /** "Now" for overdue checks and default report periods (default `() => new Date()`). Business time of commands is the engine's clock. */
  clock?: () => Date;
  /** The dossier list read model behind worklists and search (default: a table in the store's SQLite file; none on other stores). */
  dossierList?: DeskDossierList;
  /** The access policy the engine enforces, to offer only the actions it allows (default `DEFAULT_POLICY_2025`). */
  policy?: PolicyOption;
  /** The national portal's sync log and reconciliation (`--portal simulated`); absent: the pages say it is not configured. */
  portal?: DeskPortal;
  /** Sign-in: every `/api` route but health, session and the public look-up needs a signed-in officer, who is the actor of his commands. */
  auth: DeskAuthOptions;
  /** Folder of the web page (default `web/` of this example); `false` serves the API only. */
  webRoot?: string | false;
  /**
   * Called for every answer with a status of 500 or more (a bug, a store that
   * is down), with the error and its cause; the client gets only the error's
   * JSON. Default: one line on stderr, then the stack of the cause.
   */
  logServerError?: (entry: ServerErrorLog) => void;
}

/** What {@link DeskAppOptions.logServerError} is given. */
export interface ServerErrorLog {
  method: string;
  path: string;
  status: number;
  /** The `MotcuaError` code, or `INTERNAL` for anything else. */
  code: string;
  error: unknown;
}

/** The default server-error log: `[desk] POST /api/dossiers → 500 INTERNAL: …` and the stack of the cause. */
export function logToStderr(entry: ServerErrorLog): void {
  const error = entry.error as Error | undefined;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  console.error(`[desk] ${entry.method} ${entry.path} → ${entry.status} ${entry.code}: ${error?.name ?? typeof error}: ${error?.message ?? String(error)}`);
  const stack = (cause instanceof Error ? cause.stack : undefined) ?? error?.stack;
  if (stack) console.error(stack);
}

/**
 * The one-stop desk HTTP service over a motcua engine (officers sign in;
 * see {@link DeskAuthOptions}): receive a dossier
 * (code, due date, printable Form 01), run any command on it, look it up by
 * code with its control slip (Form 05), and reports 06a / 766 as JSON or CSV.
 * Errors are `MotcuaError.toJSON()` with the error's `httpStatus`.
 *
 * @example
 * ```ts
 * import type { DeskUser } from './auth/users';
 * declare const users: DeskUser[], username: string, password: string;
 * const app = createDeskApp({ engine, auth: { users, sessionSecret: process.env.DESK_SESSION_SECRET! } });
 * const res = await app.request('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
 * serve({ fetch: app.fetch, port: 8080, hostname: '127.0.0.1' });
 * ```
 */
export function createDeskApp(options: DeskAppOptions): Hono<{ Variables: DeskVariables }> {
  const { engine } = options;
  const catalog = engine.catalog;
  const clock = options.clock ?? (() => new Date());
  const codeIndex = options.codeIndex ?? createCodeIndex(engine.store);
  const reports = options.reports ?? createDeskReports({ store: engine.store, catalog, calendar: engine.calendar });
  const auth = options.auth;
  const users = Array.isArray(auth.users) ? createUserDirectory(auth.users as readonly DeskUser[]) : (auth.users as UserDirectory);
  const lookupSecret = auth.lookupSecret ?? auth.sessionSecret;
  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  const today = () => localDateOf(toVietnamInstant(clock()));

  const app = new Hono<{ Variables: DeskVariables }>();
  const logServerError = options.logServerError ?? logToStderr;
  app.onError((err, context) => {
    const { status } = errorBody(err);
    if (status >= 500) {
      try {
        logServerError({ method: context.req.method, path: context.req.path, status, code: err instanceof MotcuaError ? err.code : 'INTERNAL', error: err });
      } catch {
        // a failing logger must not turn the answer into another error
      }
    }
    return sendError(context, err);
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 256 * 1024,
      onError: (context) => context.json({ error: { name: 'PayloadTooLarge', code: 'PAYLOAD_TOO_LARGE', message: 'The request body is over 256 KiB', issues: [] } }, 413),
    }),
  );
  const session = {
    secret: auth.sessionSecret,
    ...(auth.secureCookies !== undefined ? { secure: auth.secureCookies } : {}),
    ...(auth.sessionTtlMs !== undefined ? { ttlMs: auth.sessionTtlMs } : {}),
  };
  const dossierList = options.dossierList ?? defaultDossierList(engine);
  const { publicLookups } = deskGuard(app, {
    users,
    session,
    ...(auth.limits ? { limits: auth.limits } : {}),
    ...(auth.now ? { now: auth.now } : {}),
  });

  /** Everything a client shows about a dossier, with its version as the ETag. */
  const lookupBody = async (context: Context, state: DossierState) => {
    const [events, allowed] = await Promise.all([engine.history(state.id), engine.allowedCommands(state.id)]);
    context.header('ETag', `"${state.version}"`);
    return { dossier: dossierView(state, catalog, engine.calendar, clock()), allowedCommands: allowed, controlSlip: controlSlip(events, { calendar: engine.calendar }) };
  };

  const runCommand = async (context: Context, type: string | undefined) => {
    const body = await jsonObject(context);
    const command = buildCommand({
      body,
      ...(type ? { type } : {}),
      dossierId: context.req.param('id')!,
      idempotencyKey: context.req.header('Idempotency-Key'),
      ifMatch: context.req.header('If-Match'),
      actor: context.get('actor'),
    });
    const result = await engine.execute(command);
    context.header('ETag', `"${result.state.version}"`);
    return context.json({
      dossier: dossierView(result.state, catalog, engine.calendar, clock()),
      events: result.events.map((e) => ({ type: e.type, version: e.version, occurredAt: e.metadata.occurredAt })),
      duplicate: result.duplicate,
      allowedCommands: await engine.allowedCommands(result.dossierId),
    });
  };

  app.get('/api/health', (c) => c.json({ ok: true }));

  app.get('/api/procedures', (context) => {
    const day = today();
    const procedures = catalog
      .list()
      .filter((p) => p.validFrom <= day && (p.validTo === undefined || day <= p.validTo))
      .map((procedure) => ({
        code: procedure.code,
        version: procedure.version,
        name: procedure.name,
        agency: procedure.agency,
        level: procedure.level,
        timeLimit: procedure.timeLimit,
        instant: procedure.instant ?? false,
      }));
    return context.json({ procedures, units: DESK_UNITS });
  });

  app.post('/api/dossiers', async (context) => {
    const body = await jsonObject(context);
    const type = (body.type ?? 'ReceiveDossier') as string;
    if (!INTAKE_TYPES.includes(type as never))
      throw badRequest('Not an intake command', [{ code: 'invalid_intake_type', path: ['type'], message: `expected one of ${INTAKE_TYPES.join(', ')}` }]);
    const key = context.req.header('Idempotency-Key');
    const dossierId = typeof body.dossierId === 'string' ? body.dossierId : key !== undefined ? idFromKey(key, 'dossier') : crypto.randomUUID();
    const command = buildCommand({ body: { ...body, type }, dossierId, idempotencyKey: key, ifMatch: context.req.header('If-Match'), actor: context.get('actor') });
    const result = await engine.execute(command);
    const state = result.state;
    context.header('Location', `/api/dossiers/${state.id}`);
    context.header('ETag', `"${state.version}"`);
    return context.json(
      {
        dossierId: state.id,
        dossierCode: state.dossierCode ?? null,
        due: state.due?.legal ?? null,
        receiptUrl: state.dossierCode ? `/api/dossiers/${state.id}/receipt` : null,
        duplicate: result.duplicate,
        dossier: dossierView(state, catalog, engine.calendar, clock()),
      },
      result.duplicate ? 200 : 201,
    );
  });

  app.get('/api/dossiers/by-code/:code', async (context) => {
    const code = decodeURIComponent(context.req.param('code')).trim().toUpperCase();
    const id = await codeIndex.lookup(code);
    if (!id) throw new NotFoundError('Dossier with code', code);
    return context.json(await lookupBody(context, await engine.get(id)));
  });

  app.get('/api/dossiers/:id', async (c) => c.json(await lookupBody(c, await engine.get(c.req.param('id')))));

  app.get('/api/dossiers/:id/history', async (context) => {
    const state = await engine.get(context.req.param('id'));
    return context.json({ events: await engine.history(state.id) });
  });

  app.get('/api/dossiers/:id/receipt', validQuery(receiptQuerySchema), async (context) => {
    const state = await engine.get(context.req.param('id'));
    const { lang } = context.req.valid('query');
    const first = (await engine.history(state.id)).find((e) => e.type === 'DossierAccepted');
    return context.html(receiptHtml(state, catalog, lang, first?.metadata.actor?.name ?? first?.metadata.actor?.id, lookupToken(lookupSecret, state.id)));
  });

  /**
   * The citizen's look-up: the dossier code and a second factor he holds
   * (the applicant's ID number or the token printed on the receipt); only
   * status, due date and whether the result is ready. A wrong factor and an
   * unknown code answer the same 404. Limited per client address.
   */
  app.post('/api/public/lookup', async (context) => {
    const taken = publicLookups.take(`ip:${clientAddress(context)}`);
    if (!taken.ok) {
      context.header('Retry-After', String(taken.retryAfterSeconds));
      return context.json({ error: { name: 'HttpError', code: 'RATE_LIMITED', message: `Too many look-ups; try again in ${taken.retryAfterSeconds} s`, issues: [] } }, 429);
    }
    const body = await jsonObject(context);
    const code = typeof body.code === 'string' ? body.code.trim().toUpperCase() : '';
    const idNumber = typeof body.idNumber === 'string' && body.idNumber !== '' ? body.idNumber : undefined;
    const token = typeof body.token === 'string' && body.token !== '' ? body.token : undefined;
    if (code === '' || (idNumber === undefined && token === undefined))
      throw badRequest('Give the dossier code and the ID number or the look-up token from the receipt', [
        { code: 'second_factor_required', path: ['idNumber'], message: 'the applicant ID number or the receipt look-up token is required with the code' },
      ]);
    const id = await codeIndex.lookup(code);
    const state = id ? await engine.get(id) : undefined;
    if (!state || !holdsDossier(state, lookupSecret, { idNumber, token })) throw new NotFoundError('Dossier with code', code);
    return context.json({ dossier: publicView(state, catalog) });
  });

  app.post('/api/dossiers/:id/commands', (c) => runCommand(c, undefined));
  app.post('/api/dossiers/:id/:action', (context) => {
    const action = context.req.param('action');
    const type = COMMAND_ALIASES[action];
    if (!type) throw new NotFoundError('Route', `POST /api/dossiers/:id/${action}`);
    return runCommand(context, type);
  });

  /** Send report rows as JSON, or as CSV (`format=csv`, headers in `lang`, `bom=1` for spreadsheets) through the projections' tables. */
  type Output = { format: 'json' | 'csv'; lang: 'vi' | 'en'; bom?: string | undefined };
  const sendRows = <R>(context: Context, name: string, query: ReportQuery, out: Output, rows: R[], table: (rows: R[], lang: 'vi' | 'en') => Table) => {
    if (out.format === 'csv') {
      context.header('Content-Disposition', `attachment; filename="${name}-${query.from}-${query.to}.csv"`);
      return context.body(toCsv(table(rows, out.lang), { bom: out.bom === '1' }), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    }
    return context.json({ report: name, period: { from: query.from, to: query.to }, rows });
  };

  // Query strings are validated by Hono's zod validator before anything is computed (400 with the zod issues).
  app.get('/api/reports/06a', validQuery(report06aQuerySchema), async (context) => {
    const input = context.req.valid('query');
    const query = withPeriod(input, today());
    const rows = await reports.report06a({
      ...query,
      ...(input.clock ? { clock: input.clock } : {}),
      ...(input.due ? { due: input.due } : {}),
      ...(input.convention ? { convention: input.convention } : {}),
    });
    return sendRows(context, '06a', query, input, rows, table06a);
  });

  app.get('/api/reports/766', validQuery(reportQuerySchema(TIMELINESS_DIMENSIONS)), async (context) => {
    const input = context.req.valid('query');
    const query = withPeriod(input, today());
    return sendRows(context, '766', query, input, await reports.decision766(query), table766);
  });

  app.get('/api/reports/satisfaction', validQuery(reportQuerySchema(SATISFACTION_DIMENSIONS)), async (context) => {
    const input = context.req.valid('query');
    const query = withPeriod(input, today());
    return sendRows(context, 'satisfaction', query, input, await reports.satisfaction(query), tableSatisfaction);
  });

  app.get('/api/reports/reception', validQuery(reportQuerySchema(RECEPTION_DIMENSIONS)), async (context) => {
    const input = context.req.valid('query');
    const query = withPeriod(input, today());
    return sendRows(context, 'reception', query, input, await reports.reception(query), tableReception);
  });

  app.get('/api/reports/tt01', validQuery(tt01QuerySchema), async (context) => {
    const input = context.req.valid('query');
    const query = withPeriod(input, today());
    return sendRows(context, `tt01-${input.by}`, query, input, await reports.tt01({ ...query, by: input.by }), (rows, lang) => tableTt01(rows, input.by, lang));
  });

  app.get('/api/dashboard', validQuery(reportQuerySchema([] as const)), async (context) => {
    const query = withPeriod(context.req.valid('query'), today());
    return context.json(await dashboardData(reports, catalog, { from: query.from, to: query.to, asOf: query.asOf ?? toVietnamInstant(clock()) }));
  });

  /** The signed-in officer's worklists and search over the dossier list read model (docs/worklists.md). */
  app.get('/api/worklist', validQuery(worklistQuerySchema), async (context) => {
    if (!dossierList) throw new NotFoundError('Route', 'GET /api/worklist (no dossier list on this store)');
    const query = context.req.valid('query');
    const page = await dossierList.list(worklistQuery(context.get('actor'), query, toVietnamInstant(clock())));
    return context.json({ list: query.list, rows: page.rows.map(dossierListRowAnswer), nextCursor: page.nextCursor ?? null });
  });

  mountPortalApi(app, options.portal);

  app.all('/api/*', (c) => sendError(c, new NotFoundError('Route', `${c.req.method} ${c.req.path}`)));

  mountDeskPages(app, {
    engine,
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
    users,
    session,
    now: auth.now ?? Date.now,
    clock,
    ...(dossierList ? { dossierList } : {}),
    reports,
    ...(options.portal ? { portal: options.portal } : {}),
  });

  if (webRoot !== false) {
    app.get('/', async (context) => {
      const file = (await readWebFile(webRoot, 'index.html'))!;
      return context.body(file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
    });
    app.get('/:file', async (context) => {
      const file = await readWebFile(webRoot, context.req.param('file'));
      if (!file) return context.text('Not found', 404);
      return context.body(file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
    });
  }
  return app;
}
