import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import type { WorkingCalendar } from '@motcua/calendar';
import { correctedLog, ValidationError, type Catalog, type ErrorIssue, type EventStore } from '@motcua/core';
import {
  createProjectionRunner,
  decision766,
  GROUP_DIMENSIONS,
  receptionProjection,
  receptionReport,
  report06a,
  satisfactionProjection,
  satisfactionReport,
  timelinessProjection,
  tt01Projection,
  tt01Report,
  type Decision766Row,
  type GroupDimension,
  type ReceptionDimension,
  type ReceptionRow,
  type Projection,
  type ProjectionRunner,
  type Report06aRow,
  type SatisfactionDimension,
  type SatisfactionRow,
  type Tt01Row,
} from '@motcua/projections';

/** Query parameters shared by the report endpoints (already parsed). */
export interface ReportQuery<G extends string = string> {
  from: string;
  to: string;
  groupBy: G[];
  splitBy?: 'month' | 'quarter' | 'year';
  asOf?: string;
}

/**
 * Grouping dimensions of reports 06a and 766: those of `@motcua/projections`
 * (`GROUP_DIMENSIONS`), including `handlingUnit` (the competent unit, NĐ 118/2025
 * Đ14.2) and `rulePack` (NĐ 61/2018 or NĐ 118/2025, by receipt date).
 */
export const TIMELINESS_DIMENSIONS: readonly GroupDimension[] = GROUP_DIMENSIONS;
/** Grouping dimensions of the reception-SLA report. */
export const RECEPTION_DIMENSIONS: readonly ReceptionDimension[] = ['unit', 'procedure'];
/** Grouping dimensions of the satisfaction report (`content`: the NĐ 118/2025 Đ33 evaluation content a–i). */
export const SATISFACTION_DIMENSIONS: readonly SatisfactionDimension[] = ['unit', 'agency', 'procedure', 'official', 'criterion', 'content'];
type TimelinessDimension = GroupDimension;

/** Options of report 06a beyond the period. */
export interface Report06aOptions {
  clock?: 'legal' | 'kpi';
  due?: 'original' | 'rescheduled';
  convention?: 'national' | 'thanhHoa';
}

/** The reports the desk serves, all computed by `@motcua/projections`. */
export interface DeskReports {
  report06a(query: ReportQuery<TimelinessDimension> & Report06aOptions): Promise<Report06aRow[]>;
  decision766(query: ReportQuery<TimelinessDimension>): Promise<Decision766Row[]>;
  satisfaction(query: ReportQuery<SatisfactionDimension>): Promise<SatisfactionRow[]>;
  tt01(query: ReportQuery & { by: 'official' | 'agency' }): Promise<Tt01Row[]>;
  /** Online reception clock (accepted, refused or sent back within the reception limit), per receiving unit. */
  reception(query: ReportQuery<ReceptionDimension>): Promise<ReceptionRow[]>;
  /** Stop the runners (nothing follows the log live; this waits for a catch-up in flight). */
  close(): Promise<void>;
}

/**
 * The tag of a desk checkpoint: the projection's version, marked as computed from the corrected view. Checkpoints
 * saved before the desk read through `correctedLog` hold the stored times of corrected events, and a correction
 * read before them is never reported late; their tag differs, so the runner rebuilds them once.
 */
const CORRECTED_VIEW_TAG = '+corrected';

/** Thrown from `onLateCorrection` to abort a catch-up that met a correction of an event already applied. */
class LateCorrectionSeen extends Error {}

/**
 * Reports over the store, from the projections of `@motcua/projections`:
 * timeliness (06a and 766), satisfaction and TT 01 scoring, each run by
 * `createProjectionRunner` with its checkpoint kept in the store under
 * `one-stop-desk/…`. Each query first catches its projection up to the head
 * of the log, so a report includes every command already answered.
 *
 * The reports are those of the corrected view (docs/security.md): each runner
 * reads `correctedLog(store)`, so an event a leader corrected (`CorrectEvent`)
 * counts at its corrected time; a correction of an event a runner has already
 * applied (`onLateCorrection`) rebuilds that runner before the query answers.
 */
