/**
 * Report 06a (Biểu số II.06a/VPCP/KSTT): received / resolved / pending per
 * group and period, 13 columns. Semantics in docs/metrics.md.
 */
import type { Catalog } from '@motcua/core';
import { estimatedDaysIn } from '../estimated';
import { splitPeriod, type PeriodUnit } from '../time';
import { A_CARRIED, A_K, A_PEND, accumulate, checkPeriod, type PeriodQuery } from './accumulate';
import { checkGroupBy, groupAccumulators, type GroupDimension, type GroupKey } from './group';
import { checkIntakePacks, type TimelinessProjection } from './projection';
import { CHANNEL, ENDING, endedSlot, receivedSlot } from './layout';
import { variantOf, type ClockKind, type DueKind, type TimelinessState } from './state';

/**
 * Conventions for dossiers that ended without a resolution:
 * - `national` (default, brief §7.4): withdrawn, stopped, closed (NĐ 118/2025 Đ19.5)
 *   and refused-after-appraisal dossiers go to the `other` bucket, outside c7 (`c3 = c7 + c11 + other`);
 *   pending dossiers waiting for the citizen are read on the chosen clock.
 * - `thanhHoa` (local convention [S]): withdrawn/stopped/closed dossiers count as
 *   resolved on time, refusals as resolved (measured), dossiers waiting for a
 *   supplement as within time; `other.total` is 0.
 */
export type Convention = 'national' | 'thanhHoa';

/** Query of {@link report06a}. */
export interface Report06aQuery extends PeriodQuery {
  projection: TimelinessProjection;
  catalog: Catalog;
  groupBy?: readonly GroupDimension[];
  /** Split the period into calendar months, quarters or years (one row per group and sub-period). */
  splitBy?: PeriodUnit;
  /** Clock (default `'legal'`). */
  clock?: ClockKind;
  /** Due date (default `'original'`: an apology does not clear lateness). */
  due?: DueKind;
  convention?: Convention;
  /**
   * `national` convention only: count refusals after appraisal (ResolutionRefused,
   * status 9) in c7, measured like resolutions, instead of in `other` (default false: the brief's `other` includes refused).
   */
  refusedAsResolved?: boolean;
}

/** One row of report 06a. Invariants: see docs/metrics.md. */
export interface Report06aRow {
  group: GroupKey;
  /** Cột 3–6. */
  received: { total: number; online: number; directOrPostal: number; carriedOver: number };
  /** Cột 7–10. */
  resolved: { total: number; early: number; onTime: number; late: number };
  /** Cột 11–13. */
  pending: { total: number; withinTime: number; overdue: number };
  /**
   * `total`: dossiers received or carried over that ended in the period without
   * being counted in c7 (`c3 = c7 + c11 + other.total`; under `national`,
   * `other.total = refused + withdrawn + stopped + closed`). `refused`, `withdrawn`,
   * `stopped`, `closed` (closed by the one-stop officer because the applicant did not
   * complete the dossier in time, NĐ 118/2025 Đ19.5; never under the NĐ 61/2018 pack):
   * dossiers that ended that way in the period, whichever column holds
   * them (inside `other.total` under `national`, inside c7 under `thanhHoa` /
   * `refusedAsResolved`). `waitingForCitizen`: pending dossiers waiting for a supplement (inside c11).
   */
  other: { total: number; refused: number; withdrawn: number; stopped: number; closed: number; waitingForCitizen: number };
  /** (early + on time) / resolved; null when nothing was resolved. */
  onTimeRate: number | null;
  /** Days of the row's period whose working status the calendar only estimates (no official schedule yet, e.g. 2027+); 0 = all official. */
  estimatedCalendarDays: number;
}

