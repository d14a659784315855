/**
 * One runner for several projections (`combineProjections`), its turns
 * (`exclusive`, `onLiveCatchUp`) and checkpoint upgrades (`upgrade`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore, MotcuaError, type StoredEvent } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { combineProjections, createProjectionRunner, report06a, timelinessProjection, type Projection } from '@motcua/projections';
import { historyArb, runHistory, testCatalog } from './support/generate';
import { allProjections, fold, snap } from './support/projections';

const samples = (seed: number) => fc.sample(historyArb, { numRuns: 2, seed }) as unknown as [Parameters<typeof runHistory>[0], Parameters<typeof runHistory>[0]];

/** Counts events of a type, for tests that need a tiny projection. */
const counter = (name: string, type: string, version = '1'): Projection<{ n: number }, { n: number }> => ({
  name,
  version,
  filter: { types: [type] },
  init: () => ({ n: 0 }),
  apply: (s) => ((s.n += 1), s),
  toSnapshot: (s) => ({ ...s }),
  fromSnapshot: (j) => ({ ...j }),
});

describe('combineProjections', () => {
  it('every part ends where its own fold ends, caught up in chunks, restarted from the combined checkpoint, and live', async () => {
    const [first, second] = samples(11);
    const store = new InMemoryEventStore();
    await runHistory(first, store);
    const all = allProjections();
    const pick = (name: string) => all.find((p) => p.name === name)!;
    // (the timeliness projections are left to runner.test.ts: they are the ones under rework)
    const parts = { tt01: pick('tt01'), satisfaction: pick('satisfaction'), controlSlip: pick('control-slip'), reception: pick('reception') };
    const both = combineProjections('combined', parts);
    const runner = createProjectionRunner({ store, projection: both, batchSize: 7, checkpointCost: 0 });
    await runner.start();
    await runHistory(second, store);
    const head = await store.waitUntilReadable();
    await runner.waitFor(head);
    const events = [...store.allEvents()];
    for (const [key, p] of Object.entries(parts)) expect(snap(p, (runner.state as Record<string, unknown>)[key]), key).toBe(snap(p, fold(p, events)));
    await runner.stop();
    // A second runner resumes from the one checkpoint holding every part.
    const again = createProjectionRunner({ store, projection: combineProjections('combined', parts) });
    expect(await again.catchUp()).toBe(head);
    expect(snap(both, again.state)).toBe(snap(both, runner.state));
    expect((await store.loadProjection('combined'))?.tag).toBe(both.version);
  });

  it("reads the union of the parts' filters, and each part sees only its own events", async () => {
    const [first] = samples(12);
    const store = new InMemoryEventStore();
    await runHistory(first, store);
    const both = combineProjections('two', { accepted: counter('a', 'DossierAccepted'), received: counter('r', 'DossierReceived') });
    expect([...(both.filter?.types ?? [])].sort()).toEqual(['DossierAccepted', 'DossierReceived']);
    const runner = createProjectionRunner({ store, projection: both, persist: false });
    await runner.catchUp();
    const count = (type: string) => [...store.allEvents()].filter((e) => e.type === type).length;
    expect(runner.state.accepted.n).toBe(count('DossierAccepted'));
    expect(runner.state.received.n).toBe(count('DossierReceived'));
    // a part without a filter: no filter for the whole
    const all = combineProjections('all', {
      accepted: counter('a', 'DossierAccepted'),
      any: { ...counter('x', 'x'), filter: undefined } as Projection<{ n: number }, { n: number }>,
    });
    expect(all.filter).toBeUndefined();
    // changing one part's version changes the combined version (a rebuild)
    expect(combineProjections('two', { accepted: counter('a', 'DossierAccepted', '2'), received: counter('r', 'DossierReceived') }).version).not.toBe(both.version);
  });

  it('a part that throws does not rob the others: the event is reported once, as INVALID_HISTORY, the other parts applied it', async () => {
    const [first] = samples(13);
    const store = new InMemoryEventStore();
    await runHistory(first, store);
    const accepted = [...store.allEvents()].filter((e) => e.type === 'DossierAccepted');
    const bad = accepted[0]!.position;
    const failing: Projection<{ n: number }, { n: number }> = {
      ...counter('f', 'DossierAccepted'),
      apply(s, e: StoredEvent) {
        if (e.position === bad) throw new TypeError('boom');
        s.n += 1;
        return s;
      },
    };
    const runner = createProjectionRunner({ store, projection: combineProjections('poisoned', { ok: counter('a', 'DossierAccepted'), failing }), persist: false });
    await runner.catchUp();
    expect(runner.state.ok.n).toBe(accepted.length);
    expect(runner.state.failing.n).toBe(accepted.length - 1);
    expect(runner.skipped.map((s) => s.position)).toEqual([bad]);
    expect(runner.skipped[0]!.error).toBeInstanceOf(MotcuaError);
    expect(runner.skipped[0]!.error.code).toBe('INVALID_HISTORY');
    expect(runner.skipped[0]!.error.message).toContain('part failing: boom');
  });
});

