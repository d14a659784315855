/**
 * Merge functions of the report projections' snapshots (06a/766 timeliness,
 * TT 01/2018, satisfaction, reception, late agencies): the snapshots of folds
 * over disjoint sets of streams → the snapshot of one fold over all of them
 * (up to the order of map entries, which no report reads). Proven by the
 * property in `test/rebuild-merge.test.ts`.
 */
import type { LateAgencySnapshot } from '../late-agencies';
import type { ReceptionSnapshot } from '../reception/projection';
import type { SatisfactionSnapshot } from '../satisfaction/projection';
import { PAGE_DAYS, PAGES_PER_DIMENSION, SLOTS } from '../timeliness/layout';
import type { TimelinessSnapshot } from '../timeliness/projection';
import { dimKey, type DimInfo, type TimelinessEnded, type TimelinessRec } from '../timeliness/state';
import type { Tt01Snapshot } from '../tt01/projection';
import { joinEntries, mergeCounterEntries, mergeTracked } from './merge-parts';

const dimIdentity = (dim: DimInfo): string => `${dim.unit}\u0000${dimKey(dim.procedure, dim.version, dim.handlingUnit, dim.rulePack)}\u0000${dim.channel}`;

/**
 * Merge timeliness snapshots: dimensions renumbered into one list (by unit,
 * procedure version, handling unit, rule pack and channel), cube pages re-keyed
 * and added, records joined with their renumbered dimension (`reuse`: the
 * parts' records are renumbered in place, not copied; the parts are spent).
 * @example
 * ```ts
 * const timeliness = timelinessProjection();
 * const part = timeliness.toSnapshot(timeliness.init());
 * const state = timeliness.fromSnapshot(mergeTimeliness([part, part]));
 * ```
 */
export function mergeTimeliness(parts: readonly TimelinessSnapshot[], options: { reuse?: boolean } = {}): TimelinessSnapshot {
  const dims: DimInfo[] = [];
  const indexOf = new Map<string, number>();
  const remap = parts.map((part) =>
    part.dims.map((dim) => {
      const key = dimIdentity(dim);
      let index = indexOf.get(key);
      if (index === undefined) {
        index = dims.length;
        indexOf.set(key, index);
        dims.push({ ...dim });
      }
      return index;
    }),
  );
  // Rows re-keyed and kept sparse: a page of one part only is taken as it is (re-keyed), and only a page several
  // parts share is summed, over its non-zero cells. (Session 8 summed every row into dense pages of a CompactCube
  // and scanned all their slots back out: 3.8 s of CPU for a province's history; plain dense pages would be ≈ 0.5 GB.)
  const byKey = new Map<number, number[]>();
  const scratch = new Float64Array(PAGE_DAYS * SLOTS);
  const seen = new Uint8Array(PAGE_DAYS * SLOTS);
  parts.forEach((part, p) => {
    for (const row of part.cube) {
      const key = row[0]!;
      const dim = Math.floor(key / PAGES_PER_DIMENSION);
      const newKey = remap[p]![dim]! * PAGES_PER_DIMENSION + (key % PAGES_PER_DIMENSION);
      const existing = byKey.get(newKey);
      if (existing === undefined) {
        const taken = options.reuse ? row : row.slice();
        taken[0] = newKey;
        byKey.set(newKey, taken);
      } else byKey.set(newKey, addSparseRows(existing, row, scratch, seen));
    }
  });
  const cube = [...byKey.values()].filter((row) => row.length > 1);
  const tracker = mergeTracked<TimelinessRec, TimelinessEnded>(
    parts.map((part) => ({ open: part.open, tail: part.tail, maxDay: part.maxDay, unattributed: part.unattributed })),
    options.reuse
      ? <T extends TimelinessRec | TimelinessEnded>(record: T, p: number): T => {
          record.dim = remap[p]![record.dim]!;
          return record;
        }
      : <T extends TimelinessRec | TimelinessEnded>(record: T, p: number): T => ({ ...record, dim: remap[p]![record.dim]! }),
    options.reuse,
  );
  const layouts = new Set(parts.map((part) => part.layout));
  if (layouts.size > 1) throw new RangeError(`timeliness snapshots of different cube layouts: ${[...layouts].join(', ')}`);
  return {
    v: 2,
    ...(parts[0]?.layout !== undefined ? { layout: parts[0].layout } : {}),
    dims,
    cube,
    ...tracker,
    intake: joinEntries(
      parts.map((part) => part.intake ?? []),
      (entry) => entry[1],
    ),
  };
}

