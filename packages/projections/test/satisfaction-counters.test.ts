/**
 * The compact satisfaction counters against the text-keyed `Map` they replaced (kept here as the oracle): the
 * same rows in the same order in snapshots, and byte-identical reports for any period, grouping and scale.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SatisfactionCounters,
  satisfactionProjection,
  satisfactionReport,
  THREE_LEVEL_SCALE,
  type SatisfactionCell,
  type SatisfactionDimension,
  type SatisfactionLevel,
  type SatisfactionRow,
  type SatisfactionState,
} from '@motcua/projections';
import { procedureInfo } from '../src/timeliness/catalog-info';
import { round2 } from '../src/scoring';
import { testCatalog } from './support/generate';

const catalog = testCatalog();

/** One bump of the projection: a cell, a day, which value. */
interface Bump {
  day: number;
  cell: SatisfactionCell;
  index: number;
}

const procedures = catalog.list().map((p) => ({ procedure: p.code, version: p.version }));
const cellArb: fc.Arbitrary<SatisfactionCell> = fc
  .record({
    kind: fc.constantFrom<'r' | 'l' | 'p'>('r', 'l', 'p'),
    unit: fc.constantFrom('U1', 'U2', '000.00.06.H56'),
    proc: fc.constantFrom(...procedures, { procedure: 'X.unknown', version: '9' }),
    official: fc.constantFrom('cv-01', 'cv-02', 'unknown'),
    criterion: fc.constantFrom('thoiGian', 'thaiDo', 'chiPhi', ''),
    level: fc.constantFrom('Rất hài lòng', 'Hài lòng', 'Không hài lòng', 'rat-hai-long', 'HÀI LÒNG', 'không rõ', ''),
    content: fc.option(fc.constantFrom('a', 'b', 'i', ''), { nil: undefined }),
  })
  .map(({ kind, unit, proc, official, criterion, level, content }) => {
    const cell: SatisfactionCell = { kind, unit, procedure: proc.procedure, version: proc.version, official };
    if (kind === 'r') {
      cell.criterion = criterion;
      cell.level = level;
      if (content !== undefined) cell.content = content;
    }
    return cell;
  });
const bumpArb: fc.Arbitrary<Bump> = fc
  .record({ day: fc.integer({ min: 19_700, max: 19_760 }), cell: cellArb, index: fc.nat(2) })
  .map((b) => ({ ...b, index: b.index % { r: 1, l: 2, p: 3 }[b.cell.kind] }));

/** The key the projection used to build for a bump (projection.ts before the compact counters). */
function oracleKey({ day, cell }: Bump): string {
  const base = `${day}|${cell.unit}|${cell.procedure}|${cell.version}|${cell.official}`;
  if (cell.kind !== 'r') return `${cell.kind}|${base}`;
  return cell.content === undefined ? `r|${base}|${cell.criterion}|${cell.level}` : `r|${base}|${cell.criterion}|${cell.level}|${cell.content}`;
}

/** The counters as they were: `Map<key, number[]>`, rows created at zeros. */
function oracleCounters(bumps: readonly Bump[]): Map<string, number[]> {
  const counters = new Map<string, number[]>();
  for (const b of bumps) {
    const key = oracleKey(b);
    let row = counters.get(key);
    if (!row) counters.set(key, (row = new Array<number>({ r: 1, l: 2, p: 3 }[b.cell.kind]).fill(0)));
    row[b.index]! += 1;
  }
  return counters;
}

