/**
 * A projection is never poisoned by one event (issue #10, from item 20): an
 * event its `apply` cannot handle is skipped and reported (default), or the
 * runner halts at the event before with a clear INVALID_HISTORY error. Either
 * way the other events count and the state stays what a fold would give.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore, MotcuaError, type StoredEvent } from '@motcua/core';
import { createProjectionRunner, type Projection } from '@motcua/projections';
import { historyArb, runHistory } from './support/generate';
import { allProjections, fold, snap } from './support/projections';

/** The projection, except that it throws (before touching the state) on the given positions. */
function poisoned(p: Projection<unknown>, bad: Set<number>): Projection<unknown> {
  return {
    ...p,
    apply(s, e) {
      if (bad.has(e.position)) throw new TypeError(`cannot read properties of undefined (event ${e.position})`);
      return p.apply(s, e);
    },
  };
}

/** The events the runner hands the projection: its filter's stream prefix and types. */
const relevant = (p: Projection<unknown>, events: readonly StoredEvent[]) =>
  events.filter((e) => (!p.filter?.streamPrefix || e.streamId.startsWith(p.filter.streamPrefix)) && (!p.filter?.types || p.filter.types.includes(e.type)));

describe('an event the projection cannot apply', () => {
  it('is skipped and reported by default; the others still count, live too', async () => {
    const [first, second] = fc.sample(historyArb, { numRuns: 2, seed: 2020 }) as unknown as [Parameters<typeof runHistory>[0], Parameters<typeof runHistory>[0]];
    const store = new InMemoryEventStore();
    const { events } = await runHistory(first, store);
    for (const [i, base] of allProjections().entries()) {
      const own = relevant(base, events);
      // (a projection whose filter lets through a single event of this history gets that one)
      const bad = new Set([own[Math.min(1, own.length - 1)]!.position, own[own.length - 1]!.position]);
      const errors: Error[] = [];
      const r = createProjectionRunner({ store, projection: poisoned(base, bad), name: `${base.name}-skip`, batchSize: 3, onError: (e) => errors.push(e) });
      await r.catchUp();
      expect(r.position).toBe(await store.headPosition());
      expect(snap(base, r.state)).toBe(
        snap(
          base,
          fold(
            base,
            [...store.allEvents()].filter((e) => !bad.has(e.position)),
          ),
        ),
      );
      expect(r.skipped.map((s) => s.position)).toEqual([...bad]);
      for (const s of r.skipped) {
        expect(s.error).toBeInstanceOf(MotcuaError);
        expect(s.error.code).toBe('INVALID_HISTORY');
        expect(s.error.message).toContain(`position ${s.position}`);
        expect((s.error as Error & { cause?: unknown }).cause).toBeInstanceOf(TypeError);
      }
      expect(errors).toEqual(r.skipped.map((s) => s.error));
      // live: it goes on with what comes next
      await r.start();
      if (i === 0) await runHistory(second, store);
      expect(await store.headPosition()).toBeGreaterThan(events.length);
      const head = await store.headPosition();
      await r.waitFor(head);
      const all = [...store.allEvents()];
      expect(snap(base, r.state)).toBe(
        snap(
          base,
          fold(
            base,
            all.filter((e) => !bad.has(e.position)),
          ),
        ),
      );
      await r.stop();
      expect((await store.loadProjection(`${base.name}-skip`))?.position).toBe(head);
    }
  });

  it("with onApplyError: 'stop', halts at the event before with INVALID_HISTORY, every time, until rebuild", async () => {
    const { events, store } = await runHistory(fc.sample(historyArb, { numRuns: 1, seed: 99 })[0]!);
    for (const base of allProjections()) {
      const own = relevant(base, events);
      if (own.length < 3) continue;
      const failing = own[2]!.position;
      const r = createProjectionRunner({ store, projection: poisoned(base, new Set([failing])), name: `${base.name}-stop`, batchSize: 2, onApplyError: 'stop' });
      const error = await r.catchUp().then(
        () => undefined,
        (e: unknown) => e as MotcuaError,
      );
      expect(error).toBeInstanceOf(MotcuaError);
      expect(error!.code).toBe('INVALID_HISTORY');
      expect(error!.message).toContain(`position ${failing}`);
      expect(error!.message).toContain(base.name);
      expect(r.position).toBe(own[1]!.position);
      expect(snap(base, r.state)).toBe(
        snap(
          base,
          fold(
            base,
            events.filter((e) => e.position < failing),
          ),
        ),
      );
      await expect(r.catchUp()).rejects.toBe(error);
      await expect(r.waitFor(events.length)).rejects.toBe(error);
      await expect(r.rebuild()).rejects.toMatchObject({ code: 'INVALID_HISTORY' });
      expect(r.skipped).toEqual([]);
    }
  });
});
