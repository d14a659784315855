/**
 * What a provincial office reports, from the projections package: report
 * 06a per unit (Biểu số II.06a/VPCP/KSTT), the on-time rate, the Decision
 * 766 indicators with points, satisfaction and the slowest procedures.
 * Nothing is counted here: every number comes from @motcua/projections'
 * queries over its projections of the event log.
 */
import { DOSSIER_STREAM_PREFIX, type Catalog, type EventStore, type StoredEvent } from '@motcua/core';
import {
  createProjectionRunner,
  decision766,
  report06a,
  satisfactionProjection,
  satisfactionReport,
  timelinessProjection,
  type Decision766Row,
  type Projection,
  type Report06aRow,
  type SatisfactionRow,
  type SatisfactionSnapshot,
  type SatisfactionState,
  type TimelinessSnapshot,
  type TimelinessState,
} from '@motcua/projections';
import type { WorkingCalendar } from '@motcua/calendar';
import { compactCube } from '@motcua/projections';

/** The report of one simulated period. */
export interface ProvinceReport {
  period: { from: string; to: string };
  /** 06a rows per one-stop unit (projections' `Report06aRow`), and the total row. */
  report06a: { units: Report06aRow[]; total: Report06aRow | null };
  /** (early + on time) / resolved, from the total 06a row. */
  onTimeRate: number | null;
  /** Decision 766 for the whole area (projections' `Decision766Row`). */
  decision766: Decision766Row | null;
  /** Ratings, likes and petitions for the whole area (projections' `SatisfactionRow`). */
  satisfaction: SatisfactionRow | null;
  /** The five procedures with the highest late share (06a by procedure + 766 indicator 2.2). */
  slowest: SlowProcedure[];
  /**
   * 06a per rule pack: dossiers received until 30/06/2025 under NĐ 61/2018,
   * from 01/07/2025 under NĐ 118/2025 (each dossier pinned to the pack in force
   * at receipt). One row per pack with dossiers in the period.
   */
  byRulePack: Report06aRow[];
  /**
   * Dossiers received at one unit for another unit's procedure (NĐ 118/2025
   * Đ14.2): the received total attributed to the receiving unit vs to the
   * handling unit differs by unit, never in total.
   */
  crossBoundary: { received: number; byHandlingUnit: Report06aRow[] };
}

/** A procedure among the slowest. */
export interface SlowProcedure {
  procedure: string;
  name: string;
  resolved: number;
  late: number;
  /** late / resolved. */
  lateShare: number;
  /** Mean resolution time in working days (766 indicator 2.2). */
  meanDays: number | null;
  /** The limit in force, e.g. `15 ngày làm việc`. */
  limit: string;
}

/** The state the reports are queried from: timeliness and satisfaction, built in one pass. */
export type ReportState = { t: TimelinessState; s: SatisfactionState };
type Both = ReportState;

/**
 * The timeliness and satisfaction projections as one, so one pass over the
 * log feeds both.
 * @example const runner = createProjectionRunner({ store, projection: reportProjection(calendar) });
 */
export function reportProjection(calendar: WorkingCalendar): Projection<ReportState, { t: TimelinessSnapshot; s: SatisfactionSnapshot }> {
  return both(calendar).projection;
}

function both(calendar: WorkingCalendar) {
  const timelinessPart = timelinessProjection({ calendar });
  const satisfactionPart = satisfactionProjection();
  const projection: Projection<Both, { t: TimelinessSnapshot; s: SatisfactionSnapshot }> = {
    name: 'province-simulation',
    version: `${timelinessPart.version}+${satisfactionPart.version}`,
    filter: { streamPrefix: DOSSIER_STREAM_PREFIX },
    // The cube in a CompactCube (compact-cube.ts): at province scale its pages are hundreds of MB, 98 % zeros.
    init: () => ({ t: withCompactCube(timelinessPart.init()), s: satisfactionPart.init() }),
    apply(st, event: StoredEvent) {
      st.t = timelinessPart.apply(st.t, event);
      st.s = satisfactionPart.apply(st.s, event);
      return st;
    },
    toSnapshot: (st) => ({ t: timelinessPart.toSnapshot(st.t), s: satisfactionPart.toSnapshot(st.s) }),
    fromSnapshot: (j) => ({ t: withCompactCube(timelinessPart.fromSnapshot(j.t)), s: satisfactionPart.fromSnapshot(j.s) }),
  };
  return { projection, timeliness: timelinessPart };
}