describe('turns and upgrades', () => {
  it('exclusive runs with the state loaded, between catch-ups; onLiveCatchUp runs after each live catch-up; a saved change survives a restart', async () => {
    const [first, second] = samples(14);
    const store = new InMemoryEventStore();
    await runHistory(first, store);
    const seen: number[] = [];
    const runner = createProjectionRunner({ store, projection: counter('c', 'DossierAccepted'), onLiveCatchUp: (turn) => void seen.push(turn.position) });
    expect(await runner.exclusive((turn) => turn.position)).toBe(0); // loads, reads nothing
    await runner.start();
    await runHistory(second, store);
    const head = await store.waitUntilReadable();
    await runner.waitFor(head);
    await runner.exclusive(async (turn) => {
      expect(await turn.catchUp()).toBe(head);
      expect(seen.at(-1)).toBe(head); // the live catch-up to the head already ran its hook
      turn.state.n += 1000; // a change of the follower's own
      await turn.save();
    });
    await runner.stop();
    const n = runner.state.n;
    const again = createProjectionRunner({ store, projection: counter('c', 'DossierAccepted') });
    await again.catchUp();
    expect(again.state.n).toBe(n);
  });

  it('a checkpoint under another tag is rebuilt, unless upgrade reads it (then it is saved again under the new tag)', async () => {
    const [first] = samples(15);
    const store = new InMemoryEventStore();
    await runHistory(first, store);
    const head = await store.headPosition();
    await store.saveProjection('c', { state: { n: 1_000_000 }, position: head });
    const rebuilt = createProjectionRunner({ store, projection: counter('c', 'DossierAccepted', '2') });
    await rebuilt.catchUp();
    const real = [...store.allEvents()].filter((e) => e.type === 'DossierAccepted').length;
    expect(rebuilt.state.n).toBe(real);
    await store.saveProjection('u', { state: { n: 5 }, position: head, tag: 'old' });
    const upgraded = createProjectionRunner({
      store,
      projection: { ...counter('u', 'DossierAccepted', '2'), upgrade: (saved) => (saved.tag === 'old' ? (saved.state as { n: number }) : undefined) },
    });
    await upgraded.catchUp();
    expect(upgraded.state.n).toBe(5);
    expect((await store.loadProjection('u'))?.tag).toBe('2');
  });

  it('reading the state before it is loaded is a MotcuaError', () => {
    const runner = createProjectionRunner({ store: new InMemoryEventStore(), projection: counter('c', 'x') });
    expect(() => runner.state).toThrow(MotcuaError);
  });
});

describe('the documented example', () => {
  it("createProjectionRunner's @example runs as written (docs/storage.md shows the same)", async () => {
    const [first] = samples(16);
    const store = new InMemoryEventStore();
    await runHistory(first, store);
    const calendar = vietnamCalendar();
    const catalog = testCatalog();
    // --- the example ---
    const timeliness = timelinessProjection({ calendar });
    const runner = createProjectionRunner({ store, projection: timeliness });
    await runner.start();
    await runner.waitFor(await store.waitUntilReadable());
    const rows = report06a(runner.state, { projection: timeliness, catalog, from: '2024-01-01', to: '2024-03-31', groupBy: ['unit'] });
    await runner.stop();
    // ---
    expect(Array.isArray(rows)).toBe(true);
    expect(runner.position).toBe(await store.headPosition());
  });
});
