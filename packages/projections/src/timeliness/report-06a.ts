/**
 * Report 06a (Biểu số II.06a/VPCP/KSTT): received / resolved / pending per
 * group and period, 13 columns. Semantics in docs/metrics.md.
 */
import type { Catalog } from '@motcua/core';
import { estimatedDaysIn } from '../estimated';
import { splitPeriod, type PeriodUnit } from '../time';
import { A_CARRIED, A_K, A_PEND, accumulate, checkPeriod, type PeriodQuery } from './accumulate';
import { checkGroupBy, groupAccumulators, type GroupDimension, type GroupKey } from './group';
import type { TimelinessProjection } from './projection';
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
export function row06a(group: GroupKey, a: Float64Array, convention: Convention, refusedAsResolved = false): Report06aRow {
  const th = convention === 'thanhHoa';
  const online = a[receivedSlot(CHANNEL.online)]!;
  const directOrPostal = a[receivedSlot(CHANNEL.direct)]! + a[receivedSlot(CHANNEL.postal)]!;
  const carriedOver = a[A_CARRIED]!;
  // K counters: 0..2 granted, 3..5 refused after appraisal, 6..8 withdrawn|stopped|closed (early/onTime/late).
  const k = (i: number) => a[A_K + i]!;
  const ref = th || refusedAsResolved;
  const early = k(0) + (ref ? k(3) : 0);
  const onTime = k(1) + (ref ? k(4) : 0) + (th ? k(6) + k(7) + k(8) : 0);
  const late = k(2) + (ref ? k(5) : 0);
  const otherTotal = (ref ? 0 : k(3) + k(4) + k(5)) + (th ? 0 : k(6) + k(7) + k(8));
  const p = (i: number) => a[A_PEND + i]!;
  const withinTime = p(0) + p(2) + (th ? p(3) : 0);
  const overdue = p(1) + (th ? 0 : p(3));
  const resolvedTotal = early + onTime + late;
  return {
    group,
    received: { total: online + directOrPostal + carriedOver, online, directOrPostal, carriedOver },
    resolved: { total: resolvedTotal, early, onTime, late },
    pending: { total: withinTime + overdue, withinTime, overdue },
    other: {
      total: otherTotal,
      refused: a[endedSlot(ENDING.refused)]!,
      withdrawn: a[endedSlot(ENDING.withdrawn)]!,
      stopped: a[endedSlot(ENDING.stopped)]!,
      closed: a[endedSlot(ENDING.closed)]!,
      waitingForCitizen: p(2) + p(3),
    },
    onTimeRate: resolvedTotal === 0 ? null : Math.round(((early + onTime) / resolvedTotal) * 10000) / 10000,
    estimatedCalendarDays: 0,
  };
}

/** Ended dossiers in a group's counters (granted + refused + withdrawn + stopped + closed). */
export const endedCount = (a: Float64Array): number =>
  a[endedSlot(ENDING.granted)]! + a[endedSlot(ENDING.refused)]! + a[endedSlot(ENDING.withdrawn)]! + a[endedSlot(ENDING.stopped)]! + a[endedSlot(ENDING.closed)]!;

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
export function report06a(state: TimelinessState, q: Report06aQuery): Report06aRow[] {
  checkPeriod(q);
  const groupBy = checkGroupBy(q.groupBy);
  const v = variantOf(q.clock ?? 'legal', q.due ?? 'original');
  const periods = q.splitBy ? splitPeriod(q, q.splitBy) : [{ label: undefined, from: q.from, to: q.to }];
  const rows: Report06aRow[] = [];
  for (const p of periods) {
    const sub: PeriodQuery = { from: p.from, to: p.to, ...(q.asOf !== undefined && p.to === q.to ? { asOf: q.asOf } : {}) };
    const accs = accumulate(state, sub, v, q.projection.env);
    const estimated = estimatedDaysIn(q.projection.env.cal, p.from, p.to);
    for (const g of groupAccumulators(state.dims, accs, q.catalog, groupBy)) {
      const r = row06a(p.label === undefined ? g.group : { ...g.group, period: p.label }, g.acc, q.convention ?? 'national', q.refusedAsResolved ?? false);
      r.estimatedCalendarDays = estimated;
      if (r.received.total > 0 || r.resolved.total > 0 || r.pending.total > 0 || r.other.total > 0) rows.push(r);
    }
  }
  return rows;
}
