import { beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, type MotcuaError } from '../../errors';
import type { EventStore } from '../../store/types';
import { collect, expectCode, expectConflict, makeTestEvent, readableHead } from './support';
import type { ContractContext } from './support';

/** Writes: expected versions, concurrent appends, idempotent retries and duplicates. */
export function writeContract(context: ContractContext): void {
  describe('expected version', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });
    it("'any' always appends", async () => {
      await store.append('s', [makeTestEvent('A')], { expectedVersion: 'any' });
      await store.append('s', [makeTestEvent('B')], { expectedVersion: 'any' });
      await store.append('s', [makeTestEvent('C')]);
      expect((await store.readStream('s')).version).toBe(3);
    });

    it("'no_stream' succeeds on a new stream and fails on an existing one, writing nothing", async () => {
      await store.append('s', [makeTestEvent('A')], { expectedVersion: 'no_stream' });
      const err = await expectConflict(store.append('s', [makeTestEvent('B')], { expectedVersion: 'no_stream' }));
      expect(err.streamId).toBe('s');
      expect(err.actual).toBe(1);
      expect((await store.readStream('s')).version).toBe(1);
      expect(await readableHead(store, 1)).toBe(1);
    });

    it("'stream_exists' fails on a missing stream and succeeds on an existing one", async () => {
      await expectConflict(store.append('s', [makeTestEvent('A')], { expectedVersion: 'stream_exists' }));
      expect(await store.readStream('s')).toEqual({ version: 0, events: [] });
      await store.append('s', [makeTestEvent('A')]);
      const result = await store.append('s', [makeTestEvent('B')], { expectedVersion: 'stream_exists' });
      expect(result.nextExpectedVersion).toBe(2);
    });

    it('an exact version must match the current version (0 = no events)', async () => {
      await store.append('s', [makeTestEvent('A')], { expectedVersion: 0 });
      await store.append('s', [makeTestEvent('B'), makeTestEvent('C')], { expectedVersion: 1 });
      const stale = await expectConflict(store.append('s', [makeTestEvent('D')], { expectedVersion: 1 }));
      expect(stale.expected).toBe(1);
      expect(stale.actual).toBe(3);
      const ahead = await expectConflict(store.append('s', [makeTestEvent('D')], { expectedVersion: 4 }));
      expect(ahead.actual).toBe(3);
      await expectConflict(store.append('s', [makeTestEvent('D'), makeTestEvent('E')], { expectedVersion: 2 }));
      await expectConflict(store.append('s', [makeTestEvent('D'), makeTestEvent('E')], { expectedVersion: 7 }));
      await expectConflict(store.append('other', [makeTestEvent('D')], { expectedVersion: 2 }));
      await expectConflict(store.append('other', [makeTestEvent('D')], { expectedVersion: 1 }));
      expect((await store.readStream('s')).events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      expect((await store.readStream('other')).version).toBe(0);
      expect(await readableHead(store, 3)).toBe(3);
      const result = await store.append('s', [makeTestEvent('D')], { expectedVersion: 3 });
      expect(result.events[0]!.position).toBeGreaterThan(3);
    });

    it('an empty batch checks the expected version and writes nothing', async () => {
      const result = await store.append('s', [], { expectedVersion: 'no_stream' });
      expect(result.nextExpectedVersion).toBe(0);
      expect(result.events).toEqual([]);
      await expectConflict(store.append('s', [], { expectedVersion: 'stream_exists' }));
      expect(await store.headPosition()).toBe(0);
    });
  });

  describe('concurrency', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });
    it('concurrent appends with the same expected version: exactly one wins per version', async () => {
      const contenders = 12;
      for (let round = 0; round < 6; round++) {
        const results = await Promise.allSettled(
          Array.from({ length: contenders }, (_, contender) =>
            store.append('hot', [makeTestEvent('Claimed', { v: round, i: contender }), makeTestEvent('Noted', { v: round, i: contender })], { expectedVersion: round * 2 }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(contenders - 1);
        for (const loss of lost) {
          expect(loss.reason).toBeInstanceOf(ConcurrencyError);
          expect((loss.reason as MotcuaError).code).toBe('CONCURRENCY_CONFLICT');
        }
      }
      const { version, events } = await store.readStream('hot');
      expect(version).toBe(12);
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      // each winning batch stayed together
      for (let i = 0; i < 12; i += 2) expect(events[i]!.data).toEqual(events[i + 1]!.data);
    });

    it("concurrent 'no_stream' appends: exactly one creates the stream", async () => {
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.append('new', [makeTestEvent('Created', { i })], { expectedVersion: 'no_stream' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.readStream('new')).version).toBe(1);
    });

    it('concurrent appends to many streams all land with right versions and gap-free positions', async () => {
      const streams = 30;
      const appendsPerStream = 5;
      let lastAcked = 0;
      await Promise.all(
        Array.from({ length: streams }, async (_, streamIndex) => {
          let version = 0;
          for (let k = 0; k < appendsPerStream; k++) {
            const size = 1 + ((streamIndex + k) % 3);
            const result = await store.append(
              `many-${streamIndex}`,
              Array.from({ length: size }, (_, j) => makeTestEvent('Step', { s: streamIndex, k, j })),
              { expectedVersion: version },
            );
            version = result.nextExpectedVersion;
            lastAcked = Math.max(lastAcked, result.lastPosition);
          }
        }),
      );
      await store.waitUntilReadable(lastAcked); // the read horizon may lag the last acknowledged commit for a moment
      const all = await collect(store.readAll({ batchSize: 50 }));
      const expectedTotal = Array.from({ length: streams }, (_, streamIndex) =>
        Array.from({ length: appendsPerStream }, (_, k) => 1 + ((streamIndex + k) % 3)).reduce((a, b) => a + b, 0),
      ).reduce((a, b) => a + b, 0);
      expect(all).toHaveLength(expectedTotal);
      const first = all[0]!.position;
      all.forEach((e, i) => expect(e.position).toBe(first + i));
      expect(await readableHead(store, all[all.length - 1]!.position)).toBe(all[all.length - 1]!.position);
      for (let streamIndex = 0; streamIndex < streams; streamIndex++) {
        const own = all.filter((e) => e.streamId === `many-${streamIndex}`);
        expect(own.map((e) => e.version)).toEqual(own.map((_, i) => i + 1));
        expect(own.map((e) => (e.data as { k: number; j: number }).k * 10 + (e.data as { j: number }).j)).toEqual(
          [...own.map((e) => (e.data as { k: number; j: number }).k * 10 + (e.data as { j: number }).j)].sort((a, b) => a - b),
        );
        expect((await store.readStream(`many-${streamIndex}`)).events).toEqual(own);
      }
    });
  });

  describe('idempotency', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });
    it('re-appending the same batch returns duplicate: true and writes nothing', async () => {
      const batch = [makeTestEvent('A'), makeTestEvent('B')];
      const first = await store.append('idem', batch, { expectedVersion: 'no_stream' });
      const again = await store.append('idem', batch, { expectedVersion: 'no_stream' });
      expect(again.duplicate).toBe(true);
      expect(again.events).toEqual(first.events);
      expect(again.lastPosition).toBe(first.lastPosition);
      expect(again.nextExpectedVersion).toBe(2);
      expect(await readableHead(store, 2)).toBe(2);
      expect((await store.readStream('idem')).version).toBe(2);
    });

    it('a retry is recognised after later appends too', async () => {
      const batch = [makeTestEvent('A')];
      await store.append('idem', batch);
      await store.append('idem', [makeTestEvent('B')]);
      const again = await store.append('idem', batch, { expectedVersion: 0 });
      expect(again.duplicate).toBe(true);
      expect(again.events[0]!.version).toBe(1);
      expect(again.nextExpectedVersion).toBe(2);
    });

    it('a partial overlap throws DUPLICATE_EVENT and writes nothing', async () => {
      const [eventA, eventB, eventC] = [makeTestEvent('A'), makeTestEvent('B'), makeTestEvent('C')];
      await store.append('idem', [eventA, eventB]);
      await expectCode(store.append('idem', [eventB, eventC]), 'DUPLICATE_EVENT');
      await expectCode(store.append('idem', [eventA, eventC]), 'DUPLICATE_EVENT');
      await expectCode(store.append('idem', [eventC, eventA]), 'DUPLICATE_EVENT');
      await expectCode(store.append('elsewhere', [eventA]), 'DUPLICATE_EVENT');
      expect((await store.readStream('idem')).version).toBe(2);
      expect((await store.readStream('elsewhere')).version).toBe(0);
      expect(await readableHead(store, 2)).toBe(2);
      const result = await store.append('idem', [eventC], { expectedVersion: 2 });
      expect(result.events[0]!.version).toBe(3);
    });

    it('the same event id twice in one batch throws DUPLICATE_EVENT and writes nothing', async () => {
      const eventA = makeTestEvent('A');
      await expectCode(store.append('idem', [makeTestEvent('X'), eventA, eventA]), 'DUPLICATE_EVENT');
      expect((await store.readStream('idem')).version).toBe(0);
      expect(await store.headPosition()).toBe(0);
    });
  });
}
