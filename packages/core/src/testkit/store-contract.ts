/**
 * The event-store contract (bộ kiểm thử hợp đồng): one suite of vitest tests
 * that every {@link EventStore} adapter runs unchanged, in the style of
 * Emmett's store tests. It needs `vitest` and `fast-check` (optional peer
 * dependencies of `@motcua/core`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { v7 } from 'uuid';
import { ConcurrencyError, MotcuaError } from '../errors';
import type { AppendNotice, EventStore, ExpectedVersion, NewEvent, StoredEvent } from '../store/types';

/**
 * What the contract's factory returns for each test: a fresh, empty store.
 *
 * @example
 * ```ts
 * const fixture: StoreFixture = { store: new InMemoryEventStore() };
 * ```
 */
export interface StoreFixture {
  /** A new, empty store. The suite closes it (and any reopened store) itself. */
  store: EventStore;
  /** Clean up what the factory created (temp files, schemas). Called after the store is closed. */
  teardown?: () => Promise<void>;
  /** Open the same underlying storage again (called after the current store was closed); enables the durability tests. */
  reopen?: () => Promise<EventStore>;
}

/**
 * Build a valid {@link NewEvent} for tests: uuid v7 event id, schema version 1,
 * a fixed business time in Asia/Ho_Chi_Minh and the current recording time.
 *
 * @example
 * ```ts
 * await store.append('dossier-1', [makeTestEvent('DossierReceived', { code: 'H21.65-220914-0011' })]);
 * ```
 */
export function makeTestEvent<Type extends string, Data = Record<string, unknown>>(
  type: Type,
  data?: Data,
  metadata: Partial<NewEvent['metadata']> = {},
): NewEvent<Type, Data> {
  return {
    type,
    data: (data ?? {}) as Data,
    metadata: {
      eventId: v7(),
      schemaVersion: 1,
      occurredAt: '2024-10-27T08:30:00+07:00',
      recordedAt: new Date().toISOString(),
      ...metadata,
    },
  };
}

/**
 * Register the event-store contract tests for one adapter. Each test gets a
 * fresh store from `factory`; the suite closes it and calls `teardown`.
 * Durability tests run only when the fixture has `reopen`.
 *
 * @example
 * ```ts
 * import { eventStoreContract } from '@motcua/core/testkit';
 * eventStoreContract('sqlite', async () => {
 *   const dir = mkdtempSync(join(tmpdir(), 'motcua-'));
 *   const filename = join(dir, 'events.db');
 *   return {
 *     store: await createSqliteEventStore({ filename }),
 *     reopen: () => createSqliteEventStore({ filename }),
 *     teardown: async () => rmSync(dir, { recursive: true, force: true }),
 *   };
 * });
 * ```
 */
/**
 * `headPosition()` promises the read horizon, not the last commit: once an
 * acknowledged position is readable, a store with no other writer reports it.
 */
async function readableHead(store: EventStore, position: number): Promise<number> {
  await store.waitUntilReadable(position, { timeoutMs: 30_000 });
  return store.headPosition();
}