/** Build a 06a row from group counters. */
export function row06a(group: GroupKey, counters: Float64Array, convention: Convention, refusedAsResolved = false): Report06aRow {
  const thanhHoa = convention === 'thanhHoa';
  const online = counters[receivedSlot(CHANNEL.online)]!;
  const directOrPostal = counters[receivedSlot(CHANNEL.direct)]! + counters[receivedSlot(CHANNEL.postal)]!;
  const carriedOver = counters[A_CARRIED]!;
  // K counters: 0..2 granted, 3..5 refused after appraisal, 6..8 withdrawn|stopped|closed (early/onTime/late).
  const ended = (i: number) => counters[A_K + i]!;
  const refusalsResolved = thanhHoa || refusedAsResolved;
  const early = ended(0) + (refusalsResolved ? ended(3) : 0);
  const onTime = ended(1) + (refusalsResolved ? ended(4) : 0) + (thanhHoa ? ended(6) + ended(7) + ended(8) : 0);
  const late = ended(2) + (refusalsResolved ? ended(5) : 0);
  const otherTotal = (refusalsResolved ? 0 : ended(3) + ended(4) + ended(5)) + (thanhHoa ? 0 : ended(6) + ended(7) + ended(8));
  const pendingCount = (i: number) => counters[A_PEND + i]!;
  const withinTime = pendingCount(0) + pendingCount(2) + (thanhHoa ? pendingCount(3) : 0);
  const overdue = pendingCount(1) + (thanhHoa ? 0 : pendingCount(3));
  const resolvedTotal = early + onTime + late;
  return {
    group,
    received: { total: online + directOrPostal + carriedOver, online, directOrPostal, carriedOver },
    resolved: { total: resolvedTotal, early, onTime, late },
    pending: { total: withinTime + overdue, withinTime, overdue },
    other: {
      total: otherTotal,
      refused: counters[endedSlot(ENDING.refused)]!,
      withdrawn: counters[endedSlot(ENDING.withdrawn)]!,
      stopped: counters[endedSlot(ENDING.stopped)]!,
      closed: counters[endedSlot(ENDING.closed)]!,
      waitingForCitizen: pendingCount(2) + pendingCount(3),
    },
    onTimeRate: resolvedTotal === 0 ? null : Math.round(((early + onTime) / resolvedTotal) * 10000) / 10000,
    estimatedCalendarDays: 0,
  };
}

/** Ended dossiers in a group's counters (granted + refused + withdrawn + stopped + closed). */
export const endedCount = (counters: Float64Array): number =>
  counters[endedSlot(ENDING.granted)]! +
  counters[endedSlot(ENDING.refused)]! +
  counters[endedSlot(ENDING.withdrawn)]! +
  counters[endedSlot(ENDING.stopped)]! +
  counters[endedSlot(ENDING.closed)]!;

/**
 * Report 06a for a period: one row per group (and sub-period with `splitBy`).
 * Groups with nothing received, carried over, resolved or pending are left out.
 *
 * @example
 * ```ts
 * const rows = report06a(runner.state, { projection, catalog, from: '2024-01-01', to: '2024-03-31', groupBy: ['agency'], splitBy: 'month' });
 * const [first] = rows;
 * first && first.received.total === first.resolved.total + first.pending.total + first.other.total; // true
 * ```
 */
export function report06a(state: TimelinessState, query: Report06aQuery): Report06aRow[] {
  checkPeriod(query);
  const groupBy = checkGroupBy(query.groupBy);
  const variant = variantOf(query.clock ?? 'legal', query.due ?? 'original');
  if (query.clock === 'kpi') checkIntakePacks(state, query);
  const periods = query.splitBy ? splitPeriod(query, query.splitBy) : [{ label: undefined, from: query.from, to: query.to }];
  const rows: Report06aRow[] = [];
  for (const period of periods) {
    const sub: PeriodQuery = { from: period.from, to: period.to, ...(query.asOf !== undefined && period.to === query.to ? { asOf: query.asOf } : {}) };
    const accs = accumulate(state, sub, variant, query.projection.env);
    const estimated = estimatedDaysIn(query.projection.env.cal, period.from, period.to);
    for (const entry of groupAccumulators(state.dims, accs, query.catalog, groupBy)) {
      const row = row06a(
        period.label === undefined ? entry.group : { ...entry.group, period: period.label },
        entry.acc,
        query.convention ?? 'national',
        query.refusedAsResolved ?? false,
      );
      row.estimatedCalendarDays = estimated;
      if (row.received.total > 0 || row.resolved.total > 0 || row.pending.total > 0 || row.other.total > 0) rows.push(row);
    }
  }
  return rows;
}
