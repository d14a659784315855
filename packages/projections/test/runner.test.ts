/**
 * Projection runtime: incremental = rebuild; any chunking of the log and any
 * restart from a saved checkpoint give the same state; a crash never
 * double-counts or loses an event; live appends are followed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore, type EventStore, type ProjectionSnapshot } from '@motcua/core';
import { createProjectionRunner, foldProjection, type Projection } from '@motcua/projections';
import { historyArb, runHistory } from './support/generate';
import { allProjections, fold, snap } from './support/projections';

const projections = allProjections();

describe('incremental = rebuild', () => {
  it('splitting the log anywhere, with a snapshot round-trip through JSON at each cut, gives the same state', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.array(fc.nat(10_000), { maxLength: 6 }), async (scripts, cuts) => {
        const { events } = await runHistory(scripts);
        for (const p of projections) {
          const whole = snap(p, fold(p, events));
          const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
          let s: unknown = p.init();
          let prev = 0;
          for (const c of [...points, events.length]) {
            s = fold(p, events.slice(prev, c), p.fromSnapshot(JSON.parse(JSON.stringify(p.toSnapshot(s)))));
            prev = c;
          }
          expect(snap(p, s), p.name).toBe(whole);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('foldProjection applies the stream filter', async () => {
    const { events } = await runHistory([
      { procedure: '2.002030', unit: 0, channel: 'direct', intake: 'receive', startMinutes: 0, components: [], usesPopulationData: false, steps: [] },
    ]);
    const p = projections[2]!; // tt01 reads dossier streams only
    expect(p.filter?.streamPrefix).toBe('dossier-');
    const foreign = { ...events[0]!, streamId: 'other-1', position: 99 };
    expect(snap(p, foldProjection(p, [...events, foreign]))).toBe(snap(p, fold(p, events)));
    expect(snap(p, foldProjection(p, [...events, foreign]))).not.toBe(snap(p, p.apply(fold(p, events), foreign)));
  });
});

/** A store wrapper that fails on the n-th save or after reading n batches (a simulated crash). */
function flaky(store: EventStore, failSaveAt: number, failReadAfter: number): EventStore {
  let saves = 0;
  let batches = 0;
  return Object.assign(Object.create(store) as EventStore, {
    async saveProjection(name: string, s: ProjectionSnapshot) {
      if (++saves === failSaveAt) throw new Error('crash during save');
      return store.saveProjection(name, s);
    },
    readBatches(o: Parameters<EventStore['readBatches']>[0]) {
      const inner = store.readBatches(o);
      return (async function* () {
        for await (const b of inner) {
          if (++batches === failReadAfter) throw new Error('crash during read');
          yield b;
        }
      })();
    },
  });
}

