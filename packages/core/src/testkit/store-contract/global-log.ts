import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EventStore, ExpectedVersion, NewEvent, StoredEvent } from '../../store/types';
import { collect, expectCode, expectConflict, makeTestEvent, readableHead } from './support';
import type { ContractContext } from './support';
import { withoutHash } from './integrity';

/** The global log and its read horizon. */
export function globalLogContract(context: ContractContext): void {
  describe('global log', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });
    it('positions strictly increase across appends', async () => {
      let last = 0;
      for (let i = 0; i < 20; i++) {
        const result = await store.append(`g-${i % 4}`, [makeTestEvent('E', { i }), makeTestEvent('F', { i })]);
        expect(result.events[0]!.position).toBeGreaterThan(last);
        expect(result.lastPosition).toBe(result.events[1]!.position);
        expect(result.events[1]!.position).toBeGreaterThan(result.events[0]!.position);
        last = result.lastPosition;
      }
      expect(await readableHead(store, last)).toBe(last);
    });

    it('readAll honours after, to, types, streamPrefix and batchSize', async () => {
      let last = 0;
      for (let i = 0; i < 25; i++) {
        last = (await store.append(i % 2 === 0 ? `dossier-${i % 5}` : `payment-${i % 3}`, [makeTestEvent(i % 3 === 0 ? 'Received' : 'Other', { i })])).lastPosition;
      }
      await store.waitUntilReadable(last);
      const all = await collect(store.readAll());
      expect(all).toHaveLength(25);
      expect(all.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
      const positions = all.map((e) => e.position);
      expect((await collect(store.readAll({ after: positions[9]! }))).map((e) => e.position)).toEqual(positions.slice(10));
      expect((await collect(store.readAll({ after: positions[4]!, to: positions[14]! }))).map((e) => e.position)).toEqual(positions.slice(5, 15));
      expect((await collect(store.readAll({ to: positions[2]! }))).map((e) => e.position)).toEqual(positions.slice(0, 3));
      expect(await collect(store.readAll({ after: positions[24]! }))).toEqual([]);
      expect(await collect(store.readAll({ types: ['Received'] }))).toEqual(all.filter((e) => e.type === 'Received'));
      expect(await collect(store.readAll({ types: ['Received', 'Other'] }))).toEqual(all);
      expect(await collect(store.readAll({ types: [] }))).toEqual([]);
      expect(await collect(store.readAll({ streamPrefix: 'dossier-' }))).toEqual(all.filter((e) => e.streamId.startsWith('dossier-')));
      expect(await collect(store.readAll({ streamPrefix: 'payment-', types: ['Other'], after: positions[3]! }))).toEqual(
        all.filter((e) => e.streamId.startsWith('payment-') && e.type === 'Other' && e.position > positions[3]!),
      );
      expect(await collect(store.readAll({ streamPrefix: 'nothing-' }))).toEqual([]);

      const batches: StoredEvent[][] = [];
      for await (const batch of store.readBatches({ batchSize: 4 })) batches.push(batch);
      expect(batches.length).toBeGreaterThanOrEqual(7);
      for (const batch of batches) {
        expect(batch.length).toBeGreaterThan(0);
        expect(batch.length).toBeLessThanOrEqual(4);
      }
      expect(batches.flat()).toEqual(all);
      for await (const batch of store.readBatches({ batchSize: 3, types: ['Received'] })) {
        expect(batch.length).toBeGreaterThan(0);
        expect(batch.length).toBeLessThanOrEqual(3);
      }
    });

    it('reading the global log gives exactly what was appended, in order (model-based property)', async () => {
      const op = fc.record({
        stream: fc.integer({ min: 0, max: 3 }),
        count: fc.integer({ min: 0, max: 4 }),
        mode: fc.constantFrom('any', 'exact', 'stale', 'no_stream', 'stream_exists'),
        type: fc.constantFrom('Received', 'Assigned', 'Returned'),
        payload: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant('Đăng ký khai sinh'), fc.constant(null)),
      });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 20 }), async (ops) => {
          const prefix = `model-${run++}-`;
          const startHead = await store.headPosition();
          const model = new Map<string, NewEvent[]>();
          const log: { streamId: string; version: number; event: NewEvent }[] = [];
          let lastAcked = 0;
          for (const op of ops) {
            const streamId = `${prefix}${op.stream}`;
            const current = model.get(streamId)?.length ?? 0;
            const expected: ExpectedVersion = op.mode === 'exact' ? current : op.mode === 'stale' ? current + 1 : op.mode;
            const ok = expected === 'any' || (expected === 'no_stream' ? current === 0 : expected === 'stream_exists' ? current > 0 : expected === current);
            const batch = Array.from({ length: op.count }, (_, j) => makeTestEvent(op.type, { payload: op.payload, j }));
            if (!ok) {
              await expectConflict(store.append(streamId, batch, { expectedVersion: expected }));
              continue;
            }
            const result = await store.append(streamId, batch, { expectedVersion: expected });
            lastAcked = Math.max(lastAcked, result.lastPosition);
            expect(result.nextExpectedVersion).toBe(current + op.count);
            expect(result.events.map((e) => e.version)).toEqual(batch.map((_, j) => current + j + 1));
            const list = model.get(streamId) ?? [];
            batch.forEach((event, index) => {
              list.push(event);
              log.push({ streamId, version: current + index + 1, event });
            });
            model.set(streamId, list);
          }
          await store.waitUntilReadable(lastAcked);
          const read = await collect(store.readAll({ after: startHead, streamPrefix: prefix, batchSize: 7 }));
          expect(read.map((event) => ({ streamId: event.streamId, version: event.version, type: event.type, data: event.data, metadata: withoutHash(event) }))).toEqual(
            log.map((entry) => ({ streamId: entry.streamId, version: entry.version, type: entry.event.type, data: entry.event.data, metadata: entry.event.metadata })),
          );
          for (let i = 1; i < read.length; i++) expect(read[i]!.position).toBeGreaterThan(read[i - 1]!.position);
          for (const [streamId, events] of model) {
            const stream = await store.readStream(streamId);
            expect(stream.version).toBe(events.length);
            expect(stream.events.map((e) => e.metadata.eventId)).toEqual(events.map((e) => e.metadata.eventId));
          }
        }),
        { numRuns: 30 },
      );
    });
  });

  describe('read horizon (headPosition, waitUntilReadable)', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });
    it('never passes the last commit, never decreases, and reaches every acknowledged append', async () => {
      const heads: number[] = [];
      let lastAcked = 0;
      let writing = true;
      const sampling = (async () => {
        while (writing) {
          const head = await store.headPosition();
          heads.push(head);
          expect(head).toBeLessThanOrEqual(lastAcked + 3); // at most the appends in flight (3 writers, one event each) beyond the acknowledged ones
        }
      })();
      await Promise.all(
        Array.from({ length: 3 }, async (_, writer) => {
          for (let k = 0; k < 15; k++) {
            // Read lastAcked after the await: `Math.max(lastAcked, await …)` would read it before the append
            // and could lower it below another writer's newer acknowledgement (a race in the test, not the store).
            const { lastPosition } = await store.append(`horizon-${writer}`, [makeTestEvent('Tick', { w: writer, k })]);
            lastAcked = Math.max(lastAcked, lastPosition);
          }
        }),
      );
      writing = false;
      await sampling;
      for (let i = 1; i < heads.length; i++) expect(heads[i]!).toBeGreaterThanOrEqual(heads[i - 1]!);
      const head = await store.waitUntilReadable(lastAcked);
      expect(head).toBe(45);
      expect(await store.headPosition()).toBe(45);
      expect(await collect(store.readAll({ to: head }))).toHaveLength(45);
    });

    it('waitUntilReadable() without a position waits for everything committed before the call', async () => {
      const acked = await Promise.all(Array.from({ length: 6 }, (_, i) => store.append(`all-${i % 2}`, [makeTestEvent('A', { i }), makeTestEvent('B', { i })])));
      const head = await store.waitUntilReadable();
      expect(head).toBe(Math.max(...acked.map((r) => r.lastPosition)));
      expect(await collect(store.readAll({ to: head }))).toHaveLength(12);
    });

    it('waitUntilReadable for a position nobody wrote gives up with STORE_CONNECTION', async () => {
      await store.append('h', [makeTestEvent('A')]);
      await expectCode(store.waitUntilReadable(5, { timeoutMs: 30 }), 'STORE_CONNECTION');
    });
  });
}
