/**
 * `importEvents` on two connections (`import-lanes.ts`: a share of the rows
 * parsed into staging tables by a second connection, every row inserted in
 * order by the import's one transaction). Oracles: the input itself (the log
 * order is the order of the streams given, events in order), the
 * single-connection path (`connections: 1`, the one-COPY path of session 6)
 * and `verifyHistory` (the hash chain recomputed from the stored rows).
 * Failures mid-import (a bad event after staged segments were committed, a
 * duplicate id inside a staged segment, the helper's backend terminated
 * during its COPY) must leave the events table as it was and no staging
 * table behind. A follower polling from its checkpoint during the import
 * sees every event once, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MotcuaError, type NewEvent, type StoredEvent, verifyHistory } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { importEvents, type PgImportStream } from '@motcua/store-postgres';
import { collect, ownTestServer, uniqueSchema } from './helpers';

const own = ownTestServer(16);

const stagingTables = async (schema: string): Promise<number> =>
  (
    await own.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname LIKE 'import_stage_%'`,
      [schema],
    )
  ).rows[0]!.n;
const constraints = async (schema: string): Promise<string[]> =>
  (
    await own.pool.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('u', 'p') ORDER BY conname`, [`"${schema}".events`])
  ).rows.map((r) => r.conname);
const MIGRATION_1 = ['events_event_id', 'events_pkey', 'events_stream_version'];

/** Text with what COPY's text format escapes and non-ASCII. */
const textArb = fc.string({ unit: fc.constantFrom('a', 'ư', '\\', '\t', '\n', '\r', '"', ' ', '😀'), maxLength: 8 });
const itemsArb = fc.array(fc.record({ stream: fc.integer({ min: 0, max: 8 }), events: fc.array(fc.record({ note: textArb, n: fc.integer() }), { minLength: 1, maxLength: 4 }) }), {
  minLength: 1,
  maxLength: 14,
});
const noted = (data: unknown): NewEvent => makeTestEvent('Noted', data, { actor: { id: 'cb\t01', role: 'receivingOfficer' } });
const row = (e: StoredEvent) => [e.streamId, e.version, e.type, e.data, e.metadata];

function streams(count: number, each: number, prefix = 'dossier'): PgImportStream[] {
  return Array.from({ length: count }, (_, s) => ({
    streamId: `${prefix}-${s}`,
    events: Array.from({ length: each }, (_, k) => noted({ s, k, note: 'tab\there, back\\slash, Việt' })),
  }));
}

