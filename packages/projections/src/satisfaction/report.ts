import type { Catalog } from '@motcua/core';
import { ValidationError } from '@motcua/core';
import { round2 } from '../scoring';
import { checkPeriod, type PeriodQuery } from '../timeliness/accumulate';
import { procedureInfo } from '../timeliness/catalog-info';
import type { SatisfactionState } from './projection';

/** A level of a satisfaction scale. */
export interface SatisfactionLevel {
  /** The level as recorded on rating events. */
  code: string;
  label: { vi: string; en: string };
  /** Counts as satisfied in the satisfaction rate. */
  satisfied: boolean;
  /** Other spellings recorded for the same level. */
  aliases?: readonly string[];
}

/** The common three-level scale (Rất hài lòng / Hài lòng / Không hài lòng) [S THA]. */
export const THREE_LEVEL_SCALE: readonly SatisfactionLevel[] = Object.freeze([
  { code: 'Rất hài lòng', label: { vi: 'Rất hài lòng', en: 'Very satisfied' }, satisfied: true, aliases: ['rat-hai-long', 'very-satisfied'] },
  { code: 'Hài lòng', label: { vi: 'Hài lòng', en: 'Satisfied' }, satisfied: true, aliases: ['hai-long', 'satisfied'] },
  { code: 'Không hài lòng', label: { vi: 'Không hài lòng', en: 'Not satisfied' }, satisfied: false, aliases: ['khong-hai-long', 'not-satisfied'] },
]);

/** `content`: the NĐ 118/2025 Đ33 evaluation content (a–i) of the answer; '' for answers without one. Like `criterion`, it keeps only rating answers. */
export type SatisfactionDimension = 'unit' | 'agency' | 'procedure' | 'official' | 'criterion' | 'content';

export interface SatisfactionQuery extends PeriodQuery {
  catalog: Catalog;
  groupBy?: readonly SatisfactionDimension[];
  /** Level set (default {@link THREE_LEVEL_SCALE}); provinces design their own (TT 01 Đ12.4). */
  scale?: readonly SatisfactionLevel[];
}

/** One row of the satisfaction report: ratings per level, likes, petitions. */
export interface SatisfactionRow {
  group: Partial<Record<SatisfactionDimension, string>>;
  /** Ratings per level code of the scale (criterion answers). */
  ratings: Record<string, number>;
  /** Answers whose level is not in the scale (left out of the rate). */
  unrecognised: number;
  total: number;
  satisfied: number;
  /** satisfied / total (2 decimals of a ratio in [0, 1]); null without ratings. */
  satisfactionRate: number | null;
  likes: number;
  dislikes: number;
  petitions: { received: number; answered: number; answeredOnTime: number; onTimeRate: number | null };
}

/**
 * Satisfaction per group for events in the period (rating day, petition day).
 * @example satisfactionReport(runner.state, { catalog, from: '2024-01-01', to: '2024-12-31', groupBy: ['agency', 'criterion'] })
 */
export function satisfactionReport(state: SatisfactionState, query: SatisfactionQuery): SatisfactionRow[] {
  const { F: firstDay, T: lastDay } = checkPeriod(query);
  const groupBy = [...(query.groupBy ?? [])];
  const allowed: SatisfactionDimension[] = ['unit', 'agency', 'procedure', 'official', 'criterion', 'content'];
  const bad = groupBy.filter((g) => !allowed.includes(g));
  if (bad.length)
    throw new ValidationError(
      'Invalid groupBy',
      bad.map((b) => ({ code: 'invalid_enum_value', path: ['groupBy'], message: `unknown grouping '${b}'` })),
    );
  const scale = query.scale ?? THREE_LEVEL_SCALE;
  const levelOf = new Map<string, { code: string; satisfied: boolean }>();
  for (const level of scale) for (const code of [level.code, ...(level.aliases ?? [])]) levelOf.set(code.normalize('NFC').toLowerCase(), level);
  const info = procedureInfo(query.catalog);
  const rows = new Map<string, SatisfactionRow>();
  const rowOf = (vals: Record<SatisfactionDimension, string>): SatisfactionRow => {
    const group: SatisfactionRow['group'] = {};
    for (const field of groupBy) group[field] = vals[field];
    const key = groupBy.map((g) => vals[g]).join('\u0000');
    let row = rows.get(key);
    if (!row) {
      row = {
        group,
        ratings: Object.fromEntries(scale.map((l) => [l.code, 0])),
        unrecognised: 0,
        total: 0,
        satisfied: 0,
        satisfactionRate: null,
        likes: 0,
        dislikes: 0,
        petitions: { received: 0, answered: 0, answeredOnTime: 0, onTimeRate: null },
      };
      rows.set(key, row);
    }
    return row;
  };
  const answersOnly = groupBy.includes('criterion') || groupBy.includes('content');
  const agencyOf = new Map<string, string>();
  state.counters.forEachInDays(firstDay, lastDay, (cell, count) => {
    const { kind, unit, procedure, version, official, criterion, level, content } = cell;
    const infoKey = `${procedure}\u0000${version}`;
    let agency = agencyOf.get(infoKey);
    if (agency === undefined) agencyOf.set(infoKey, (agency = info(procedure, version).agency));
    const vals = { unit, agency, procedure, official, criterion: criterion ?? '', content: content ?? '' };
    if (kind === 'r') {
      const row = rowOf(vals);
      const scaleLevel = levelOf.get(level!.normalize('NFC').toLowerCase());
      if (!scaleLevel) row.unrecognised += count[0]!;
      else {
        row.ratings[scaleLevel.code]! += count[0]!;
        row.total += count[0]!;
        if (scaleLevel.satisfied) row.satisfied += count[0]!;
      }
    } else if (!answersOnly) {
      const row = rowOf(vals);
      if (kind === 'l') {
        row.likes += count[0]!;
        row.dislikes += count[1]!;
      } else {
        row.petitions.received += count[0]!;
        row.petitions.answered += count[1]!;
        row.petitions.answeredOnTime += count[1]! - count[2]!;
      }
    }
  });
  const out = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  for (const row of out) {
    row.satisfactionRate = row.total === 0 ? null : round2(row.satisfied / row.total);
    row.petitions.onTimeRate = row.petitions.answered === 0 ? null : round2(row.petitions.answeredOnTime / row.petitions.answered);
  }
  return out;
}