/** The report's loop as it was (satisfaction/report.ts before the compact counters), over the text-keyed counters. */
function oracleReport(
  counters: Map<string, number[]>,
  query: { from: number; to: number; groupBy: SatisfactionDimension[]; scale: readonly SatisfactionLevel[] },
): SatisfactionRow[] {
  const { groupBy, scale } = query;
  const levelOf = new Map<string, { code: string; satisfied: boolean }>();
  for (const level of scale) for (const code of [level.code, ...(level.aliases ?? [])]) levelOf.set(code.normalize('NFC').toLowerCase(), level);
  const info = procedureInfo(catalog);
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
  for (const [key, count] of counters) {
    const parts = key.split('|');
    const day = Number(parts[1]);
    if (day < query.from || day > query.to) continue;
    const [kind, , unit, procedure, version, official, criterion, level, content] = parts as [string, string, string, string, string, string, string?, string?, string?];
    const vals = { unit, agency: info(procedure, version).agency, procedure, official, criterion: criterion ?? '', content: content ?? '' };
    const answersOnly = groupBy.includes('criterion') || groupBy.includes('content');
    if (kind === 'r') {
      if (!answersOnly || criterion !== undefined) {
        const row = rowOf(vals);
        const scaleLevel = levelOf.get(level!.normalize('NFC').toLowerCase());
        if (!scaleLevel) row.unrecognised += count[0]!;
        else {
          row.ratings[scaleLevel.code]! += count[0]!;
          row.total += count[0]!;
          if (scaleLevel.satisfied) row.satisfied += count[0]!;
        }
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
  }
  const out = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  for (const row of out) {
    row.satisfactionRate = row.total === 0 ? null : round2(row.satisfied / row.total);
    row.petitions.onTimeRate = row.petitions.answered === 0 ? null : round2(row.petitions.answeredOnTime / row.petitions.answered);
  }
  return out;
}

const compact = (bumps: readonly Bump[]): SatisfactionCounters => {
  const counters = new SatisfactionCounters();
  for (const b of bumps) counters.bump(b.day, b.cell, b.index);
  return counters;
};
const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const TWO_LEVELS: readonly SatisfactionLevel[] = [
  { code: 'Hài lòng', label: { vi: 'Hài lòng', en: 'Satisfied' }, satisfied: true, aliases: ['rất hài lòng'] },
  { code: 'Không hài lòng', label: { vi: 'Không hài lòng', en: 'Not satisfied' }, satisfied: false },
];
const dimensionsArb = fc
  .subarray<SatisfactionDimension>(['unit', 'agency', 'procedure', 'official', 'criterion', 'content'])
  .chain((dims) => fc.shuffledSubarray(dims, { minLength: dims.length, maxLength: dims.length }));

describe('compact satisfaction counters equal the text-keyed Map they replaced', () => {
  it('the same rows, values and order as snapshot entries; size = number of rows; a snapshot round-trips', () => {
    fc.assert(
      fc.property(fc.array(bumpArb, { maxLength: 300 }), (bumps) => {
        const counters = compact(bumps);
        const expected = [...oracleCounters(bumps)];
        expect(counters.toEntries()).toEqual(expected);
        expect(counters.size).toBe(expected.length);
        expect(SatisfactionCounters.fromEntries(expected).toEntries()).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('the projection snapshot keeps the text keys: fromSnapshot(toSnapshot(s)) gives the same snapshot', () => {
    const projection = satisfactionProjection();
    fc.assert(
      fc.property(fc.array(bumpArb, { maxLength: 200 }), (bumps) => {
        const state: SatisfactionState = { ...projection.init(), counters: compact(bumps) };
        const snapshot = projection.toSnapshot(state);
        expect(snapshot.counters).toEqual([...oracleCounters(bumps)]);
        expect(projection.toSnapshot(projection.fromSnapshot(JSON.parse(JSON.stringify(snapshot))))).toEqual(snapshot);
      }),
      { numRuns: 100 },
    );
  });

  it('satisfactionReport equals the old report loop for any period, grouping and scale (same JSON text)', () => {
    const projection = satisfactionProjection();
    fc.assert(
      fc.property(
        fc.array(bumpArb, { maxLength: 300 }),
        fc.integer({ min: 19_695, max: 19_765 }),
        fc.integer({ min: 19_695, max: 19_765 }),
        dimensionsArb,
        fc.constantFrom(THREE_LEVEL_SCALE, TWO_LEVELS),
        (bumps, a, b, groupBy, scale) => {
          const from = Math.min(a, b);
          const to = Math.max(a, b);
          const state: SatisfactionState = { ...projection.init(), counters: compact(bumps) };
          const got = satisfactionReport(state, { catalog, from: isoOf(from), to: isoOf(to), groupBy, scale });
          expect(JSON.stringify(got)).toBe(JSON.stringify(oracleReport(oracleCounters(bumps), { from, to, groupBy, scale })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("addEntries of a partition's entries into another's counters = one Map summing both, rows first seen in that order", () => {
    fc.assert(
      fc.property(fc.array(bumpArb, { maxLength: 200 }), fc.array(bumpArb, { maxLength: 200 }), (first, second) => {
        const into = compact(first);
        into.addEntries(JSON.parse(JSON.stringify([...oracleCounters(second)])));
        expect(into.toEntries()).toEqual([...oracleCounters([...first, ...second])]);
      }),
      { numRuns: 100 },
    );
  });

  it('a snapshot key of none of the three forms is skipped, the others kept', () => {
    const counters = SatisfactionCounters.fromEntries([
      ['x|19700|U|P|1|o', [1]],
      ['p|19700|U|P|1', [1, 1, 1]],
      ['l|notaday|U|P|1|o', [1, 0]],
      ['l|19700|U|P|1|o', [2, 3]],
    ]);
    expect(counters.toEntries()).toEqual([['l|19700|U|P|1|o', [2, 3]]]);
  });
});