export function eventStoreContract(name: string, factory: () => Promise<StoreFixture>): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: EventStore;
    const opened: EventStore[] = [];

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      opened.push(store);
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await fixture.teardown?.();
    });

    /** Close the current store and open the same storage again; false when the adapter has no `reopen`. */
    async function reopen(): Promise<boolean> {
      if (!fixture.reopen) return false;
      await store.close();
      store = await fixture.reopen();
      opened.push(store);
      return true;
    }

    describe('streams', () => {
      it('reads a missing stream as version 0 with no events', async () => {
        expect(await store.readStream('dossier-none')).toEqual({ version: 0, events: [] });
        expect(await store.headPosition()).toBe(0);
      });

      it('appends in order with 1-based versions and global positions', async () => {
        const batch = [makeTestEvent('DossierReceived', { n: 1 }), makeTestEvent('FeeCollected', { n: 2 }), makeTestEvent('Assigned', { n: 3 })];
        const r = await store.append('dossier-1', batch);
        expect(r.duplicate).toBe(false);
        expect(r.streamId).toBe('dossier-1');
        expect(r.nextExpectedVersion).toBe(3);
        expect(r.events.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(r.events.map((e) => e.position)).toEqual([1, 2, 3]);
        expect(r.lastPosition).toBe(3);
        const r2 = await store.append('dossier-1', [makeTestEvent('Approved')]);
        expect(r2.events[0]).toMatchObject({ version: 4, position: 4, streamId: 'dossier-1', type: 'Approved' });
        const read = await store.readStream('dossier-1');
        expect(read.version).toBe(4);
        expect(read.events.map((e) => e.type)).toEqual(['DossierReceived', 'FeeCollected', 'Assigned', 'Approved']);
        expect(read.events).toEqual([...r.events, ...r2.events]);
        expect(await readableHead(store, 4)).toBe(4);
      });

      it('keeps streams separate while positions interleave globally', async () => {
        await store.append('a', [makeTestEvent('A1')]);
        await store.append('b', [makeTestEvent('B1')]);
        await store.append('a', [makeTestEvent('A2')]);
        const a = await store.readStream('a');
        const b = await store.readStream('b');
        expect(a.events.map((e) => [e.version, e.position])).toEqual([[1, 1], [2, 3]]);
        expect(b.events.map((e) => [e.version, e.position])).toEqual([[1, 2]]);
      });

      it('reads a version range with fromVersion/toVersion', async () => {
        await store.append('r', Array.from({ length: 6 }, (_, i) => makeTestEvent('E', { i })));
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
          fees: [{ item: 'Lệ phí', amount: 8000 }, { item: 'Phí sao y', amount: 2500.5 }],
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
        const r = await store.append('hồ-sơ/000.00.06.H56-231027-0361', [event]);
        const [stored] = (await store.readStream('hồ-sơ/000.00.06.H56-231027-0361')).events;
        expect(stored).toBeDefined();
        expect(stored!.data).toEqual(data);
        expect(stored!.metadata).toEqual(event.metadata);
        expect(stored!.type).toBe('DossierReceived');
        expect(stored!.streamId).toBe('hồ-sơ/000.00.06.H56-231027-0361');
        expect(r.events[0]!.data).toEqual(data);
        await store.waitUntilReadable(r.lastPosition);
        const [fromLog] = await collect(store.readAll());
        expect(fromLog).toEqual(stored);
      });

      it('round-trips stream ids, types and text with quotes, backslashes and SQL-like text', async () => {
        const tricky = `it's "quoted" \\ back\\slash $1 $& {a,b} ); DROP TABLE events; -- Đ`;
        const streamId = `hồ-sơ/${tricky}`;
        const data = { tricky, list: [tricky, '{"json":"in a string"}', '\n\t', 'NULL', ''] };
        const w = await store.append(streamId, [makeTestEvent(`Type ${tricky}`, data), makeTestEvent('Second', { tricky })]);
        await store.waitUntilReadable(w.lastPosition);
        const { version, events } = await store.readStream(streamId);
        expect(version).toBe(2);
        expect(events[0]!.type).toBe(`Type ${tricky}`);
        expect(events[0]!.data).toEqual(data);
        expect(events[0]!.streamId).toBe(streamId);
        expect((await collect(store.readAll({ streamPrefix: 'hồ-sơ/it\'s "quoted" \\' }))).map((e) => e.version)).toEqual([1, 2]);
        expect((await collect(store.readAll({ types: [`Type ${tricky}`] }))).map((e) => e.version)).toEqual([1]);
        const again = await store.append(streamId, events.map(({ type, data: d, metadata }) => ({ type, data: d, metadata })));
        expect(again.duplicate).toBe(true);
      });

      it('round-trips arbitrary JSON data (property)', async () => {
        let n = 0;
        await fc.assert(
          fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
            const data = JSON.parse(JSON.stringify({ value })) as unknown; // canonical JSON (no -0)
            const streamId = `json-${n++}`;
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
        for (let v = 0; v < total; v += chunk) {
          const batch = Array.from({ length: chunk }, (_, i) => makeTestEvent('Tick', { i: v + i, text: 'Tiếp nhận' }));
          const r = await store.append('big', batch, { expectedVersion: v });
          expect(r.nextExpectedVersion).toBe(v + chunk);
        }
        const { version, events } = await store.readStream('big');
        expect(version).toBe(total);
        expect(events).toHaveLength(total);
        for (let i = 0; i < total; i++) {
          const e = events[i]!;
          if (e.version !== i + 1 || (e.data as { i: number }).i !== i) throw new Error(`out of order at index ${i}`);
          if (i > 0 && e.position <= events[i - 1]!.position) throw new Error(`position not increasing at index ${i}`);
        }
        await store.waitUntilReadable(events[events.length - 1]!.position);
        const all = await collect(store.readAll({ batchSize: 777 }));
        expect(all.map((e) => e.version)).toEqual(events.map((e) => e.version));
      });
    });

    describe('expected version', () => {
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
        const r = await store.append('s', [makeTestEvent('B')], { expectedVersion: 'stream_exists' });
        expect(r.nextExpectedVersion).toBe(2);
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
        const r = await store.append('s', [makeTestEvent('D')], { expectedVersion: 3 });
        expect(r.events[0]!.position).toBeGreaterThan(3);
      });

      it('an empty batch checks the expected version and writes nothing', async () => {
        const r = await store.append('s', [], { expectedVersion: 'no_stream' });
        expect(r.nextExpectedVersion).toBe(0);
        expect(r.events).toEqual([]);
        await expectConflict(store.append('s', [], { expectedVersion: 'stream_exists' }));
        expect(await store.headPosition()).toBe(0);
      });
    });

    describe('concurrency', () => {
      it('concurrent appends with the same expected version: exactly one wins per version', async () => {
        const contenders = 12;
        for (let v = 0; v < 6; v++) {
          const results = await Promise.allSettled(
            Array.from({ length: contenders }, (_, i) => store.append('hot', [makeTestEvent('Claimed', { v, i }), makeTestEvent('Noted', { v, i })], { expectedVersion: v * 2 })),
          );
          const won = results.filter((r) => r.status === 'fulfilled');
          const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(contenders - 1);
          for (const l of lost) {
            expect(l.reason).toBeInstanceOf(ConcurrencyError);
            expect((l.reason as MotcuaError).code).toBe('CONCURRENCY_CONFLICT');
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
          Array.from({ length: streams }, async (_, s) => {
            let version = 0;
            for (let k = 0; k < appendsPerStream; k++) {
              const size = 1 + ((s + k) % 3);
              const r = await store.append(`many-${s}`, Array.from({ length: size }, (_, j) => makeTestEvent('Step', { s, k, j })), { expectedVersion: version });
              version = r.nextExpectedVersion;
              lastAcked = Math.max(lastAcked, r.lastPosition);
            }
          }),
        );
        await store.waitUntilReadable(lastAcked); // the read horizon may lag the last acknowledged commit for a moment
        const all = await collect(store.readAll({ batchSize: 50 }));
        const expectedTotal = Array.from({ length: streams }, (_, s) => Array.from({ length: appendsPerStream }, (_, k) => 1 + ((s + k) % 3)).reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0);
        expect(all).toHaveLength(expectedTotal);
        const first = all[0]!.position;
        all.forEach((e, i) => expect(e.position).toBe(first + i));
        expect(await readableHead(store, all[all.length - 1]!.position)).toBe(all[all.length - 1]!.position);
        for (let s = 0; s < streams; s++) {
          const own = all.filter((e) => e.streamId === `many-${s}`);
          expect(own.map((e) => e.version)).toEqual(own.map((_, i) => i + 1));
          expect(own.map((e) => (e.data as { k: number; j: number }).k * 10 + (e.data as { j: number }).j)).toEqual(
            [...own.map((e) => (e.data as { k: number; j: number }).k * 10 + (e.data as { j: number }).j)].sort((a, b) => a - b),
          );
          expect((await store.readStream(`many-${s}`)).events).toEqual(own);
        }
      });
    });

    describe('idempotency', () => {
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
        const [a, b, c] = [makeTestEvent('A'), makeTestEvent('B'), makeTestEvent('C')];
        await store.append('idem', [a, b]);
        await expectCode(store.append('idem', [b, c]), 'DUPLICATE_EVENT');
        await expectCode(store.append('idem', [a, c]), 'DUPLICATE_EVENT');
        await expectCode(store.append('idem', [c, a]), 'DUPLICATE_EVENT');
        await expectCode(store.append('elsewhere', [a]), 'DUPLICATE_EVENT');
        expect((await store.readStream('idem')).version).toBe(2);
        expect((await store.readStream('elsewhere')).version).toBe(0);
        expect(await readableHead(store, 2)).toBe(2);
        const r = await store.append('idem', [c], { expectedVersion: 2 });
        expect(r.events[0]!.version).toBe(3);
      });

      it('the same event id twice in one batch throws DUPLICATE_EVENT and writes nothing', async () => {
        const a = makeTestEvent('A');
        await expectCode(store.append('idem', [makeTestEvent('X'), a, a]), 'DUPLICATE_EVENT');
        expect((await store.readStream('idem')).version).toBe(0);
        expect(await store.headPosition()).toBe(0);
      });
    });

    describe('global log', () => {
      it('positions strictly increase across appends', async () => {
        let last = 0;
        for (let i = 0; i < 20; i++) {
          const r = await store.append(`g-${i % 4}`, [makeTestEvent('E', { i }), makeTestEvent('F', { i })]);
          expect(r.events[0]!.position).toBeGreaterThan(last);
          expect(r.lastPosition).toBe(r.events[1]!.position);
          expect(r.events[1]!.position).toBeGreaterThan(r.events[0]!.position);
          last = r.lastPosition;
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
        const p = all.map((e) => e.position);
        expect((await collect(store.readAll({ after: p[9]! }))).map((e) => e.position)).toEqual(p.slice(10));
        expect((await collect(store.readAll({ after: p[4]!, to: p[14]! }))).map((e) => e.position)).toEqual(p.slice(5, 15));
        expect((await collect(store.readAll({ to: p[2]! }))).map((e) => e.position)).toEqual(p.slice(0, 3));
        expect(await collect(store.readAll({ after: p[24]! }))).toEqual([]);
        expect(await collect(store.readAll({ types: ['Received'] }))).toEqual(all.filter((e) => e.type === 'Received'));
        expect(await collect(store.readAll({ types: ['Received', 'Other'] }))).toEqual(all);
        expect(await collect(store.readAll({ types: [] }))).toEqual([]);
        expect(await collect(store.readAll({ streamPrefix: 'dossier-' }))).toEqual(all.filter((e) => e.streamId.startsWith('dossier-')));
        expect(await collect(store.readAll({ streamPrefix: 'payment-', types: ['Other'], after: p[3]! }))).toEqual(
          all.filter((e) => e.streamId.startsWith('payment-') && e.type === 'Other' && e.position > p[3]!),
        );
        expect(await collect(store.readAll({ streamPrefix: 'nothing-' }))).toEqual([]);

        const batches: StoredEvent[][] = [];
        for await (const b of store.readBatches({ batchSize: 4 })) batches.push(b);
        expect(batches.length).toBeGreaterThanOrEqual(7);
        for (const b of batches) {
          expect(b.length).toBeGreaterThan(0);
          expect(b.length).toBeLessThanOrEqual(4);
        }
        expect(batches.flat()).toEqual(all);
        for await (const b of store.readBatches({ batchSize: 3, types: ['Received'] })) {
          expect(b.length).toBeGreaterThan(0);
          expect(b.length).toBeLessThanOrEqual(3);
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
            for (const o of ops) {
              const streamId = `${prefix}${o.stream}`;
              const current = model.get(streamId)?.length ?? 0;
              const expected: ExpectedVersion = o.mode === 'exact' ? current : o.mode === 'stale' ? current + 1 : o.mode;
              const ok = expected === 'any' || (expected === 'no_stream' ? current === 0 : expected === 'stream_exists' ? current > 0 : expected === current);
              const batch = Array.from({ length: o.count }, (_, j) => makeTestEvent(o.type, { payload: o.payload, j }));
              if (!ok) {
                await expectConflict(store.append(streamId, batch, { expectedVersion: expected }));
                continue;
              }
              const r = await store.append(streamId, batch, { expectedVersion: expected });
              lastAcked = Math.max(lastAcked, r.lastPosition);
              expect(r.nextExpectedVersion).toBe(current + o.count);
              expect(r.events.map((e) => e.version)).toEqual(batch.map((_, j) => current + j + 1));
              const list = model.get(streamId) ?? [];
              batch.forEach((event, j) => {
                list.push(event);
                log.push({ streamId, version: current + j + 1, event });
              });
              model.set(streamId, list);
            }
            await store.waitUntilReadable(lastAcked);
            const read = await collect(store.readAll({ after: startHead, streamPrefix: prefix, batchSize: 7 }));
            expect(read.map((e) => ({ streamId: e.streamId, version: e.version, type: e.type, data: e.data, metadata: e.metadata }))).toEqual(
              log.map((l) => ({ streamId: l.streamId, version: l.version, type: l.event.type, data: l.event.data, metadata: l.event.metadata })),
            );
            for (let i = 1; i < read.length; i++) expect(read[i]!.position).toBeGreaterThan(read[i - 1]!.position);
            for (const [streamId, events] of model) {
              const s = await store.readStream(streamId);
              expect(s.version).toBe(events.length);
              expect(s.events.map((e) => e.metadata.eventId)).toEqual(events.map((e) => e.metadata.eventId));
            }
          }),
          { numRuns: 30 },
        );
      });
    });

    describe('read horizon (headPosition, waitUntilReadable)', () => {
      it('never passes the last commit, never decreases, and reaches every acknowledged append', async () => {
        const heads: number[] = [];
        let lastAcked = 0;
        let writing = true;
        const sampling = (async () => {
          while (writing) {
            const h = await store.headPosition();
            heads.push(h);
            expect(h).toBeLessThanOrEqual(lastAcked + 3); // at most the appends in flight (3 writers, one event each) beyond the acknowledged ones
          }
        })();
        await Promise.all(
          Array.from({ length: 3 }, async (_, w) => {
            for (let k = 0; k < 15; k++) lastAcked = Math.max(lastAcked, (await store.append(`horizon-${w}`, [makeTestEvent('Tick', { w, k })])).lastPosition);
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

    describe('sequences', () => {
      it('nextSequence counts 1, 2, 3 per key, keys independent', async () => {
        expect(await store.nextSequence('H21.65/2024-10-27')).toBe(1);
        expect(await store.nextSequence('H21.65/2024-10-27')).toBe(2);
        expect(await store.nextSequence('H21.65/2024-10-28')).toBe(1);
        expect(await store.nextSequence('000.00.06.H56/2024-10-27')).toBe(1);
        expect(await store.nextSequence('H21.65/2024-10-27')).toBe(3);
      });

      it('concurrent nextSequence calls give distinct 1..N', async () => {
        const n = 60;
        const values = await Promise.all(Array.from({ length: n }, (_, i) => store.nextSequence(i % 3 === 0 ? 'other-unit/2024-10-27' : 'unit/2024-10-27')));
        const main = values.filter((_, i) => i % 3 !== 0).sort((a, b) => a - b);
        const other = values.filter((_, i) => i % 3 === 0).sort((a, b) => a - b);
        expect(main).toEqual(Array.from({ length: main.length }, (_, i) => i + 1));
        expect(other).toEqual(Array.from({ length: other.length }, (_, i) => i + 1));
      });
    });

    describe('projections', () => {
      it('saves, loads and overwrites a projection snapshot', async () => {
        expect(await store.loadProjection('dossier-list')).toBeUndefined();
        const state = { count: 2, byUnit: { 'H21.65': ['Đăng ký khai sinh', 'Cấp bản sao'] }, last: null };
        await store.saveProjection('dossier-list', { state, position: 7, tag: 'v1' });
        expect(await store.loadProjection('dossier-list')).toEqual({ state, position: 7, tag: 'v1' });
        await store.saveProjection('dossier-list', { state: { count: 3 }, position: 9 });
        const loaded = await store.loadProjection<{ count: number }>('dossier-list');
        expect(loaded?.state).toEqual({ count: 3 });
        expect(loaded?.position).toBe(9);
        expect(loaded?.tag).toBeUndefined();
        await store.saveProjection('other', { state: [], position: 0, tag: 'x' });
        expect(await store.loadProjection('other')).toEqual({ state: [], position: 0, tag: 'x' });
        expect((await store.loadProjection('dossier-list'))?.position).toBe(9);
      });
    });

    describe('notifications', () => {
      it('announces each append after commit with its positions', async () => {
        const notices: AppendNotice[] = [];
        const visible: Promise<number>[] = [];
        store.notifications.on('appended', (n) => {
          notices.push(n);
          visible.push(store.readStream(n.streamId).then((s) => s.events.filter((e) => e.position >= n.firstPosition && e.position <= n.lastPosition).length));
        });
        const r1 = await store.append('n-1', [makeTestEvent('A'), makeTestEvent('B')]);
        const r2 = await store.append('n-2', [makeTestEvent('C')]);
        await expectConflict(store.append('n-1', [makeTestEvent('D')], { expectedVersion: 0 }));
        const dup = await store.append('n-2', r2.events.map(({ type, data, metadata }) => ({ type, data, metadata })));
        expect(dup.duplicate).toBe(true);
        await store.append('n-3', []);
        expect(notices).toContainEqual({ streamId: 'n-1', firstPosition: r1.events[0]!.position, lastPosition: r1.lastPosition });
        expect(notices).toContainEqual({ streamId: 'n-2', firstPosition: r2.events[0]!.position, lastPosition: r2.lastPosition });
        for (const n of notices) expect(n.lastPosition).toBeLessThanOrEqual(r2.lastPosition);
        const counts = await Promise.all(visible);
        counts.forEach((c, i) => expect(c).toBe(notices[i]!.lastPosition - notices[i]!.firstPosition + 1));
      });
    });

    describe('lifecycle and durability', () => {
      it('rejects appends after close with STORE_CLOSED; close is idempotent', async () => {
        await store.close();
        await store.close();
        await expectCode(store.append('s', [makeTestEvent('A')]), 'STORE_CLOSED');
      });

      it('keeps events, sequences and projections across reopen', async (ctx) => {
        if (!fixture.reopen) return ctx.skip();
        const r = await store.append('durable', [makeTestEvent('Received', { ten: 'Đăng ký khai sinh' }), makeTestEvent('Assigned')]);
        await store.waitUntilReadable((await store.append('durable-2', [makeTestEvent('Received')])).lastPosition);
        expect(await store.nextSequence('H21.65/2024-10-27')).toBe(1);
        expect(await store.nextSequence('H21.65/2024-10-27')).toBe(2);
        await store.saveProjection('p', { state: { n: 3 }, position: 3, tag: 't' });
        const before = await collect(store.readAll());
        await reopen();
        expect(await collect(store.readAll())).toEqual(before);
        expect((await store.readStream('durable')).events).toEqual(r.events);
        expect(await store.nextSequence('H21.65/2024-10-27')).toBe(3);
        expect(await store.loadProjection('p')).toEqual({ state: { n: 3 }, position: 3, tag: 't' });
        const next = await store.append('durable', [makeTestEvent('Approved')], { expectedVersion: 2 });
        expect(next.events[0]!.version).toBe(3);
        expect(next.events[0]!.position).toBeGreaterThan(before[before.length - 1]!.position);
        const dup = await store.append('durable', r.events.map(({ type, data, metadata }) => ({ type, data, metadata })));
        expect(dup.duplicate).toBe(true);
      });
    });
  });
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<MotcuaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a ${code} error`).toBeInstanceOf(MotcuaError);
  expect((error as MotcuaError).code).toBe(code);
  return error as MotcuaError;
}

async function expectConflict(promise: Promise<unknown>): Promise<ConcurrencyError> {
  const error = await expectCode(promise, 'CONCURRENCY_CONFLICT');
  expect(error).toBeInstanceOf(ConcurrencyError);
  return error as ConcurrencyError;
}
