/**
 * The rebuild's end phase in the workers (src/rebuild/exchange.ts): who
 * merges what (`assignMerges`, against a brute-force optimum), the exchange
 * and the merges done in one thread partition by partition (against one fold
 * over the whole log), and `rebuildProjections` with reading workers when it
 * neither saves nor keeps, or keeps without saving, with more workers than
 * projections (against the single-threaded runner).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createProjectionRunner, partitionFold, rebuildable, rebuildProjections, REBUILD_KINDS, type RebuildSpec } from '@motcua/projections';
import { createSqliteEventStore, sqlitePartitionSource } from '@motcua/store-sqlite';
import { assignMerges, MERGE_WEIGHTS, type MergeEmit, mergedFile, mergedTextFile, mergeOwned, spillForeign, takeSpilled } from '../src/rebuild/exchange';
import { historyArb, runHistory } from './support/generate';
import { foldPartitions } from './support/partition-folds';
import { eventsARebuildReads } from './support/read-count';

const dir = mkdtempSync(join(tmpdir(), 'motcua-exchange-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The least possible largest load over every assignment (brute force). */
function optimum(weights: readonly number[], workers: number): number {
  let best = Number.POSITIVE_INFINITY;
  const load = new Array<number>(workers).fill(0);
  const place = (index: number): void => {
    if (index === weights.length) {
      best = Math.min(best, Math.max(...load));
      return;
    }
    for (let worker = 0; worker < workers; worker++) {
      load[worker]! += weights[index]!;
      place(index + 1);
      load[worker]! -= weights[index]!;
    }
  };
  place(0);
  return best;
}

const loads = (weights: readonly number[], owners: readonly number[], workers: number): number[] => {
  const load = new Array<number>(workers).fill(0);
  owners.forEach((owner, index) => (load[owner]! += weights[index]!));
  return load;
};

describe('assignMerges: each projection merged by one worker, the loads balanced', () => {
  it('every projection has one owner among the workers; the largest load is within 4/3 of the optimum and at most the mean + the heaviest (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 0, maxLength: 7 }), fc.integer({ min: 1, max: 4 }), (weights, workers) => {
        const owners = assignMerges(weights, workers);
        expect(owners).toHaveLength(weights.length);
        for (const owner of owners) expect(Number.isInteger(owner) && owner >= 0 && owner < workers).toBe(true);
        const largest = Math.max(0, ...loads(weights, owners, workers));
        const total = weights.reduce((sum, weight) => sum + weight, 0);
        // Graham's bound for the longest-processing-time rule: ≤ (4/3 − 1/(3m)) · optimum.
        expect(largest * 3 * workers).toBeLessThanOrEqual((4 * workers - 1) * optimum(weights, workers));
        expect(largest).toBeLessThanOrEqual(total / workers + Math.max(0, ...weights));
        // No more projections than workers: one each.
        if (weights.length <= workers) expect(new Set(owners).size).toBe(weights.length);
      }),
      { numRuns: 300 },
    );
  });

  it('the five report projections on two workers: an optimal split', () => {
    const weights = REBUILD_KINDS.map((kind) => MERGE_WEIGHTS[kind]);
    const owners = assignMerges(weights, 2);
    expect(Math.max(...loads(weights, owners, 2))).toBe(optimum(weights, 2));
    expect(() => assignMerges(weights, 0)).toThrow(RangeError);
  });
});

type Entry = [string, unknown];
const byKey = (entries: readonly Entry[]): Entry[] => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

/** A snapshot with map entries in key order and timeliness dimensions named instead of numbered (reports read neither). */
function normal(snapshot: unknown): unknown {
  const value = snapshot as Record<string, unknown>;
  if (Array.isArray(value.dims)) {
    const dims = value.dims as unknown[];
    const name = (index: number) => JSON.stringify(dims[index]);
    const PAGES = 1 << 15;
    const cube: Entry[] = [];
    for (const row of value.cube as number[][])
      for (let i = 1; i + 1 < row.length; i += 2) cube.push([`${name(Math.floor(row[0]! / PAGES))}|${row[0]! % PAGES}|${row[i]}`, row[i + 1]]);
    const records = (list: [string, { dim: number }][]) => byKey(list.map(([id, record]) => [id, { ...record, dim: name(record.dim) }]));
    return {
      ...value,
      dims: dims.map((d) => JSON.stringify(d)).sort(),
      cube: byKey(cube),
      open: records(value.open as never),
      tail: records(value.tail as never),
      intake: byKey(value.intake as Entry[]),
    };
  }
  const sortAll = (item: unknown): unknown => {
    if (Array.isArray(item) && item.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string')) return byKey(item as Entry[]);
    if (item && typeof item === 'object' && !Array.isArray(item)) return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, sortAll(v)]));
    return item;
  };
  return sortAll(snapshot);
}

const specs: RebuildSpec[] = REBUILD_KINDS.map((kind) => ({ kind }) as RebuildSpec);

