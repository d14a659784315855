/**
 * `rebuildProjections` end to end on a real SQLite file, with real worker
 * threads (the source worker entry under tsx): the checkpoints it saves equal
 * what the projection runner builds from the same log, single-threaded, and
 * a runner started afterwards resumes from them without re-reading the log.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_PACKS, MotcuaError, StoreError } from '@motcua/core';
import { createProjectionRunner, formatProgress, progressAt, rebuildable, rebuildProjections, REBUILD_KINDS, type RebuildProgress, type RebuildSpec } from '@motcua/projections';
import { createSqliteEventStore, sqlitePartitionSource } from '@motcua/store-sqlite';
import { historyArb, runHistory } from './support/generate';
import { normal } from './support/normal-snapshot';
import { eventsARebuildReads } from './support/read-count';

const dir = mkdtempSync(join(tmpdir(), 'motcua-rebuild-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rebuildProjections on SQLite with worker threads', () => {
  it('0, 1 and 3 workers, fed by one reader or reading their own partitions, save the checkpoints a single-threaded runner builds (every report projection)', async () => {
    const scripts = fc.sample(historyArb, { numRuns: 3, seed: 42 }).flat();
    const file = join(dir, 'log.sqlite');
    const store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL' });
    try {
      await runHistory(scripts, store as never);
      const head = await store.headPosition();
      expect(head).toBeGreaterThan(0);
      // Every configuration reads the events of the types some report applies, and only those.
      const read = await eventsARebuildReads(
        store,
        REBUILD_KINDS.map((kind) => ({ kind }) as RebuildSpec),
      );
      // The oracle: each projection through the runner (persist: false), one thread.
      const expected = new Map<string, unknown>();
      for (const kind of REBUILD_KINDS) {
        const { projection } = rebuildable({ kind });
        const runner = createProjectionRunner({ store, projection, persist: false });
        await runner.catchUp();
        expected.set(projection.name, JSON.parse(JSON.stringify(projection.toSnapshot(runner.state))));
      }
      // One reader dealing to 0, 1, 3 workers; then each worker reading its own partition of the file (lean decode).
      // `keep: false` (merged, saved and let go one projection at a time) must save the same checkpoints.
      for (const [workers, source, keep] of [
        [0],
        [1],
        [3],
        [0, sqlitePartitionSource(file)],
        [1, sqlitePartitionSource(file)],
        [3, sqlitePartitionSource(file)],
        [3, sqlitePartitionSource(file), false],
        [1, undefined, false],
        [0, sqlitePartitionSource(file), false],
      ] as const) {
        const seen: RebuildProgress[] = [];
        // Stale checkpoints first: each configuration must save its own.
        for (const kind of REBUILD_KINDS) await store.saveProjection(rebuildable({ kind }).projection.name, { state: null, position: 0, tag: 'stale' });
        const result = await rebuildProjections({
          log: store,
          workers,
          batchSize: 7,
          ...(source ? { source } : {}),
          ...(keep === false ? { keep } : {}),
          onProgress: (progress) => seen.push(progress),
        });
        if (keep === false) {
          for (const rebuilt of result.projections) {
            expect(rebuilt.snapshot).toBeUndefined();
            expect(() => rebuilt.state).toThrow(MotcuaError);
          }
        }
        expect(result.events).toBe(read);
        expect(result.head).toBe(head);
        expect(result.skipped).toBe(0);
        expect(seen.at(-1)!.phase).toBe('done');
        expect(seen.at(-1)!.fraction).toBe(1);
        for (const rebuilt of result.projections) {
          const saved = await store.loadProjection(rebuilt.name);
          expect(saved?.position, `${rebuilt.name} with ${workers} workers${source ? ', partitioned read' : ''}`).toBe(head);
          expect(saved?.tag).toBe(rebuilt.version);
          // Reports do not read map order or dimension numbers; compare through the reports' own normal form: the runner's snapshot of the same state after a reload.
          const { projection } = rebuildable({ kind: REBUILD_KINDS.find((k) => rebuildable({ kind: k }).projection.name === rebuilt.name)! });
          const runner = createProjectionRunner({ store, projection });
          await runner.catchUp(); // resumes from the saved checkpoint: nothing left to read
          expect(runner.position).toBe(head);
          expect(normal(projection.toSnapshot(runner.state))).toEqual(normal(expected.get(rebuilt.name)));
        }
      }
    } finally {
      await store.close();
    }
  }, 120_000);

  it('rule packs in the specs reach the workers: a province pack (pinned by a former id) rebuilds the checkpoints of projections built with it, not the defaults', async () => {
    const { events } = await runHistory(fc.sample(historyArb, { numRuns: 4, seed: 11 }).flat());
    const file = join(dir, 'packs.sqlite');
    const store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL' });
    try {
      // The same history as if the engine's catalog had a province pack: every pinned id is its former id.
      const streams = new Map<string, typeof events>();
      for (const e of events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
      for (const [streamId, stream] of streams) {
        await store.append(
          streamId,
          stream.map((e) => {
            const { hash: _, ...metadata } = e.metadata as typeof e.metadata & { hash?: string };
            const data = e.data as { rulePack?: string };
            return { type: e.type, data: data && typeof data === 'object' && 'rulePack' in data ? { ...data, rulePack: 'tinh-x-cu' } : data, metadata };
          }) as never,
        );
      }
      const pack = {
        ...DEFAULT_RULE_PACKS[0]!,
        id: 'tinh-x',
        formerIds: ['tinh-x-cu'],
        kpiCountIntakeSupplements: true,
        receptionLimit: { unit: 'workingHours', value: 1 } as const,
      };
      const specs: RebuildSpec[] = [
        { kind: 'timeliness', options: { rulePacks: [pack] } },
        { kind: 'reception', options: { rulePacks: [pack] } },
      ];
      for (const [workers, source] of [[2], [2, sqlitePartitionSource(file)]] as const) {
        const result = await rebuildProjections({ log: store, workers, projections: specs, ...(source ? { source } : {}) });
        for (const spec of specs) {
          const { projection } = rebuildable(spec);
          const withPack = createProjectionRunner({ store, projection, persist: false });
          await withPack.catchUp();
          const defaults = createProjectionRunner({ store, projection: rebuildable({ kind: spec.kind }).projection, persist: false });
          await defaults.catchUp();
          const rebuilt = result.projections.find((p) => p.name === projection.name)!;
          expect(rebuilt.version).toBe(projection.version);
          expect(normal(rebuilt.snapshot)).toEqual(normal(projection.toSnapshot(withPack.state)));
          // The history tells the two apart (seeded), so the workers did not count with the defaults.
          expect(normal(rebuilt.snapshot)).not.toEqual(normal(projection.toSnapshot(defaults.state)));
        }
      }
    } finally {
      await store.close();
    }
  }, 120_000);

  it('a save that fails while the other owner may still merge fails the rebuild with that error; every checkpoint saved is whole, the temporary folder is gone (3 seeds)', async () => {
    const tmp = process.env.TMPDIR;
    for (const seed of [21, 22, 23]) {
      const file = join(dir, `failing-save-${seed}.sqlite`);
      const store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL' });
      // A private temporary directory: the rebuild's folder must not outlive the failure.
      const own = mkdtempSync(join(dir, 'tmp-'));
      process.env.TMPDIR = own;
      try {
        await runHistory(fc.sample(historyArb, { numRuns: 2, seed }).flat(), store as never);
        const head = await store.headPosition();
        // The store refuses the checkpoint of one projection (the seed picks which): a real save path, a failing disk.
        const failing = rebuildable({ kind: REBUILD_KINDS[seed % REBUILD_KINDS.length]! }).projection.name;
        const save = store.saveProjectionText!.bind(store);
        const log = Object.assign(Object.create(store) as typeof store, {
          saveProjectionText: async (name: string, snapshot: { state: string; position: number; tag?: string }) => {
            if (name === failing) throw new StoreError('STORE_CONNECTION', `disk full while saving ${name}`);
            return save(name, snapshot);
          },
        });
        const error = await rebuildProjections({ log, workers: 2, keep: false, source: sqlitePartitionSource(file) }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MotcuaError);
        expect((error as Error).message).toContain(`disk full while saving ${failing}`);
        expect(readdirSync(own).filter((name) => name.startsWith('motcua-'))).toEqual([]); // (tsx, which runs the workers here, keeps its cache there too)
        expect(await store.loadProjection(failing)).toBeUndefined();
        for (const kind of REBUILD_KINDS) {
          const { projection } = rebuildable({ kind });
          const saved = await store.loadProjection(projection.name);
          if (!saved) continue;
          // Saved before the failure: a whole checkpoint at the head, what the runner builds.
          expect(saved.position).toBe(head);
          const runner = createProjectionRunner({ store, projection, persist: false });
          await runner.catchUp();
          expect(normal(saved.state)).toEqual(normal(projection.toSnapshot(runner.state)));
        }
      } finally {
        if (tmp === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = tmp;
        await store.close();
      }
    }
  }, 120_000);

  it('rejects bad options with a typed error before reading anything', async () => {
    const store = await createSqliteEventStore({ filename: join(dir, 'empty.sqlite'), synchronous: 'NORMAL' });
    try {
      for (const bad of [
        { workers: -1 },
        { workers: 1.5 },
        { batchSize: 0 },
        { projections: [] as RebuildSpec[] },
        { projections: [{ kind: 'tt01' }, { kind: 'tt01' }] as RebuildSpec[] },
      ]) {
        const error = await rebuildProjections({ log: store, ...bad }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(MotcuaError);
        expect((error as MotcuaError).code).toBe('VALIDATION_FAILED');
      }
      expect(await store.loadProjection('tt01')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('a reading worker that fails (a source without its reader) fails the rebuild, nothing saved', async () => {
    const file = join(dir, 'failing.sqlite');
    const store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL' });
    try {
      await runHistory(fc.sample(historyArb, { numRuns: 1, seed: 7 }).flat(), store as never);
      const source = { ...sqlitePartitionSource(file), export: 'noSuchReader' };
      const error = await rebuildProjections({ log: store, workers: 2, source }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MotcuaError);
      expect((error as MotcuaError).code).toBe('INTERNAL');
      expect((error as Error).message).toMatch(/noSuchReader/);
      expect(await store.loadProjection('tt01')).toBeUndefined();
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a reading worker past its heap cap fails the rebuild with REBUILD_OUT_OF_MEMORY (what to change in the message), nothing saved', async () => {
    const file = join(dir, 'small-heap.sqlite');
    const store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL' });
    try {
      await runHistory(fc.sample(historyArb, { numRuns: 1, seed: 8 }).flat(), store as never);
      // 2 MB of old generation cannot even hold the worker's modules: a real V8 out-of-memory, not a simulated one.
      const error = await rebuildProjections({ log: store, workers: 1, source: sqlitePartitionSource(file), workerHeapMb: 2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MotcuaError);
      expect((error as MotcuaError).code).toBe('REBUILD_OUT_OF_MEMORY');
      expect((error as Error).message).toMatch(/2 MB heap cap.*--worker-heap/);
      expect(await store.loadProjection('tt01')).toBeUndefined();
    } finally {
      await store.close();
    }
  }, 60_000);

  it('progress: fraction by position, events per second and ETA from elapsed time', () => {
    const half = progressAt({ position: 500, head: 1000, events: 400, elapsedMs: 2000, phase: 'read' });
    expect(half.fraction).toBe(0.5);
    expect(half.eventsPerSecond).toBe(200);
    expect(half.etaSeconds).toBe(2);
    expect(formatProgress(half)).toBe('[##########----------]  50.0%  200 ev/s  ETA 2s  read');
    expect(progressAt({ position: 0, head: 0, events: 0, elapsedMs: 0, phase: 'done' }).fraction).toBe(1);
  });
});
