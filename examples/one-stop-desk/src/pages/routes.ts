/**
 * The officer's pages (/desk/…), server-rendered: sign-in, worklists and
 * search, the dossier page, report 06a with its trend chart, portal sync and
 * reconciliation. Reads only; every write goes through the JSON API (desk.js
 * posts it), so the API's guards (415, CSRF, 401, 429, the access policy)
 * apply to the pages' actions too.
 */
import type { Hono } from 'hono';
import { controlSlip, localDateOf, toVietnamInstant, type Catalog, type DossierState, type Engine, type PolicyOption } from '@motcua/core';
import { exceededFromMs } from '@motcua/calendar';
import type { SessionOptions } from '../auth/session';
import type { DeskActor, UserDirectory } from '../auth/users';
import type { DeskVariables } from '../auth/guard';
import type { DeskReports } from '../reports';
import { validQuery, withPeriod } from '../reports';
import type { DeskDossierList } from '../worklist/desk-list';
import { worklistQuery, worklistQuerySchema } from '../worklist/worklist-query';
import { permittedCommands } from './actions';
import { dossierBody, type ApprovalView } from './dossier-page';
import { deskPage, WORKLIST_LABELS } from './layout';
import { reportBody, reportPageQuerySchema } from './report-page';
import { pageSession, signInPage } from './session';
import { worklistBody } from './worklist-page';
import type { DeskPortal } from '../portal/desk-portal';
import { mayActOnDeadLetters } from '../portal/portal-api';
import { portalDossierSection, portalPageBody, portalPageQuerySchema } from '../portal/portal-page';

/** What the pages need. */
export interface DeskPagesOptions {
  engine: Engine;
  /** The policy the engine enforces (what the page offers is what the engine allows). */
  policy?: PolicyOption;
  users: UserDirectory;
  session: SessionOptions;
  now: () => number;
  clock: () => Date;
  dossierList?: DeskDossierList;
  reports: DeskReports;
  portal?: DeskPortal;
}

/** The approval route of the dossier's procedure and its position, if the engine has internal steps (read loosely). */
export function approvalOf(state: DossierState, catalog: Catalog): ApprovalView | undefined {
  if (!state.procedure) return undefined;
  let route: { steps?: { id: string; role: string; label: string }[] } | undefined;
  try {
    route = (catalog.get(state.procedure.code, state.procedure.version) as { approvalRoute?: typeof route }).approvalRoute;
  } catch {
    route = undefined;
  }
  const current = (state as { approval?: ApprovalView['current'] }).approval;
  if (!route?.steps?.length) return undefined;
  return { steps: route.steps, ...(current ? { current } : {}) };
}

/** Install the pages on the app. */
export function mountDeskPages(app: Hono<{ Variables: DeskVariables }>, options: DeskPagesOptions): void {
  const { engine } = options;
  const catalog = engine.catalog;
  const nowInstant = () => toVietnamInstant(options.clock());
  const officersOf = (actor: DeskActor) => options.users.officers().filter((o) => o.unit === actor.unit && o.role !== 'auditor');
  const officerNames = () => new Map(options.users.officers().map((o) => [o.id, o.name ?? o.id]));
  const html = (body: string, status: 200 | 404 = 200) => new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });

  app.get('/desk/sign-in', (context) => html(signInPage(context.req.query('next'))));
  app.use('/desk/*', async (context, next) => {
    if (context.req.path === '/desk/sign-in') return next();
    return pageSession(options.users, options.session, options.now)(context as never, next);
  });
  app.get('/desk', (context) => context.redirect('/desk/worklist', 303));

  app.get('/desk/worklist', validQuery(worklistQuerySchema), async (context) => {
    const actor = context.get('actor');
    const query = context.req.valid('query');
    if (!options.dossierList)
      return html(deskPage({ title: WORKLIST_LABELS[query.list], actor, active: query.list, body: '<p>Danh sách hồ sơ chưa được cấu hình cho kho dữ liệu này.</p>' }));
    const page = await options.dossierList.list(worklistQuery(actor, query, nowInstant()));
    return html(
      deskPage({
        title: WORKLIST_LABELS[query.list],
        actor,
        active: query.list,
        body: worklistBody({ query, page, catalog, nowMs: options.clock().getTime(), names: officerNames() }),
      }),
    );
  });

  app.get('/desk/dossiers/:id', async (context) => {
    const actor = context.get('actor');
    const state = await engine.get(context.req.param('id'));
    const [events, allowed] = await Promise.all([engine.history(state.id), engine.allowedCommands(state.id)]);
    let procedureName: string | undefined;
    try {
      procedureName = state.procedure ? catalog.get(state.procedure.code, state.procedure.version).name.vi : undefined;
    } catch {
      procedureName = undefined;
    }
    const due = state.due?.rescheduled ?? state.due?.legal;
    const open = !state.terminal && state.resolution === undefined;
    const approval = approvalOf(state, catalog);
    const body = dossierBody({
      state,
      ...(procedureName ? { procedureName } : {}),
      slip: controlSlip(events, { calendar: engine.calendar }),
      ...(approval ? { approval } : {}),
      actions: permittedCommands(options.policy, actor, state, allowed, localDateOf(nowInstant())),
      officers: officersOf(actor),
      // A limit in working hours is passed only by working time: from the first working instant after the due.
      overdue:
        open &&
        due !== undefined &&
        options.clock().getTime() >= (state.limit?.unit === 'workingHours' ? exceededFromMs(Date.parse(due.at), engine.calendar) : Date.parse(due.at) + 1),
      portalHtml: options.portal ? portalDossierSection(await options.portal.syncLog(state.id)) : '',
    });
    return html(deskPage({ title: `Hồ sơ ${state.dossierCode ?? state.id}`, actor, body }));
  });

  app.get('/desk/reports/06a', validQuery(reportPageQuerySchema), async (context) => {
    const actor = context.get('actor');
    const input = context.req.valid('query');
    const query = withPeriod(input, localDateOf(nowInstant()));
    const asOf = query.asOf ?? nowInstant();
    const [rows, months] = await Promise.all([
      options.reports.report06a({ ...query, asOf }),
      options.reports.report06a({ from: query.from, to: query.to, asOf, groupBy: [], splitBy: 'month' }),
    ]);
    const trend = months.map((m) => ({ period: m.group.period ?? '', rate: m.onTimeRate }));
    return html(
      deskPage({
        title: 'Báo cáo tình hình giải quyết TTHC (Biểu 06a)',
        actor,
        active: 'report',
        body: reportBody({ query, target: input.target, rows, months: trend, groupBy: query.groupBy }),
      }),
    );
  });

  app.get('/desk/portal', validQuery(portalPageQuerySchema), async (context) => {
    const actor = context.get('actor');
    const input = context.req.valid('query');
    const today = localDateOf(nowInstant());
    const body = options.portal
      ? await portalPageBody(options.portal, input, today, { mayAct: mayActOnDeadLetters(actor) })
      : '<p data-testid="portal-off">Chưa cấu hình đồng bộ với Cổng DVCQG (chạy với <code>--portal simulated</code>).</p>';
    return html(deskPage({ title: 'Đồng bộ với Cổng Dịch vụ công quốc gia', actor, active: 'portal', body }));
  });
}
