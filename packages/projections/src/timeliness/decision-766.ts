/**
 * Decision 766 (QĐ 766/QĐ-TTg) indicators computable from dossier events,
 * with capped-linear points and the group maxima (brief §7.2–7.3 [S F766]).
 * Indicators that need data outside dossier events (publicity, portal
 * functions) are listed with `ratio: null, points: null`.
 */
import type { Catalog } from '@motcua/core';
import { estimatedDaysIn } from '../estimated';
import { cappedLinear, round2, round4 } from '../scoring';
import { splitPeriod, type PeriodUnit } from '../time';
import { A_CARRIED, A_K, A_PEND, accumulate, checkPeriod, type PeriodQuery } from './accumulate';
import { checkGroupBy, groupAccumulators, type GroupDimension, type GroupKey } from './group';
import { checkIntakePacks, type TimelinessProjection } from './projection';
import { CHANNEL, SLOT, receivedSlot } from './layout';
import { variantOf, type DueKind, type TimelinessState } from './state';

/** Indicator ids of Decision 766 as shown on the portal. */
export type Indicator766 =
  | '1.1'
  | '1.2'
  | '1.3'
  | '1.4'
  | '2.1'
  | '2.2'
  | '3.1'
  | '3.2'
  | '3.3'
  | '3.5'
  | '3.5b'
  | '3.6'
  | '4.1'
  | '4.2'
  | '4.2b'
  | '4.3'
  | '4.4'
  | '4.5a'
  | '4.5b'
  | '5.1'
  | '5.2'
  | '5.3'
  | '5.4';

/** Maximum points and optional full-points threshold of an indicator. */
export interface IndicatorConfig {
  group: 1 | 2 | 3 | 4 | 5 | 6;
  max: number;
  threshold?: number;
}

/** Groups of Decision 766 and their maxima (brief §7.2). */
export const GROUPS_766 = {
  1: { vi: 'Công khai, minh bạch', en: 'Publicity and transparency', max: 18 },
  2: { vi: 'Tiến độ giải quyết', en: 'Progress of resolution', max: 20 },
  3: { vi: 'Dịch vụ công trực tuyến', en: 'Online public services', max: 12 },
  4: { vi: 'Thanh toán trực tuyến', en: 'Online payment', max: 10 },
  5: { vi: 'Số hóa hồ sơ', en: 'Digitisation', max: 22 },
  6: { vi: 'Mức độ hài lòng', en: 'Satisfaction', max: 18 },
} as const;

/**
 * Default maxima and thresholds (configurable: the Decision's text was not
 * reviewed; the 3.1–3.3 split is [U], equal thirds by default).
 */
export const DEFAULT_766: Readonly<Record<Indicator766, IndicatorConfig>> = Object.freeze({
  '1.1': { group: 1, max: 6 },
  '1.2': { group: 1, max: 4 },
  '1.3': { group: 1, max: 2 },
  '1.4': { group: 1, max: 6 },
  '2.1': { group: 2, max: 20 },
  '2.2': { group: 2, max: 0 },
  '3.1': { group: 3, max: 4, threshold: 0.8 },
  '3.2': { group: 3, max: 4 },
  '3.3': { group: 3, max: 4, threshold: 0.5 },
  '3.5': { group: 4, max: 2, threshold: 0.8 },
  '3.5b': { group: 4, max: 2 },
  '3.6': { group: 4, max: 6 },
  '4.1': { group: 5, max: 6 },
  '4.2': { group: 5, max: 4, threshold: 0.8 },
  '4.2b': { group: 5, max: 2 },
  '4.3': { group: 5, max: 2, threshold: 0.8 },
  '4.4': { group: 5, max: 4 },
  '4.5a': { group: 5, max: 2 },
  '4.5b': { group: 5, max: 2 },
  '5.1': { group: 6, max: 0 },
  '5.2': { group: 6, max: 6 },
  '5.3': { group: 6, max: 6 },
  '5.4': { group: 6, max: 6, threshold: 0.9 },
});

/** One indicator's value. */
export interface IndicatorValue {
  id: Indicator766;
  /**
   * Ratio in [0, 1] rounded to 4 decimals, i.e. the portal's percentage to 2
   * decimals (F766 "round to 2 decimals"); 2.2: mean working days, 2 decimals.
   * Null when not computable from events or the denominator is 0. Points are
   * computed from the unrounded ratio `numerator / denominator`.
   */
  ratio: number | null;
  /** The ratio as a percentage, 2 decimals (2.2: null). */
  percent: number | null;
  numerator: number | null;
  denominator: number | null;
  points: number | null;
  max: number;
}