/**
 * The state with its cube moved into a {@link compactCube} (same pages, same counters); `MOTCUA_DEMO_CUBE_PAGES`
 * sets how many plain pages it keeps (default 2,048 ≈ 14 MB; the least is 64 — for tests and measurements).
 */
function withCompactCube(state: TimelinessState): TimelinessState {
  state.cube = compactCube(state.cube, Number(process.env.MOTCUA_DEMO_CUBE_PAGES) || undefined);
  return state;
}

/**
 * Project the store's log and query the reports for the period.
 * @example const report = await buildReport({ store, catalog, calendar, from: '2020-12-16', to: '2021-05-31' });
 */
export async function buildReport(options: { store: EventStore; catalog: Catalog; calendar: WorkingCalendar; from: string; to: string }): Promise<ProvinceReport> {
  const runner = createProjectionRunner({ store: options.store, projection: reportProjection(options.calendar), batchSize: 5000, checkpointEvery: Number.MAX_SAFE_INTEGER });
  await runner.catchUp();
  return queryReport(runner.state, options);
}

/**
 * Query the reports for the period from a projected state.
 * @example const report = queryReport(runner.state, { catalog, calendar, from: '2020-12-16', to: '2021-05-31' });
 */
export function queryReport(st: ReportState, options: { catalog: Catalog; calendar: WorkingCalendar; from: string; to: string }): ProvinceReport {
  const timeliness = timelinessProjection({ calendar: options.calendar });
  const query = { projection: timeliness, catalog: options.catalog, from: options.from, to: options.to };
  const units = report06a(st.t, { ...query, groupBy: ['unit'] });
  const total = report06a(st.t, query)[0] ?? null;
  const byProcedure = report06a(st.t, { ...query, groupBy: ['procedure'] });
  const mean = new Map(decision766(st.t, { ...query, groupBy: ['procedure'] }).map((r) => [r.group.procedure, r.indicators['2.2'].ratio]));
  const slowest = byProcedure
    .filter((r) => r.resolved.total > 0)
    .map((row) => {
      const code = row.group.procedure!;
      const procedure = options.catalog.list().find((x) => x.code === code)!;
      const limit = procedure.timeLimit.local ?? procedure.timeLimit.statutory;
      return {
        procedure: code,
        name: procedure.name.vi,
        resolved: row.resolved.total,
        late: row.resolved.late,
        lateShare: Math.round((row.resolved.late / row.resolved.total) * 10_000) / 10_000,
        meanDays: mean.get(code) ?? null,
        limit:
          limit.unit === 'workingDays'
            ? `${limit.value} ngày làm việc`
            : limit.unit === 'sameDay'
              ? 'trong ngày (15:00)'
              : limit.unit === 'workingHours'
                ? `${limit.value} giờ làm việc`
                : `${limit.value} ngày`,
      };
    })
    .sort((a, b) => b.lateShare - a.lateShare || (b.meanDays ?? 0) - (a.meanDays ?? 0) || (a.procedure < b.procedure ? -1 : 1))
    .slice(0, 5);
  return {
    period: { from: options.from, to: options.to },
    report06a: { units, total },
    onTimeRate: total?.onTimeRate ?? null,
    decision766: decision766(st.t, query)[0] ?? null,
    satisfaction: satisfactionReport(st.s, { catalog: options.catalog, from: options.from, to: options.to })[0] ?? null,
    slowest,
    byRulePack: report06a(st.t, { ...query, groupBy: ['rulePack'] }).sort((a, b) =>
      packFrom(options.catalog, a.group.rulePack).localeCompare(packFrom(options.catalog, b.group.rulePack)),
    ),
    crossBoundary: crossBoundaryOf(report06a(st.t, { ...query, groupBy: ['unit', 'handlingUnit'] }), report06a(st.t, { ...query, groupBy: ['handlingUnit'] })),
  };
}

/** Received dossiers whose handling unit is not the receiving one, and the 06a rows by handling unit. */
function crossBoundaryOf(byBoth: Report06aRow[], byHandlingUnit: Report06aRow[]): ProvinceReport['crossBoundary'] {
  const received = byBoth.filter((r) => r.group.unit !== r.group.handlingUnit).reduce((n, r) => n + r.received.online + r.received.directOrPostal, 0);
  return { received, byHandlingUnit };
}

/** A rule pack's first day (oldest first in the report); '' for an unknown id. */
function packFrom(catalog: Catalog, id: string | undefined): string {
  try {
    return id ? catalog.rulePack(id).validFrom : '';
  } catch {
    return '';
  }
}