describe('importEvents on two connections', () => {
  it('same log as one connection: rows, hashes, log order, gap-free positions; verifyHistory passes (plain and monthly, fresh and continued)', async () => {
    await fc.assert(
      fc.asyncProperty(
        itemsArb,
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(0.25, 0.5, 1),
        fc.nat(2),
        fc.constantFrom('none' as const, 'monthly' as const),
        async (items, segmentEvents, stagedShare, preAppended, partitioning) => {
          const one = uniqueSchema('lanes_1');
          const two = uniqueSchema('lanes_2');
          const options = { listen: false, pollIntervalMs: 0, ...(partitioning === 'monthly' ? { partitioning } : {}) } as const;
          const single = await own.open(one, options);
          const double = await own.open(two, options);
          const batches = items.map((item) => ({ streamId: `dossier-s${item.stream}`, events: item.events.map(noted) }));
          for (const batch of batches.slice(0, preAppended)) {
            await single.append(batch.streamId, batch.events);
            await double.append(batch.streamId, batch.events);
          }
          const rest = batches.slice(preAppended);
          const a = await importEvents(own.pool, rest, { schema: one, connections: 1 });
          const b = await importEvents(own.pool, rest, { schema: two, connections: 2, segmentEvents, stagedShare, lookupSize: 3 });
          expect(b.events).toBe(a.events);
          const readA = await collect(single.readAll());
          const readB = await collect(double.readAll());
          expect(readB.map(row)).toEqual(readA.map(row));
          // The input's order, and positions without gaps from the first imported event.
          const imported = readB.slice(readB.length - b.events);
          expect(imported.map((e) => e.metadata.eventId)).toEqual(rest.flatMap((batch) => batch.events.map((e) => e.metadata.eventId)));
          expect(imported.map((e) => e.position)).toEqual(imported.map((_, i) => imported[0]!.position + i));
          expect(b.lastPosition).toBe(rest.length === 0 ? 0 : readB.at(-1)!.position);
          const verified = await verifyHistory(double);
          expect(verified.ok, verified.message).toBe(true);
          expect(verified.unchained).toBe(0);
          expect(await stagingTables(two)).toBe(0);
        },
      ),
      { numRuns: 12 },
    );
  }, 180_000);

  it('bad options: VALIDATION_FAILED naming the option, nothing imported', async () => {
    const schema = uniqueSchema('lanes_opts');
    const store = await own.open(schema, { listen: false, pollIntervalMs: 0 });
    const cases: [Record<string, unknown>, string][] = [
      [{ connections: 3 }, 'connections'],
      [{ connections: 2, stagedShare: 1.5 }, 'stagedShare'],
      [{ connections: 2, stagedShare: Number.NaN }, 'stagedShare'],
      [{ connections: 2, segmentEvents: 0 }, 'segmentEvents'],
    ];
    for (const [options, path] of cases) {
      const error = (await importEvents(own.pool, streams(2, 2), { schema, ...options } as never).catch((e: unknown) => e)) as MotcuaError;
      expect(error, path).toBeInstanceOf(MotcuaError);
      expect(error.code, path).toBe('VALIDATION_FAILED');
      expect(error.issues?.[0]?.path, path).toEqual([path]);
    }
    expect(await collect(store.readAll())).toEqual([]);
  }, 30_000);

  it('a bad event after staged segments were committed: VALIDATION_FAILED, the empty table and its constraints as before, no staging table left', async () => {
    const schema = uniqueSchema('lanes_bad');
    const store = await own.open(schema, { listen: false, pollIntervalMs: 0 });
    let staged = 0;
    async function* source(): AsyncGenerator<PgImportStream> {
      yield* streams(30, 5);
      // Wait until the helper has committed a staging table of its own: the failure must come after it.
      for (let waited = 0; (staged = await stagingTables(schema)) === 0; waited += 10) {
        if (waited > 20_000) throw new Error('no staging table was committed');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      yield { streamId: 'dossier-bad', events: [makeTestEvent('Noted', { note: 'a\u0000b' })] };
    }
    const failed = await importEvents(own.pool, source(), { schema, connections: 2, segmentEvents: 10, stagedShare: 0.5, lookupSize: 5 }).catch((e: unknown) => e);
    expect(staged).toBeGreaterThan(0);
    expect(failed).toBeInstanceOf(MotcuaError);
    expect((failed as MotcuaError).code).toBe('VALIDATION_FAILED');
    expect(await collect(store.readAll())).toEqual([]);
    expect(await constraints(schema)).toEqual(MIGRATION_1);
    expect(await stagingTables(schema)).toBe(0);
    // The same import without the bad stream then goes through.
    const result = await importEvents(own.pool, streams(30, 5), { schema, connections: 2, segmentEvents: 10, stagedShare: 0.5 });
    expect(result.events).toBe(150);
    expect((await verifyHistory(store)).ok).toBe(true);
  }, 60_000);

  it('an event id already stored, inside a staged segment: DUPLICATE_EVENT, nothing imported, no staging table left', async () => {
    const schema = uniqueSchema('lanes_dup');
    const store = await own.open(schema, { listen: false, pollIntervalMs: 0 });
    const stored = noted({ first: true });
    await store.append('dossier-first', [stored]);
    const input = streams(12, 3);
    input[9] = { streamId: 'dossier-9', events: [noted({ a: 1 }), stored] };
    const failed = await importEvents(own.pool, input, { schema, connections: 2, segmentEvents: 4, stagedShare: 1 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(MotcuaError);
    expect((failed as MotcuaError).code).toBe('DUPLICATE_EVENT');
    expect((await collect(store.readAll())).map((e) => e.streamId)).toEqual(['dossier-first']);
    expect(await stagingTables(schema)).toBe(0);
  }, 60_000);

  it("the helper's backend terminated during its COPY: a typed error, nothing imported, no staging table left, the pool goes on", async () => {
    const schema = uniqueSchema('lanes_kill');
    const store = await own.open(schema, { listen: false, pollIntervalMs: 0 });
    let killed = 0;
    async function* source(): AsyncGenerator<PgImportStream> {
      const input = streams(40, 5);
      yield* input.slice(0, 15); // segment 0 (direct, 50 events) sent, segment 1 (staged) holds 25: the helper's COPY waits for them
      for (let waited = 0; killed === 0; waited += 10) {
        if (waited > 20_000) throw new Error('the helper never started its COPY');
        const { rows } = await own.pool.query<{ ok: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE query LIKE 'COPY %import_stage_%' AND state = 'active' AND pid <> pg_backend_pid()`,
        );
        killed = rows.filter((r) => r.ok).length;
        if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      yield* input.slice(25);
    }
    const failed = await importEvents(own.pool, source(), { schema, connections: 2, segmentEvents: 50, stagedShare: 0.5, lookupSize: 5 }).catch((e: unknown) => e);
    expect(killed).toBe(1);
    expect(failed).toBeInstanceOf(MotcuaError);
    expect((failed as MotcuaError).code).toBe('STORE_CONNECTION');
    expect(await collect(store.readAll())).toEqual([]);
    expect(await constraints(schema)).toEqual(MIGRATION_1);
    expect(await stagingTables(schema)).toBe(0);
    const result = await importEvents(own.pool, streams(40, 5), { schema, connections: 2, segmentEvents: 50, stagedShare: 0.5 });
    expect(result.events).toBe(200);
    expect((await verifyHistory(store)).ok).toBe(true);
  }, 60_000);

  it('a follower polling during the import, with appends before and during it, sees every event once in log order', async () => {
    const schema = uniqueSchema('lanes_follow');
    const store = await own.open(schema, { pollIntervalMs: 0 });
    const before = await store.append('before', [makeTestEvent('Before')]);
    const seen: StoredEvent[] = [];
    let stop = false;
    const follower = (async () => {
      let position = 0;
      while (!stop || position < (await store.headPosition())) {
        for await (const batch of store.readBatches({ after: position, batchSize: 37 })) {
          seen.push(...batch);
          position = batch.at(-1)!.position;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const input = streams(150, 8);
    const started = importEvents(own.pool, input, { schema, connections: 2, segmentEvents: 100, stagedShare: 0.5, lookupSize: 40 });
    // An append while the import holds the append lock lands after it.
    for (let waited = 0; (await stagingTables(schema)) === 0; waited += 5) {
      if (waited > 20_000) throw new Error('the import never staged a segment');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const during = store.append('during', [makeTestEvent('During')]);
    const result = await started;
    const after = await during;
    expect(after.lastPosition).toBeGreaterThan(result.lastPosition);
    await store.waitUntilReadable(after.lastPosition);
    stop = true;
    await follower;
    const ids = seen.map((e) => e.metadata.eventId);
    expect(ids).toEqual([before.events[0]!.metadata.eventId, ...input.flatMap((s) => s.events.map((e) => e.metadata.eventId)), after.events[0]!.metadata.eventId]);
    expect(seen.map((e) => e.position)).toEqual([...seen.map((e) => e.position)].sort((x, y) => x - y));
  }, 60_000);
});