/** Decision 766 result for one group. */
export interface Decision766Row {
  group: GroupKey;
  indicators: Record<Indicator766, IndicatorValue>;
  /** Points per group of indicators 1–6 (non-computable indicators count 0). */
  groups: Record<1 | 2 | 3 | 4 | 5 | 6, { points: number; max: number }>;
  /** Total out of 100 (non-computable indicators count 0). */
  total: number;
  /** Sum of the maxima of indicators with a value (what `total` could reach from events alone). */
  computedMax: number;
  /** Days of the row's period whose working status the calendar only estimates (no official schedule yet, e.g. 2027+); 0 = all official. */
  estimatedCalendarDays: number;
}

/** Query of {@link decision766}. */
export interface Decision766Query extends PeriodQuery {
  projection: TimelinessProjection;
  catalog: Catalog;
  groupBy?: readonly GroupDimension[];
  splitBy?: PeriodUnit;
  /** Due date for indicator 2.1 (default `'original'`). The clock is always the KPI clock. */
  due?: DueKind;
  /** Multiply 3.3 by the sync rate (F766; default true). */
  syncRateIn33?: boolean;
  config?: Partial<Record<Indicator766, IndicatorConfig>>;
}

const ORDER = Object.keys(DEFAULT_766) as Indicator766[];

/**
 * Decision 766 indicators and points per group for a period. Groups with
 * nothing received, carried over or petitioned in the period are left out.
 *
 * @example
 * ```ts
 * const [row] = decision766(runner.state, { projection, catalog, from: '2024-01-01', to: '2024-12-31' });
 * row?.indicators['2.1'].points; // 20 × (on time + within time) / (received + carried over)
 * row?.total;                    // out of 100
 * ```
 */
