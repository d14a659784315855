import type { WorkingCalendar } from '@motcua/calendar';
import { ValidationError, type Catalog, type EventStore } from '@motcua/core';
import {
  createProjectionRunner,
  decision766,
  report06a,
  satisfactionProjection,
  satisfactionReport,
  timelinessProjection,
  tt01Projection,
  tt01Report,
  type Decision766Row,
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

/** Grouping dimensions of reports 06a and 766. */
export const TIMELINESS_DIMENSIONS = ['unit', 'agency', 'procedure', 'field', 'level', 'channel'] as const;
/** Grouping dimensions of the satisfaction report. */
export const SATISFACTION_DIMENSIONS: readonly SatisfactionDimension[] = ['unit', 'agency', 'procedure', 'official', 'criterion'];
type TimelinessDimension = (typeof TIMELINESS_DIMENSIONS)[number];

/** Options of report 06a beyond the period. */
export interface Report06aOptions {
  clock?: 'legal' | 'kpi';
  due?: 'original' | 'rescheduled';
  convention?: 'national' | 'thanhHoa';
}

/** The reports the desk serves, all computed by `@motcua/projections`. */
export interface DeskReports {
  report06a(q: ReportQuery<TimelinessDimension> & Report06aOptions): Promise<Report06aRow[]>;
  decision766(q: ReportQuery<TimelinessDimension>): Promise<Decision766Row[]>;
  satisfaction(q: ReportQuery<SatisfactionDimension>): Promise<SatisfactionRow[]>;
  tt01(q: ReportQuery & { by: 'official' | 'agency' }): Promise<Tt01Row[]>;
  /** Stop the runners (nothing follows the log live; this waits for a catch-up in flight). */
  close(): Promise<void>;
}

/**
 * Reports over the store, from the projections of `@motcua/projections`:
 * timeliness (06a and 766), satisfaction and TT 01 scoring, each run by
 * `createProjectionRunner` with its checkpoint kept in the store under
 * `one-stop-desk/…`. Each query first catches its projection up to the head
 * of the log, so a report includes every command already answered.
 */
export function createDeskReports(options: { store: EventStore; catalog: Catalog; calendar: WorkingCalendar }): DeskReports {
  const { store, catalog, calendar } = options;
  const timeliness = timelinessProjection({ calendar, name: 'one-stop-desk/timeliness' });
  const runners: ProjectionRunner<unknown>[] = [];
  const run = <S>(projection: Projection<S>): (() => Promise<S>) => {
    const runner = createProjectionRunner<S>({ store, projection, checkpointEvery: 5_000 });
    runners.push(runner as ProjectionRunner<unknown>);
    return async () => (await runner.catchUp(), runner.state);
  };
  const timelinessState = run(timeliness);
  const satisfactionState = run(satisfactionProjection({ name: 'one-stop-desk/satisfaction' }));
  const tt01State = run(tt01Projection({ calendar, name: 'one-stop-desk/tt01' }));
  const period = (q: ReportQuery) => ({ from: q.from, to: q.to, ...(q.asOf ? { asOf: q.asOf } : {}) });
  const split = (q: ReportQuery) => (q.splitBy ? { splitBy: q.splitBy } : {});
  return {
    async report06a(q) {
      const extra = { ...(q.clock ? { clock: q.clock } : {}), ...(q.due ? { due: q.due } : {}), ...(q.convention ? { convention: q.convention } : {}) };
      return report06a(await timelinessState(), { projection: timeliness, catalog, ...period(q), groupBy: q.groupBy, ...split(q), ...extra });
    },
    async decision766(q) {
      return decision766(await timelinessState(), { projection: timeliness, catalog, ...period(q), groupBy: q.groupBy, ...split(q) });
    },
    async satisfaction(q) {
      return satisfactionReport(await satisfactionState(), { catalog, ...period(q), groupBy: q.groupBy });
    },
    async tt01(q) {
      return tt01Report(await tt01State(), { catalog, ...period(q), by: q.by });
    },
    async close() {
      await Promise.all(runners.map((r) => r.stop()));
    },
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parse `from`, `to`, `groupBy` (comma-separated), `splitBy` and `asOf` from a
 * query string; the period defaults to the last 12 calendar months up to `today`.
 * Throws a 400 with issues for anything malformed.
 */
export function parseReportQuery<G extends string>(params: Record<string, string | undefined>, today: string, dimensions: readonly G[]): ReportQuery<G> {
  const issues: { code: string; path: string[]; message: string }[] = [];
  const to = params.to ?? today;
  const from = params.from ?? defaultFrom(to);
  if (!DATE.test(from)) issues.push({ code: 'invalid_date', path: ['from'], message: 'expected YYYY-MM-DD' });
  if (!DATE.test(to)) issues.push({ code: 'invalid_date', path: ['to'], message: 'expected YYYY-MM-DD' });
  if (DATE.test(from) && DATE.test(to) && from > to) issues.push({ code: 'invalid_period', path: ['to'], message: '`to` is before `from`' });
  const groupBy = (params.groupBy ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  for (const g of groupBy) if (!dimensions.includes(g as G)) issues.push({ code: 'invalid_enum_value', path: ['groupBy'], message: `unknown grouping '${g}' (expected ${dimensions.join(', ')})` });
  const splitBy = params.splitBy;
  if (splitBy !== undefined && !['month', 'quarter', 'year'].includes(splitBy)) issues.push({ code: 'invalid_enum_value', path: ['splitBy'], message: 'expected month, quarter or year' });
  if (params.asOf !== undefined && Number.isNaN(Date.parse(params.asOf))) issues.push({ code: 'invalid_instant', path: ['asOf'], message: 'expected an ISO-8601 instant' });
  if (issues.length) throw new ValidationError('Invalid report query', issues);
  return { from, to, groupBy: groupBy as G[], ...(splitBy ? { splitBy: splitBy as 'month' } : {}), ...(params.asOf ? { asOf: params.asOf } : {}) };
}

/** First day of the month eleven months before `to`'s month (a 12-month window). */
export function defaultFrom(to: string): string {
  const y = Number(to.slice(0, 4));
  const m = Number(to.slice(5, 7)) - 11;
  const d = new Date(Date.UTC(y, m - 1, 1));
  return d.toISOString().slice(0, 10);
}

/** Check one enumerated query parameter, or throw a 400. */
export function enumParam<T extends string>(params: Record<string, string | undefined>, name: string, values: readonly T[]): T | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (!values.includes(v as T)) throw new ValidationError('Invalid report query', [{ code: 'invalid_enum_value', path: [name], message: `expected ${values.join(', ')}` }]);
  return v as T;
}