/**
 * The sum of two sparse cube rows of one page (`[key, index, value, …]`, the key of `a`): the cells of both, added,
 * zeros left out, by ascending index. `scratch` and `seen` (a page's cells, all zero / unset) are left as found.
 */
function addSparseRows(a: readonly number[], b: readonly number[], scratch: Float64Array, seen: Uint8Array): number[] {
  const touched: number[] = [];
  for (const row of [a, b])
    for (let i = 1; i + 1 < row.length; i += 2) {
      const cell = row[i]!;
      if (seen[cell] === 0) {
        seen[cell] = 1;
        touched.push(cell);
      }
      scratch[cell]! += row[i + 1]!;
    }
  touched.sort((x, y) => x - y);
  const sum = [a[0]!];
  for (const cell of touched) {
    if (scratch[cell] !== 0) sum.push(cell, scratch[cell]!);
    scratch[cell] = 0;
    seen[cell] = 0;
  }
  return sum;
}

/**
 * Merge TT 01/2018 snapshots: records joined, index sums and agency counters added.
 * @example const tt01 = tt01Projection(); const merged = mergeTt01([tt01.toSnapshot(tt01.init()), tt01.toSnapshot(tt01.init())]);
 */
export function mergeTt01(parts: readonly Tt01Snapshot[], options: { reuse?: boolean } = {}): Tt01Snapshot {
  return {
    t: mergeTracked(parts.map((part) => part.t)),
    officials: mergeCounterEntries(
      parts.map((part) => part.officials),
      options.reuse,
    ),
    agencies: mergeCounterEntries(
      parts.map((part) => part.agencies),
      options.reuse,
    ),
  };
}

/**
 * Merge satisfaction snapshots: records joined, rating/like/petition counters added.
 * @example const sat = satisfactionProjection(); const merged = mergeSatisfaction([sat.toSnapshot(sat.init()), sat.toSnapshot(sat.init())]);
 */
export function mergeSatisfaction(parts: readonly SatisfactionSnapshot[], options: { reuse?: boolean } = {}): SatisfactionSnapshot {
  return {
    t: mergeTracked(parts.map((part) => part.t)),
    counters: mergeCounterEntries(
      parts.map((part) => part.counters),
      options.reuse,
    ),
  };
}

/**
 * Merge reception snapshots: running clocks and waiting dossiers joined (waiting
 * ordered by day, as evicted), counters and skipped events added, unit names united.
 * @example const reception = receptionProjection(); const merged = mergeReception([reception.toSnapshot(reception.init()), reception.toSnapshot(reception.init())]);
 */
export function mergeReception(parts: readonly ReceptionSnapshot[], options: { reuse?: boolean } = {}): ReceptionSnapshot {
  const units = new Map<string, string>();
  for (const part of parts) for (const [code, name] of part.units) units.set(code, name);
  return {
    open: joinEntries(parts.map((part) => part.open)),
    waiting: joinEntries(
      parts.map((part) => part.waiting),
      (waiter) => waiter.day,
    ),
    counters: mergeCounterEntries(
      parts.map((part) => part.counters),
      options.reuse,
    ),
    units: [...units],
    skipped: parts.reduce((sum, part) => sum + part.skipped, 0),
    packs: sumByKey(parts.map((part) => part.packs ?? [])),
  };
}

/** Entries `[key, count]` of several parts summed by key, sorted by key (as the reception snapshot keeps them). */
function sumByKey(parts: readonly (readonly [string, number][])[]): [string, number][] {
  const sums = new Map<string, number>();
  for (const part of parts) for (const [key, count] of part) sums.set(key, (sums.get(key) ?? 0) + count);
  return [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Merge late-agency snapshots: the dossiers in processing of each partition joined.
 * @example const late = lateAgencyProjection(); const merged = mergeLateAgencies([late.toSnapshot(late.init()), late.toSnapshot(late.init())]);
 */
export function mergeLateAgencies(parts: readonly LateAgencySnapshot[]): LateAgencySnapshot {
  return { dossiers: joinEntries(parts.map((part) => part.dossiers)) };
}