export function decision766(state: TimelinessState, query: Decision766Query): Decision766Row[] {
  checkPeriod(query);
  const groupBy = checkGroupBy(query.groupBy);
  const cfg = { ...DEFAULT_766, ...(query.config ?? {}) } as Record<Indicator766, IndicatorConfig>;
  const variant = variantOf('kpi', query.due ?? 'original');
  checkIntakePacks(state, query);
  const periods = query.splitBy ? splitPeriod(query, query.splitBy) : [{ label: undefined, from: query.from, to: query.to }];
  const rows: Decision766Row[] = [];
  for (const period of periods) {
    const sub: PeriodQuery = { from: period.from, to: period.to, ...(query.asOf !== undefined && period.to === query.to ? { asOf: query.asOf } : {}) };
    const accs = accumulate(state, sub, variant, query.projection.env);
    const estimated = estimatedDaysIn(query.projection.env.cal, period.from, period.to);
    for (const entry of groupAccumulators(state.dims, accs, query.catalog, groupBy)) {
      // Per-procedure denominators need the dimension split.
      let feeReceived = 0,
        feePaid = 0,
        paperReceived = 0,
        paperEResult = 0,
        digitised = 0,
        online = 0;
      const procs = new Map<string, boolean>();
      for (const dim of entry.dims) {
        const dimCounters = accs.get(dim)!;
        const dimension = state.dims[dim]!;
        const info = entry.info(dimension.procedure, dimension.version);
        const dimReceived = dimCounters[receivedSlot(CHANNEL.direct)]! + dimCounters[receivedSlot(CHANNEL.online)]! + dimCounters[receivedSlot(CHANNEL.postal)]!;
        if (info.feeBearing) {
          feeReceived += dimReceived;
          feePaid += dimCounters[SLOT.paidOnline]!;
        }
        const paper = info.resultKind === 'paper';
        if (paper) {
          paperReceived += dimReceived;
          paperEResult += dimCounters[SLOT.eResult]!;
        }
        online += dimCounters[receivedSlot(CHANNEL.online)]! + (paper ? dimCounters[SLOT.eResultOffline]! : 0);
        digitised += info.resultKind === 'paper' ? dimCounters[SLOT.digitisedComponents]! : dimCounters[SLOT.digitisedWithEResult]!;
        // A procedure (thủ tục) is its code, whatever the version: connected when a version that received dossiers in the period is.
        if (dimReceived > 0) procs.set(dimension.procedure, procs.get(dimension.procedure) === true || info.populationDataConnected);
      }
      const counters = entry.acc;
      const received = counters[receivedSlot(CHANNEL.direct)]! + counters[receivedSlot(CHANNEL.online)]! + counters[receivedSlot(CHANNEL.postal)]!;
      const handled = received + counters[A_CARRIED]!;
      if (handled === 0 && counters[SLOT.petitionFiled]! === 0 && counters[SLOT.petitionAnswered]! === 0) continue;
      const ended = (i: number) => counters[A_K + i]!;
      const pendingCount = (i: number) => counters[A_PEND + i]!;
      // Every ended dossier counts on the KPI clock (F766: end = resolved > returned > stopped/refused; withdrawal of accepted dossiers).
      const onTime = ended(0) + ended(1) + ended(3) + ended(4) + ended(6) + ended(7) + pendingCount(0) + pendingCount(2);
      const late = ended(2) + ended(5) + ended(8) + pendingCount(1) + pendingCount(3);
      const syncRate = received === 0 ? null : counters[SLOT.synced]! / received;
      const values = {} as Record<Indicator766, IndicatorValue>;
      const set = (id: Indicator766, num: number | null, den: number | null, ratioOverride?: number | null) => {
        const config = cfg[id];
        const ratio = ratioOverride !== undefined ? ratioOverride : num === null || den === null || den === 0 ? null : num / den;
        const points = ratio === null || config.max === 0 ? (ratio === null ? null : 0) : cappedLinear(ratio, config.max, config.threshold);
        values[id] = {
          id,
          ratio: ratio === null ? null : round4(ratio),
          percent: ratio === null ? null : round2(ratio * 100),
          numerator: num,
          denominator: den,
          points,
          max: config.max,
        };
      };
      for (const id of ORDER) set(id, null, null);
      set('1.4', counters[SLOT.synced]!, received);
      set('2.1', onTime, handled);
      values['2.2'] = {
        id: '2.2',
        ratio: counters[SLOT.durationCount]! === 0 ? null : round2(counters[SLOT.durationSum]! / counters[SLOT.durationCount]!),
        percent: null,
        numerator: counters[SLOT.durationSum]!,
        denominator: counters[SLOT.durationCount]!,
        points: counters[SLOT.durationCount]! === 0 ? null : 0,
        max: cfg['2.2'].max,
      };
      set('3.3', online, received, received === 0 ? null : (online / received) * ((query.syncRateIn33 ?? true) ? (syncRate ?? 0) : 1));
      set('3.6', feePaid, feeReceived);
      set('4.1', paperEResult, paperReceived);
      set('4.2', digitised, received);
      set('4.3', counters[SLOT.reused]!, received);
      set('4.4', counters[SLOT.citizenStore]!, received);
      set('4.5a', [...procs.values()].filter(Boolean).length, procs.size);
      set('4.5b', counters[SLOT.population]!, received);
      const filed = counters[SLOT.petitionFiled]!;
      set('5.2', counters[SLOT.petitionAnswered]! - counters[SLOT.petitionAnsweredLate]!, counters[SLOT.petitionAnswered]!);
      // 5.3: the petitions filed in the period less the repeated ones and the others answered late (whenever): each
      // subtracted once (F766's "dislike-dominated" term is not in the events, docs/metrics.md). 5.2 reads answers by their own day.
      set('5.3', filed - counters[SLOT.petitionRepeated]! - counters[SLOT.petitionFiledAnsweredLate]!, filed);
      set('5.4', null, null, handled === 0 || received === 0 ? null : Math.max(0, 1 - (late / handled + counters[SLOT.petitionOrDislike]! / received)));
      const groups = {} as Decision766Row['groups'];
      for (const groupNo of [1, 2, 3, 4, 5, 6] as const) groups[groupNo] = { points: 0, max: 0 };
      let total = 0,
        computedMax = 0;
      for (const id of ORDER) {
        const value = values[id];
        const config = cfg[id];
        groups[config.group].max += config.max;
        if (value.points !== null) {
          groups[config.group].points = round2(groups[config.group].points + value.points);
          total += value.points;
          computedMax += config.max;
        }
      }
      rows.push({
        group: period.label === undefined ? entry.group : { ...entry.group, period: period.label },
        indicators: values,
        groups,
        total: round2(total),
        computedMax,
        estimatedCalendarDays: estimated,
      });
    }
  }
  return rows;
}
