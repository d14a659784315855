import { ValidationError, type Catalog } from '@motcua/core';
import { vietnamCalendar, type WorkingCalendar } from '@motcua/calendar';
import { estimatedDaysIn } from '../estimated';
import { round1 } from '../scoring';
import { checkPeriod, type PeriodQuery } from '../timeliness/accumulate';
import { procedureInfo } from '../timeliness/catalog-info';
import type { Tt01State } from './projection';

/** Index numbers of TT 01/2018 Đ13. */
export type Tt01Index = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
/** The TT 01/2018 indices scored per official (1, 2, 3, 4 and 7). */
export const OFFICIAL_INDICES = [1, 2, 3, 4, 7] as const;

/** Officials' bands (max 10): ≥5 → 100% of duties; 3.5–<5 → 70–<100%; <3.5 → <70%. */
export type OfficialBand = 'full' | 'partial' | 'low';
/** Agencies' bands (max 18): ≥15 xuất sắc · 12 tốt · 9 khá · 6 trung bình · <6 yếu. */
export type AgencyBand = 'excellent' | 'good' | 'fair' | 'average' | 'weak';

/** One row of the TT 01/2018 scoring (Điều 13), per official or per agency. */
export interface Tt01Row {
  /** Official id (by: 'official') or agency code (by: 'agency'). */
  key: string;
  /** Index scores rounded to 1 decimal; indices without data are left out. */
  indices: Partial<Record<Tt01Index, number>>;
  /** Number of dossiers scored. */
  dossiers: number;
  total: number;
  /** 2 × number of indices with data. */
  max: number;
  /** The value bands are read on, 1 decimal: `total` scaled to the full scale (10 officials, 18 agencies) with `bandScale: 'rescale'` (default), `total` itself with `'raw'`. */
  scaled: number;
  band: OfficialBand | AgencyBand;
  /** Days of the period whose working status the query's calendar only estimates (2027+ with the bundled schedules); 0 = all official. */
  estimatedCalendarDays: number;
}

export interface Tt01Query extends PeriodQuery {
  catalog: Catalog;
  by: 'official' | 'agency';
  /**
   * How bands are read when indices have no data (TT 01 Đ15 sets the bands on
   * the full scale: 10 points for officials, 18 for agencies):
   * - `'rescale'` (default): `scaled = total × full / max` — the indices that
   *   could be computed stand for the missing ones (for agencies, indices 5 and
   *   6 are never in dossier events).
   * - `'raw'`: `scaled = total` — the circular's thresholds on the points
   *   actually computed; missing indices count 0 (an agency without 5 and 6 can
   *   reach at most 14/18, "tốt").
   */
  bandScale?: 'rescale' | 'raw';
  /**
   * Index scores known outside dossier events, per agency code (index 5:
   * one-stop coverage, 6: publicity; 0, 1 or 2 points). They are added to the
   * agency's indices, so with both supplied no rescaling is needed.
   */
  externalIndices?: Readonly<Record<string, Partial<Record<5 | 6, number>>>>;
  /** The projection's deadline calendar, to report estimated days in the period (default `vietnamCalendar()`, the projection's default). */
  calendar?: WorkingCalendar;
}

/** The band of an official's score out of 10 (TT 01/2018): ≥5 full, ≥3.5 partial, else low. */
export function officialBand(score10: number): OfficialBand {
  return score10 >= 5 ? 'full' : score10 >= 3.5 ? 'partial' : 'low';
}

/** The band of an agency's score out of 18 (TT 01/2018): ≥15 excellent, ≥12 good, ≥9 fair, ≥6 average, else weak. */
export function agencyBand(score18: number): AgencyBand {
  return score18 >= 15 ? 'excellent' : score18 >= 12 ? 'good' : score18 >= 9 ? 'fair' : score18 >= 6 ? 'average' : 'weak';
}

/**
 * TT 01/2018 scores per official or agency for dossiers resolved in the period.
 * @example tt01Report(runner.state, { catalog, from: '2024-01-01', to: '2024-03-31', by: 'agency' })
 */
