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
export function satisfactionReport(state: SatisfactionState, q: SatisfactionQuery): SatisfactionRow[] {
  const { F, T } = checkPeriod(q);
  const groupBy = [...(q.groupBy ?? [])];
  const allowed: SatisfactionDimension[] = ['unit', 'agency', 'procedure', 'official', 'criterion', 'content'];
  const bad = groupBy.filter((g) => !allowed.includes(g));
  if (bad.length)
    throw new ValidationError(
      'Invalid groupBy',
      bad.map((b) => ({ code: 'invalid_enum_value', path: ['groupBy'], message: `unknown grouping '${b}'` })),
    );
  const scale = q.scale ?? THREE_LEVEL_SCALE;
  const levelOf = new Map<string, { code: string; satisfied: boolean }>();
  for (const l of scale) for (const c of [l.code, ...(l.aliases ?? [])]) levelOf.set(c.normalize('NFC').toLowerCase(), l);
  const info = procedureInfo(q.catalog);
  const rows = new Map<string, SatisfactionRow>();
  const rowOf = (vals: Record<SatisfactionDimension, string>): SatisfactionRow => {
    const group: SatisfactionRow['group'] = {};
    for (const g of groupBy) group[g] = vals[g];
    const key = groupBy.map((g) => vals[g]).join('\u0000');
    let r = rows.get(key);
    if (!r) {
      r = {
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
      rows.set(key, r);
    }
    return r;
  };
  for (const [key, c] of state.counters) {
    const parts = key.split('|');
    const day = Number(parts[1]);
    if (day < F || day > T) continue;
    const [kind, , unit, procedure, version, official, criterion, level, content] = parts as [string, string, string, string, string, string, string?, string?, string?];
    const vals = { unit, agency: info(procedure, version).agency, procedure, official, criterion: criterion ?? '', content: content ?? '' };
    const answersOnly = groupBy.includes('criterion') || groupBy.includes('content');
    if (kind === 'r') {
      if (!answersOnly || criterion !== undefined) {
        const r = rowOf(vals);
        const l = levelOf.get(level!.normalize('NFC').toLowerCase());
        if (!l) r.unrecognised += c[0]!;
        else {
          r.ratings[l.code]! += c[0]!;
          r.total += c[0]!;
          if (l.satisfied) r.satisfied += c[0]!;
        }
      }
    } else if (!answersOnly) {
      const r = rowOf(vals);
      if (kind === 'l') {
        r.likes += c[0]!;
        r.dislikes += c[1]!;
      } else {
        r.petitions.received += c[0]!;
        r.petitions.answered += c[1]!;
        r.petitions.answeredOnTime += c[1]! - c[2]!;
      }
    }
  }
  const out = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  for (const r of out) {
    r.satisfactionRate = r.total === 0 ? null : round2(r.satisfied / r.total);
    r.petitions.onTimeRate = r.petitions.answered === 0 ? null : round2(r.petitions.answeredOnTime / r.petitions.answered);
  }
  return out;
}
