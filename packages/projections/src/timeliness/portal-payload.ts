/**
 * The Decision 766 projection's output as the payload of the national-portal
 * evaluation sync (NĐ 118/2025 Đ32: the five groups are law and reach the
 * national portal in real time). Pure; the transport is the portal
 * integration's.
 */
import { fromZodIssues, portalEvaluationPayloadSchema, ValidationError, type Catalog, type EvaluationGroup2025, type PortalEvaluationPayload } from '@motcua/core';
import { round2 } from '../scoring';
import { DEFAULT_766, decision766, type Decision766Row, type Indicator766, type IndicatorConfig } from './decision-766';
import type { TimelinessProjection } from './projection';
import type { TimelinessState } from './state';

/** Decision 766 portal group (1–6) → NĐ 118/2025 Đ32.1 group: online services (3) and online payment (4) are one group. */
export const GROUP_2025_OF_766: Readonly<Record<IndicatorConfig['group'], EvaluationGroup2025>> = Object.freeze({
  1: 'publicity',
  2: 'progress',
  3: 'onlineService',
  4: 'onlineService',
  5: 'digitisation',
  6: 'satisfaction',
});

/** Options of {@link portalEvaluationPayload}. */
export interface PortalPayloadOptions {
  unit: { code: string; name?: string };
  from: string;
  to: string;
  /** When the payload is built (canonical instant); the sync's timestamp. */
  generatedAt: string;
  /** Indicator → group of the row's configuration (default: the projection's `DEFAULT_766`). */
  config?: Partial<Record<Indicator766, IndicatorConfig>>;
}

/**
 * Map one Decision 766 row (one unit, one period) to the national-portal
 * payload of NĐ 118/2025 Đ32: the five groups (publicity 18, progress 20,
 * digitisation 22, online service 22 = online services 12 + payment 10,
 * satisfaction 18) with every indicator's value. Throws `ValidationError`
 * (zod issues) when the options are not a valid unit / period / instant.
 *
 * @example
 * ```ts
 * const [row] = decision766(runner.state, { projection, catalog, from: '2025-07-01', to: '2025-09-30', groupBy: ['unit'] });
 * const payload = portalEvaluationPayload(row!, { unit: { code: row!.group.unit! }, from: '2025-07-01', to: '2025-09-30', generatedAt: '2025-10-01T00:00:00.000+07:00' });
 * payload.groups.progress; // { points, max: 20 }
 * ```
 */
export function portalEvaluationPayload(row: Decision766Row, options: PortalPayloadOptions): PortalEvaluationPayload {
  const groups = {} as Record<EvaluationGroup2025, { points: number; max: number }>;
  for (const group of ['publicity', 'progress', 'digitisation', 'onlineService', 'satisfaction'] as const) groups[group] = { points: 0, max: 0 };
  for (const indicatorNo of [1, 2, 3, 4, 5, 6] as const) {
    const target = groups[GROUP_2025_OF_766[indicatorNo]];
    target.points = round2(target.points + row.groups[indicatorNo].points);
    target.max += row.groups[indicatorNo].max;
  }
  const groupOf = (id: Indicator766): EvaluationGroup2025 => GROUP_2025_OF_766[(options.config?.[id] ?? DEFAULT_766[id]).group];
  const candidate = {
    basis: 'NĐ 118/2025/NĐ-CP Điều 32' as const,
    unit: options.unit.name === undefined ? { code: options.unit.code } : { code: options.unit.code, name: options.unit.name },
    period: { from: options.from, to: options.to },
    groups,
    total: row.total,
    computedMax: row.computedMax,
    indicators: Object.values(row.indicators).map((indicator) => ({
      id: indicator.id,
      group: groupOf(indicator.id),
      ratio: indicator.ratio,
      numerator: indicator.numerator,
      denominator: indicator.denominator,
      points: indicator.points,
      max: indicator.max,
    })),
    estimatedCalendarDays: row.estimatedCalendarDays,
    generatedAt: options.generatedAt,
  };
  const parsed = portalEvaluationPayloadSchema.safeParse(candidate);
  if (!parsed.success) throw new ValidationError('Invalid evaluation payload', fromZodIssues(parsed.error.issues));
  return parsed.data;
}

/** Query of {@link portalEvaluationPayloads}. */
export interface PortalPayloadsQuery {
  projection: TimelinessProjection;
  catalog: Catalog;
  from: string;
  to: string;
  generatedAt: string;
  /** Attribute dossiers to the receiving unit (`'unit'`, default) or the competent unit (`'handlingUnit'`). */
  by?: 'unit' | 'handlingUnit';
  asOf?: string;
  config?: Partial<Record<Indicator766, IndicatorConfig>>;
}

/**
 * One payload per unit with dossiers in the period, from the timeliness
 * projection's state: {@link decision766} grouped by unit, then
 * {@link portalEvaluationPayload}.
 *
 * @example
 * ```ts
 * const payloads = portalEvaluationPayloads(runner.state, { projection, catalog, from: '2025-07-01', to: '2025-07-31', generatedAt: '2025-08-01T00:00:00.000+07:00' });
 * ```
 */
export function portalEvaluationPayloads(state: TimelinessState, query: PortalPayloadsQuery): PortalEvaluationPayload[] {
  const by = query.by ?? 'unit';
  const rows = decision766(state, {
    projection: query.projection,
    catalog: query.catalog,
    from: query.from,
    to: query.to,
    groupBy: [by],
    ...(query.asOf !== undefined ? { asOf: query.asOf } : {}),
    ...(query.config ? { config: query.config } : {}),
  });
  const names = new Map(state.dims.map((d) => [d.unit, d.unitName]));
  return rows.map((row) => {
    const code = row.group[by]!;
    const name = names.get(code);
    return portalEvaluationPayload(row, {
      unit: name === undefined ? { code } : { code, name },
      from: query.from,
      to: query.to,
      generatedAt: query.generatedAt,
      ...(query.config ? { config: query.config } : {}),
    });
  });
}