export function tt01Report(state: Tt01State, query: Tt01Query): Tt01Row[] {
  const { F: firstDay, T: lastDay } = checkPeriod(query);
  if (query.bandScale !== undefined && query.bandScale !== 'rescale' && query.bandScale !== 'raw') {
    throw new ValidationError('Invalid TT 01 query', [{ code: 'invalid_enum_value', path: ['bandScale'], message: "expected 'rescale' or 'raw'" }]);
  }
  const info = procedureInfo(query.catalog);
  const estimated = estimatedDaysIn(query.calendar ?? vietnamCalendar(), query.from, query.to);
  // The agency code of a counter's `${procedure}|${version}|${unit}`, looked up once each.
  const agencyCodes = new Map<string, string>();
  const agencyCode = (agency: string): string => {
    let code = agencyCodes.get(agency);
    if (code === undefined) {
      const [proc, ver] = agency.split('|') as [string, string];
      agencyCodes.set(agency, (code = info(proc, ver).agency));
    }
    return code;
  };
  const addInto = (into: Map<string, number[]>, key: string, values: ArrayLike<number>, offset: number, width: number) => {
    let acc = into.get(key);
    if (acc === undefined) into.set(key, (acc = new Array<number>(width).fill(0)));
    for (let i = 0; i < width; i++) acc[i]! += values[offset + i]!;
  };
  const sums = new Map<string, number[]>();
  state.officials.forEachInDays(firstDay, lastDay, (agency, official, values, offset) =>
    addInto(sums, query.by === 'official' ? official : agencyCode(agency), values, offset, state.officials.width),
  );
  const agencyCounters = new Map<string, number[]>();
  if (query.by === 'agency') {
    state.agencies.forEachInDays(firstDay, lastDay, (agency, _official, values, offset) => addInto(agencyCounters, agencyCode(agency), values, offset, state.agencies.width));
  }
  const keys = new Set([...sums.keys(), ...agencyCounters.keys()]);
  const rows: Tt01Row[] = [];
  for (const key of [...keys].sort()) {
    const totals = sums.get(key) ?? new Array<number>(10).fill(0);
    const indices: Partial<Record<Tt01Index, number>> = {};
    const put = (index: Tt01Index, sum: number, count: number) => {
      if (count > 0) indices[index] = round1(sum / count);
    };
    put(1, totals[0]!, totals[1]!);
    put(2, totals[2]!, totals[3]!);
    put(3, totals[4]!, totals[5]!);
    put(4, totals[6]!, totals[7]!);
    put(7, totals[8]!, totals[9]!);
    if (query.by === 'agency') {
      const counts = agencyCounters.get(key) ?? [0, 0, 0, 0, 0];
      const [received, online, onlineLate, answered, late] = counts as [number, number, number, number, number];
      indices[8] = answered === 0 || late === 0 ? 2 : (answered - late) / answered >= 0.9 ? 1 : 0;
      if (received > 0) {
        const procs = query.catalog
          .list()
          .filter((procedure) => procedure.agency.code === key && (procedure.validTo === undefined || procedure.validTo >= query.from) && procedure.validFrom <= query.to);
        const procShare = procs.length === 0 ? 0 : procs.filter((p) => p.onlineLevel !== 'none').length / procs.length;
        const share = online / received;
        indices[9] = procShare >= 0.2 && share >= 0.3 && onlineLate === 0 ? 2 : share >= 0.15 ? 1 : 0;
      }
    }
    if (query.by === 'agency') {
      const ext = query.externalIndices?.[key];
      for (const index of [5, 6] as const) {
        const value = ext?.[index];
        if (value === 0 || value === 1 || value === 2) indices[index] = value;
      }
    }
    const values = Object.values(indices) as number[];
    const total = round1(values.reduce((a, b) => a + b, 0));
    const max = values.length * 2;
    const full = query.by === 'official' ? 10 : 18;
    const scaled = max === 0 ? 0 : (query.bandScale ?? 'rescale') === 'raw' ? total : round1((total * full) / max);
    rows.push({
      key,
      indices,
      dossiers: totals[1]!,
      total,
      max,
      scaled,
      band: query.by === 'official' ? officialBand(scaled) : agencyBand(scaled),
      estimatedCalendarDays: estimated,
    });
  }
  return rows;
}