export function createDeskReports(options: { store: EventStore; catalog: Catalog; calendar: WorkingCalendar }): DeskReports {
  const { store, catalog, calendar } = options;
  const timeliness = timelinessProjection({ calendar, rulePacks: catalog.rulePacks, name: 'one-stop-desk/timeliness' });
  const runners: ProjectionRunner<unknown>[] = [];
  const run = <S>(projection: Projection<S>): (() => Promise<S>) => {
    // A late correction aborts the catch-up before it applies or saves anything (the read throws), so no checkpoint
    // ever passes a correction the runner has not applied: a crash before the rebuild below finishes leaves the
    // checkpoint before it, and the next catch-up meets the correction late again.
    const log = correctedLog(store, {
      onLateCorrection: () => {
        throw new LateCorrectionSeen();
      },
    });
    const runner = createProjectionRunner<S>({ store: log, projection: { ...projection, version: `${projection.version}${CORRECTED_VIEW_TAG}` }, checkpointEvery: 5_000 });
    runners.push(runner as ProjectionRunner<unknown>);
    // The rebuild a late correction asked for (one at a time; a rebuild reads every correction).
    let rebuilding: Promise<unknown> | undefined;
    return async () => {
      try {
        await runner.catchUp();
      } catch (error) {
        if (!(error instanceof LateCorrectionSeen)) throw error;
        rebuilding ??= runner.rebuild().finally(() => {
          rebuilding = undefined;
        });
      }
      while (rebuilding) await rebuilding;
      return runner.state;
    };
  };
  const timelinessState = run(timeliness);
  const satisfactionState = run(satisfactionProjection({ name: 'one-stop-desk/satisfaction' }));
  const tt01State = run(tt01Projection({ calendar, name: 'one-stop-desk/tt01' }));
  const reception = receptionProjection({ calendar, rulePacks: catalog.rulePacks, name: 'one-stop-desk/reception' });
  const receptionState = run(reception);
  const period = (q: ReportQuery) => ({ from: q.from, to: q.to, ...(q.asOf ? { asOf: q.asOf } : {}) });
  const split = (q: ReportQuery) => (q.splitBy ? { splitBy: q.splitBy } : {});
  return {
    async report06a(query) {
      const extra = { ...(query.clock ? { clock: query.clock } : {}), ...(query.due ? { due: query.due } : {}), ...(query.convention ? { convention: query.convention } : {}) };
      return report06a(await timelinessState(), { projection: timeliness, catalog, ...period(query), groupBy: query.groupBy, ...split(query), ...extra });
    },
    async decision766(query) {
      return decision766(await timelinessState(), { projection: timeliness, catalog, ...period(query), groupBy: query.groupBy, ...split(query) });
    },
    async satisfaction(query) {
      return satisfactionReport(await satisfactionState(), { catalog, ...period(query), groupBy: query.groupBy });
    },
    async tt01(query) {
      return tt01Report(await tt01State(), { catalog, ...period(query), by: query.by });
    },
    async reception(query) {
      return receptionReport(await receptionState(), { ...period(query), groupBy: query.groupBy.length ? query.groupBy : ['unit'], projection: reception, catalog });
    },
    async close() {
      await Promise.all(runners.map((r) => r.stop()));
    },
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const date = z.string().regex(DATE, { error: 'expected YYYY-MM-DD' });
/** A query-string enumeration with the expected values in its message. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `expected ${values.join(', ')}` });

/**
 * The query string of a report endpoint: `from`, `to` (YYYY-MM-DD), `groupBy`
 * (comma-separated `dimensions`), `splitBy`, `asOf` (ISO-8601 instant), and
 * the output `format` (json | csv), `lang` (vi | en) and `bom` (`1` for
 * spreadsheets). Unknown parameters are ignored. Validated by
 * {@link validQuery} before anything is computed; the period's defaults come
 * from {@link withPeriod}.
 */
export function reportQuerySchema<G extends string>(dimensions: readonly G[]) {
  return z.object({
    from: date.optional(),
    to: date.optional(),
    groupBy: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .refine((g) => dimensions.includes(g as G), { error: (iss) => `unknown grouping '${String(iss.input)}' (expected ${dimensions.join(', ') || 'none'})` })
            .transform((g) => g as G),
        ),
      ),
    splitBy: oneOf(['month', 'quarter', 'year']).optional(),
    asOf: z
      .string()
      .refine((v) => !Number.isNaN(Date.parse(v)), { error: 'expected an ISO-8601 instant' })
      .optional(),
    format: oneOf(['json', 'csv']).default('json'),
    lang: oneOf(['vi', 'en']).default('vi'),
    bom: z.string().optional(),
  });
}

/** Report 06a's query: {@link reportQuerySchema} and the 06a options. */
export const report06aQuerySchema = reportQuerySchema(TIMELINESS_DIMENSIONS).extend({
  clock: oneOf(['legal', 'kpi']).optional(),
  due: oneOf(['original', 'rescheduled']).optional(),
  convention: oneOf(['national', 'thanhHoa']).optional(),
});

/** The TT 01/2018 report's query: {@link reportQuerySchema} and `by` (agency | official). */
export const tt01QuerySchema = reportQuerySchema([] as const).extend({ by: oneOf(['agency', 'official']).default('agency') });

/** The receipt's query: `lang` (vi | en). */
export const receiptQuerySchema = z.object({ lang: oneOf(['vi', 'en']).default('vi') });

/** zod issues as the engine's validation issues (`code`, `path`, `message`). */
export const issuesOf = (error: { issues: readonly z.core.$ZodIssue[] }): ErrorIssue[] =>
  error.issues.map((issue) => ({ code: issue.code, path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message }));

/**
 * Hono's zod validator for a query string: a bad query is a
 * `ValidationError` (400 with the zod issues, through the app's error handler).
 */
export function validQuery<T extends z.ZodType>(schema: T) {
  return zValidator('query', schema, (result) => {
    if (!result.success) throw new ValidationError('Invalid report query', issuesOf(result.error));
  });
}

/**
 * A validated report query with its period: `to` defaults to `today`, `from`
 * to 12 calendar months before `to` (see {@link defaultFrom}); a period that
 * ends before it starts is a 400.
 */
export function withPeriod<
  Q extends { from?: string | undefined; to?: string | undefined; groupBy: string[]; splitBy?: 'month' | 'quarter' | 'year' | undefined; asOf?: string | undefined },
>(query: Q, today: string): ReportQuery<Q['groupBy'][number]> {
  const to = query.to ?? today;
  const from = query.from ?? defaultFrom(to);
  if (from > to) throw new ValidationError('Invalid report query', [{ code: 'invalid_period', path: ['to'], message: '`to` is before `from`' }]);
  return { from, to, groupBy: query.groupBy as Q['groupBy'][number][], ...(query.splitBy ? { splitBy: query.splitBy } : {}), ...(query.asOf ? { asOf: query.asOf } : {}) };
}

/** First day of the month eleven months before `to`'s month (a 12-month window). */
export function defaultFrom(to: string): string {
  const year = Number(to.slice(0, 4));
  const month = Number(to.slice(5, 7)) - 11;
  const monthStart = new Date(Date.UTC(year, month - 1, 1));
  return monthStart.toISOString().slice(0, 10);
}
