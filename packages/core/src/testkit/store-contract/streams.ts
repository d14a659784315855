import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { v7 } from 'uuid';
import type { EventStore } from '../../store/types';
import { collect, makeTestEvent, readableHead } from './support';
import type { ContractContext } from './support';
import { oracleChain } from './integrity';

/** Streams: order, versions, ranges, exact round trips, a large stream. */
export function streamContract(context: ContractContext): void {
  describe('streams', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });
    it('reads a missing stream as version 0 with no events', async () => {
      expect(await store.readStream('dossier-none')).toEqual({ version: 0, events: [] });
      expect(await store.headPosition()).toBe(0);
    });

    it('appends in order with 1-based versions and global positions', async () => {
      const batch = [makeTestEvent('DossierReceived', { n: 1 }), makeTestEvent('FeeCollected', { n: 2 }), makeTestEvent('Assigned', { n: 3 })];
      const result = await store.append('dossier-1', batch);
      expect(result.duplicate).toBe(false);
      expect(result.streamId).toBe('dossier-1');
      expect(result.nextExpectedVersion).toBe(3);
      expect(result.events.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(result.events.map((e) => e.position)).toEqual([1, 2, 3]);
      expect(result.lastPosition).toBe(3);
      const r2 = await store.append('dossier-1', [makeTestEvent('Approved')]);
      expect(r2.events[0]).toMatchObject({ version: 4, position: 4, streamId: 'dossier-1', type: 'Approved' });
      const read = await store.readStream('dossier-1');
      expect(read.version).toBe(4);
      expect(read.events.map((e) => e.type)).toEqual(['DossierReceived', 'FeeCollected', 'Assigned', 'Approved']);
      expect(read.events).toEqual([...result.events, ...r2.events]);
      expect(await readableHead(store, 4)).toBe(4);
    });

    it('keeps streams separate while positions interleave globally', async () => {
      await store.append('a', [makeTestEvent('A1')]);
      await store.append('b', [makeTestEvent('B1')]);
      await store.append('a', [makeTestEvent('A2')]);
      const streamA = await store.readStream('a');
      const streamB = await store.readStream('b');
      expect(streamA.events.map((e) => [e.version, e.position])).toEqual([
        [1, 1],
        [2, 3],
      ]);
      expect(streamB.events.map((e) => [e.version, e.position])).toEqual([[1, 2]]);
    });

    it('reads a version range with fromVersion/toVersion', async () => {
      await store.append(
        'r',
        Array.from({ length: 6 }, (_, i) => makeTestEvent('E', { i })),
      );
      const mid = await store.readStream('r', { fromVersion: 2, toVersion: 4 });
      expect(mid.version).toBe(6);
      expect(mid.events.map((e) => e.version)).toEqual([2, 3, 4]);
      expect((await store.readStream('r', { fromVersion: 5 })).events.map((e) => e.version)).toEqual([5, 6]);
      expect((await store.readStream('r', { toVersion: 1 })).events.map((e) => e.version)).toEqual([1]);
      expect((await store.readStream('r', { fromVersion: 9 })).events).toEqual([]);
    });

    it('round-trips event data and metadata exactly (Vietnamese text, nesting, numbers, nulls)', async () => {
      const data = {
        procedureName: 'Đăng ký khai sinh',
        applicant: { fullName: 'Nguyễn Thị Hồng Nhung', address: 'Số 1, phố Tràng Tiền, phường Hoàn Kiếm, Hà Nội' },
        note: 'Hồ sơ đủ điều kiện — tiếp nhận 🗂️',
        fees: [
          { item: 'Lệ phí', amount: 8000 },
          { item: 'Phí sao y', amount: 2500.5 },
        ],
        counts: { zero: 0, negative: -42, big: Number.MAX_SAFE_INTEGER, small: 1e-7, float: 0.1 + 0.2 },
        flags: [true, false],
        nothing: null,
        empty: { list: [], object: {} },
        deep: { a: { b: { c: { d: ['ê', 'ơ', 'ư', 'đ'] } } } },
      };
      const event = makeTestEvent('DossierReceived', data, {
        actor: { id: 'cb-01', role: 'officer', unit: 'H21.65', name: 'Trần Văn Đức' },
        commandId: v7(),
        correlationId: v7(),
        causationId: v7(),
      });
      const result = await store.append('hồ-sơ/000.00.06.H56-231027-0361', [event]);
      const [stored] = (await store.readStream('hồ-sơ/000.00.06.H56-231027-0361')).events;
      expect(stored).toBeDefined();
      expect(stored!.data).toEqual(data);
      expect(stored!.metadata).toEqual({ ...event.metadata, hash: oracleChain('hồ-sơ/000.00.06.H56-231027-0361', [event])[0] });
      expect(stored!.type).toBe('DossierReceived');
      expect(stored!.streamId).toBe('hồ-sơ/000.00.06.H56-231027-0361');
      expect(result.events[0]!.data).toEqual(data);
      await store.waitUntilReadable(result.lastPosition);
      const [fromLog] = await collect(store.readAll());
      expect(fromLog).toEqual(stored);
    });

    it('round-trips stream ids, types and text with quotes, backslashes and SQL-like text', async () => {
      const tricky = `it's "quoted" \\ back\\slash $1 $& {a,b} ); DROP TABLE events; -- Đ`;
      const streamId = `hồ-sơ/${tricky}`;
      const data = { tricky, list: [tricky, '{"json":"in a string"}', '\n\t', 'NULL', ''] };
      const written = await store.append(streamId, [makeTestEvent(`Type ${tricky}`, data), makeTestEvent('Second', { tricky })]);
      await store.waitUntilReadable(written.lastPosition);
      const { version, events } = await store.readStream(streamId);
      expect(version).toBe(2);
      expect(events[0]!.type).toBe(`Type ${tricky}`);
      expect(events[0]!.data).toEqual(data);
      expect(events[0]!.streamId).toBe(streamId);
      expect((await collect(store.readAll({ streamPrefix: 'hồ-sơ/it\'s "quoted" \\' }))).map((e) => e.version)).toEqual([1, 2]);
      expect((await collect(store.readAll({ types: [`Type ${tricky}`] }))).map((e) => e.version)).toEqual([1]);
      const again = await store.append(
        streamId,
        events.map(({ type, data: d, metadata }) => ({ type, data: d, metadata })),
      );
      expect(again.duplicate).toBe(true);
    });

    it('round-trips arbitrary JSON data (property)', async () => {
      let counter = 0;
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
          const data = JSON.parse(JSON.stringify({ value })) as unknown; // canonical JSON (no -0)
          const streamId = `json-${counter++}`;
          await store.append(streamId, [makeTestEvent('Json', data)]);
          const { events } = await store.readStream(streamId);
          expect(events[0]!.data).toEqual(data);
        }),
        { numRuns: 60 },
      );
    });

    it('reads a large stream (10,000 events) back in order', async () => {
      const total = 10_000;
      const chunk = 1_000;
      for (let version = 0; version < total; version += chunk) {
        const batch = Array.from({ length: chunk }, (_, i) => makeTestEvent('Tick', { i: version + i, text: 'Tiếp nhận' }));
        const result = await store.append('big', batch, { expectedVersion: version });
        expect(result.nextExpectedVersion).toBe(version + chunk);
      }
      const { version, events } = await store.readStream('big');
      expect(version).toBe(total);
      expect(events).toHaveLength(total);
      for (let i = 0; i < total; i++) {
        const event = events[i]!;
        if (event.version !== i + 1 || (event.data as { i: number }).i !== i) throw new Error(`out of order at index ${i}`);
        if (i > 0 && event.position <= events[i - 1]!.position) throw new Error(`position not increasing at index ${i}`);
      }
      await store.waitUntilReadable(events[events.length - 1]!.position);
      const all = await collect(store.readAll({ batchSize: 777 }));
      expect(all.map((e) => e.version)).toEqual(events.map((e) => e.version));
    });
  });
}