describe('runner', () => {
  it('catch-up with any batch size and checkpoint interval equals a fold; rebuild equals too', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom(0, 0.1, 10),
        async (scripts, batchSize, checkpointEvery, checkpointCost) => {
          const { events, store } = await runHistory(scripts);
          for (const p of projections) {
            const r = createProjectionRunner({ store, projection: p, batchSize, checkpointEvery, checkpointCost });
            await r.catchUp();
            expect(r.position).toBe(events.length);
            expect(snap(p, r.state)).toBe(snap(p, fold(p, events)));
            const saved = await store.loadProjection(p.name);
            expect(saved?.position).toBe(events.length);
            expect(JSON.stringify(saved?.state)).toBe(snap(p, r.state));
            await r.rebuild();
            expect(snap(p, r.state)).toBe(snap(p, fold(p, events)));
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('a crash at any point, then a restart from the saved checkpoint, neither loses nor double-counts', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        async (scripts, batchSize, failSaveAt, failReadAfter) => {
          const { events, store } = await runHistory(scripts);
          for (const p of projections) {
            const crashing = createProjectionRunner({ store: flaky(store, failSaveAt, failReadAfter), projection: p, batchSize, checkpointCost: 0 }); // a save after every batch: a crash can hit any of them
            await crashing.catchUp().catch(() => undefined);
            const checkpoint = await store.loadProjection<unknown>(p.name);
            if (checkpoint) {
              // The saved state is exactly the fold of the events up to the saved position.
              expect(JSON.stringify(checkpoint.state)).toBe(snap(p, fold(p, events.slice(0, checkpoint.position))));
            }
            const restarted = createProjectionRunner({ store, projection: p, batchSize: 7 });
            await restarted.catchUp();
            expect(snap(p, restarted.state)).toBe(snap(p, fold(p, events)));
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('a runner whose catch-up failed reloads from the checkpoint before going on', async () => {
    const { events, store } = await runHistory(fc.sample(historyArb, { numRuns: 1, seed: 7 })[0]!);
    const p = projections[0]!;
    const r = createProjectionRunner({ store: flaky(store, 3, 1000), projection: p, batchSize: 2, checkpointCost: 0 });
    await expect(r.catchUp()).rejects.toThrow('crash during save');
    await r.catchUp();
    expect(snap(p, r.state)).toBe(snap(p, fold(p, events)));
  });

  it('follows live appends, reading only up to the head taken before reading', async () => {
    const [first, second] = fc.sample(historyArb, { numRuns: 2, seed: 42 }) as unknown as [Parameters<typeof runHistory>[0], Parameters<typeof runHistory>[0]];
    const store = new InMemoryEventStore();
    await runHistory(first, store);
    const runners = projections.map((p) => createProjectionRunner({ store, projection: p, batchSize: 3 }));
    for (const r of runners) await r.start();
    await runHistory(second, store);
    const head = await store.headPosition();
    for (const r of runners) await r.waitFor(head);
    const all = [...store.allEvents()];
    projections.forEach((p, i) => expect(snap(p, runners[i]!.state)).toBe(snap(p, fold(p, all))));
    for (const r of runners) await r.stop();
  });

  it('a checkpoint with another projection version is ignored: the runner rebuilds', async () => {
    const { events, store } = await runHistory(fc.sample(historyArb, { numRuns: 1, seed: 3 })[0]!);
    const p = projections[0]!;
    await store.saveProjection(p.name, { state: p.toSnapshot(p.init()), position: events.length, tag: 'old-version' });
    const r = createProjectionRunner({ store, projection: p });
    await r.catchUp();
    expect(snap(p, r.state)).toBe(snap(p, fold(p, events)));
  });

  it('persist: false never reads or writes a checkpoint, and catches up in steps like a fold', async () => {
    const [first, second] = fc.sample(historyArb, { numRuns: 2, seed: 7 }) as unknown as [Parameters<typeof runHistory>[0], Parameters<typeof runHistory>[0]];
    const store = new InMemoryEventStore();
    await runHistory(first, store);
    const p = projections[0]!;
    // A stale checkpoint under the same name must be ignored, not loaded.
    await store.saveProjection(p.name, { state: p.toSnapshot(p.init()), position: await store.headPosition(), tag: p.version });
    const writes: string[] = [];
    const watched = Object.assign(Object.create(store) as EventStore, {
      async saveProjection(name: string) {
        writes.push(name);
      },
    });
    const r = createProjectionRunner({ store: watched, projection: p, persist: false, batchSize: 4 });
    await r.catchUp();
    await runHistory(second, store);
    await r.catchUp();
    expect(writes).toEqual([]);
    expect(r.position).toBe(await store.headPosition());
    expect(snap(p, r.state)).toBe(snap(p, fold(p, [...store.allEvents()])));
  });

  it('reading the state before loading it throws', () => {
    const r = createProjectionRunner({ store: new InMemoryEventStore(), projection: projections[0]! as Projection<unknown> });
    expect(() => r.state).toThrow(/catchUp/);
  });
});