describe('exchange and merge of the partitions (spillForeign, mergeOwned), one thread', () => {
  it('any owners, 1–4 partitions, any piece size, merged snapshots in pieces or as JSON text: each equals one fold over the whole log, each merged once by its owner, no file left (property)', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        fc.integer({ min: 1, max: 4 }).chain((partitions) =>
          fc.tuple(
            fc.constant(partitions),
            fc.array(fc.integer({ min: 0, max: partitions - 1 }), { minLength: specs.length, maxLength: specs.length }),
            fc.constantFrom<MergeEmit>(false, true, 'text'),
            // Entries per spilled piece: small, so the long arrays come in several slices (absorbed one at a time).
            fc.constantFrom(1, 2, 3, 7, 8192),
          ),
        ),
        async (scripts, [partitions, owners, emit, entries]) => {
          const { events } = await runHistory(scripts);
          const whole = partitionFold(specs);
          whole.apply(events);
          const expected = whole.snapshots().map((snapshot) => normal(JSON.parse(JSON.stringify(snapshot))));
          const folds = foldPartitions(events, partitions, specs);
          const folder = mkdtempSync(join(dir, `round-${round++}-`));
          for (const [partition, fold] of folds.entries()) spillForeign(fold, specs, folder, partition, owners, entries);
          const mergedBy: number[][] = specs.map(() => []);
          for (const [partition, fold] of folds.entries()) mergeOwned(fold, specs, folder, partition, partitions, owners, emit, (index) => mergedBy[index]!.push(partition));
          expect(mergedBy).toEqual(owners.map((owner) => [owner]));
          if (emit === 'text') {
            for (const index of specs.keys()) {
              const file = mergedTextFile(folder, index);
              expect(normal(JSON.parse(readFileSync(file, 'utf8'))), specs[index]!.kind).toEqual(expected[index]);
              rmSync(file);
            }
          } else if (emit) {
            for (const index of specs.keys()) expect(normal(takeSpilled(mergedFile(folder, index))), specs[index]!.kind).toEqual(expected[index]);
          }
          expect(readdirSync(folder)).toEqual([]);
          rmSync(folder, { recursive: true });
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe('the owners absorb every counter cell of the other partitions', () => {
  it('a history and its copy under other stream ids, one per partition: every merged cell adds up to one fold over both (property)', async () => {
    let copyRound = 0;
    await fc.assert(
      fc.asyncProperty(historyArb, fc.constantFrom<MergeEmit>(true, 'text'), fc.constantFrom(1, 3, 8192), fc.nat(1), async (scripts, emit, entries, owner) => {
        const { events } = await runHistory(scripts);
        // Each event followed by its copy (same data and instants, stream id + '~copy'), positions renumbered.
        const doubled = events.flatMap((event) => [event, { ...event, streamId: `${event.streamId}~copy` }]).map((event, index) => ({ ...event, position: index + 1 }));
        const whole = partitionFold(specs);
        whole.apply(doubled);
        const expected = whole.snapshots().map((snapshot) => normal(JSON.parse(JSON.stringify(snapshot))));
        const folds = [0, 1].map((partition) => {
          const fold = partitionFold(specs);
          fold.apply(doubled.filter((event) => event.streamId.endsWith('~copy') === (partition === 1)));
          return fold;
        });
        const owners = specs.map(() => owner);
        const folder = mkdtempSync(join(dir, `copy-${copyRound++}-`));
        for (const [partition, fold] of folds.entries()) spillForeign(fold, specs, folder, partition, owners, entries);
        for (const [partition, fold] of folds.entries()) mergeOwned(fold, specs, folder, partition, 2, owners, emit, () => undefined);
        for (const index of specs.keys()) {
          const file = mergedTextFile(folder, index);
          const merged = emit === 'text' ? JSON.parse(readFileSync(file, 'utf8')) : takeSpilled(mergedFile(folder, index));
          expect(normal(merged), specs[index]!.kind).toEqual(expected[index]);
        }
        rmSync(folder, { recursive: true });
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});

describe('rebuildProjections with reading workers, the end phase in the workers', () => {
  it('keep without save, and neither: the snapshots of the single-threaded runner, and the checkpoints untouched; 2 and 7 workers', async () => {
    const file = join(dir, 'log.sqlite');
    const store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL' });
    try {
      await runHistory(fc.sample(historyArb, { numRuns: 3, seed: 9 }).flat(), store as never);
      const head = await store.headPosition();
      const expected = new Map<string, unknown>();
      for (const spec of specs) {
        const { projection } = rebuildable(spec);
        const runner = createProjectionRunner({ store, projection, persist: false });
        await runner.catchUp();
        expected.set(projection.name, normal(JSON.parse(JSON.stringify(projection.toSnapshot(runner.state)))));
        await store.saveProjection(projection.name, { state: null, position: 0, tag: 'stale' });
      }
      // 7 workers and 2 projections: five workers own nothing and end after their exchange.
      for (const [workers, chosen, keep] of [
        [2, specs, true],
        [7, specs.slice(0, 2), true],
        [7, specs.slice(1, 3), false],
        [2, specs, false],
      ] as const) {
        const result = await rebuildProjections({ log: store, projections: chosen, workers, batchSize: 11, source: sqlitePartitionSource(file), save: false, keep });
        expect(result.events).toBe(await eventsARebuildReads(store, chosen));
        expect(result.head).toBe(head);
        expect(result.projections.map((rebuilt) => rebuilt.name)).toEqual(chosen.map((spec) => rebuildable(spec).projection.name));
        for (const rebuilt of result.projections) {
          if (keep) expect(normal(JSON.parse(JSON.stringify(rebuilt.snapshot))), `${rebuilt.name}, ${workers} workers`).toEqual(expected.get(rebuilt.name));
          else expect(rebuilt.snapshot).toBeUndefined();
          expect((await store.loadProjection(rebuilt.name))?.tag).toBe('stale');
        }
      }
    } finally {
      await store.close();
    }
  }, 120_000);
});
