/**
 * Checkpoints are cheap (issue #10, item 27): a checkpoint rewrites the whole
 * state, so the runner saves only when the work since the last save is worth
 * it (`checkpointCost`), and `stop()` saves what live follow applied.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { EventStore, ProjectionSnapshot } from '@motcua/core';
import { createProjectionRunner } from '@motcua/projections';
import { historyArb, runHistory } from './support/generate';
import { allProjections, fold, snap } from './support/projections';

/** A store whose saves cost `ms` of CPU (a big state) and are counted. */
function slowSaves(store: EventStore, ms: number): EventStore & { saves: number } {
  const wrapped = Object.assign(Object.create(store) as EventStore & { saves: number }, {
    saves: 0,
    async saveProjection(name: string, s: ProjectionSnapshot) {
      wrapped.saves++;
      const until = performance.now() + ms;
      while (performance.now() < until);
      return store.saveProjection(name, s);
    },
  });
  return wrapped;
}

it('resuming from a checkpoint does not rewrite the state after every batch; the result is the same', async () => {
  const samples = fc.sample(historyArb, { numRuns: 6, seed: 27 });
  const first = samples[0]!;
  const second = samples.slice(1).flat();
  const { store } = await runHistory(first);
  const p = allProjections()[0]!;
  await createProjectionRunner({ store, projection: p }).catchUp(); // the checkpoint
  await runHistory(second, store);
  const all = [...store.allEvents()];
  const checkpoint = (await store.loadProjection(p.name))!.position;
  const types = p.filter?.types ? new Set(p.filter.types) : undefined;
  const batches = all.filter((e) => e.position > checkpoint && (!types || types.has(e.type)) && (!p.filter?.streamPrefix || e.streamId.startsWith(p.filter.streamPrefix))).length; // batchSize 1
  expect(batches).toBeGreaterThan(20);

  const everyBatch = slowSaves(store, 5);
  const old = createProjectionRunner({ store: everyBatch, projection: p, batchSize: 1, checkpointCost: 0, name: 'old-policy' });
  await everyBatch.saveProjection('old-policy', (await store.loadProjection(p.name))!);
  everyBatch.saves = 0;
  await old.catchUp();
  expect(everyBatch.saves).toBe(batches);

  const costed = slowSaves(store, 30);
  const r = createProjectionRunner({ store: costed, projection: p, batchSize: 1 });
  await r.catchUp();
  // each save costs 30 ms: the next one waits for 300 ms of applying (far more than this whole catch-up)
  expect(costed.saves).toBeLessThan(batches / 2);
  expect(snap(p, r.state)).toBe(snap(p, fold(p, all)));
  // what was not saved is replayed after a crash, never double-counted
  const restarted = createProjectionRunner({ store, projection: p });
  await restarted.catchUp();
  expect(snap(p, restarted.state)).toBe(snap(p, fold(p, all)));
  // stop() always saves
  await r.stop();
  expect((await store.loadProjection(p.name))!.position).toBe(all.length);
});
