/**
 * `importEvents` into an empty events table (the default `indexes:
 * 'rebuild'`): the two unique indexes are dropped in the import's transaction
 * and built after the COPY. What must still hold: a failed import leaves the
 * table as it was, constraints included; after an import the constraints are
 * back and enforced (a duplicate id is refused, a clashing version too); a
 * follower reading from its checkpoint gets every event exactly once, in
 * order, and an append made during the import lands after it. Expected
 * values: the imported input itself, the constraint names of migration 1.
 */
import { describe, expect, it } from 'vitest';
import { MotcuaError, type NewEvent, verifyHistory } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { importEvents } from '@motcua/store-postgres';
import { collect, ownTestServer, rejection, uniqueSchema } from './helpers';

const own = ownTestServer(10);

const constraints = async (schema: string): Promise<string[]> =>
  (
    await own.pool.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('u', 'p') ORDER BY conname`, [`"${schema}".events`])
  ).rows.map((r) => r.conname);

const MIGRATION_1 = ['events_event_id', 'events_pkey', 'events_stream_version'];

function streams(count: number, each: number): { streamId: string; events: NewEvent[] }[] {
  return Array.from({ length: count }, (_, s) => ({
    streamId: `dossier-${s}`,
    events: Array.from({ length: each }, (_, k) => makeTestEvent('Noted', { s, k, note: `tab\there, line\nthere, back\\slash, Việt` })),
  }));
}

describe('importEvents into an empty table: unique indexes built after the COPY', () => {
  it('a failed import leaves the empty table and its constraints; a good one restores and enforces them', async () => {
    const schema = uniqueSchema('fresh');
    const store = await own.open(schema, { listen: false, pollIntervalMs: 0 });
    expect(await constraints(schema)).toEqual(MIGRATION_1);
    const good = streams(20, 5);
    const bad = [...good, { streamId: 'dossier-bad', events: [makeTestEvent('Noted', { note: 'a\u0000b' })] }];
    const failed = await importEvents(own.pool, bad, { schema }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(MotcuaError);
    expect((failed as MotcuaError).code).toBe('VALIDATION_FAILED');
    expect(await collect(store.readAll())).toEqual([]);
    expect(await constraints(schema)).toEqual(MIGRATION_1);

    const result = await importEvents(own.pool, good, { schema });
    expect(result.events).toBe(100);
    expect(await constraints(schema)).toEqual(MIGRATION_1);
    const read = await collect(store.readAll());
    expect(read.map((e) => [e.streamId, e.version, e.data])).toEqual(good.flatMap((g) => g.events.map((e, i) => [g.streamId, i + 1, e.data])));
    expect(read.map((e) => e.position)).toEqual(read.map((_, i) => read[0]!.position + i));
    const verified = await verifyHistory(store);
    expect(verified.ok, verified.message).toBe(true);
    expect(verified.events).toBe(100);

    // Enforced again: an imported event id appended elsewhere, and a version written by a raw insert.
    expect(await rejection(store.append('dossier-new', [good[3]!.events[2]!]))).toMatchObject({ code: 'DUPLICATE_EVENT' });
    await expect(
      own.pool.query(`INSERT INTO "${schema}".events (stream_id, version, type, event_id, data, metadata) VALUES ('dossier-0', 5, 'X', 'raw-x', '{}', '{}')`),
    ).rejects.toMatchObject({
      code: '23505',
      constraint: 'events_stream_version',
    });
    const id = good[7]!.events[0]!.metadata.eventId;
    await expect(
      own.pool.query(`INSERT INTO "${schema}".events (stream_id, version, type, event_id, data, metadata) VALUES ('other', 1, 'X', $1, '{}', '{}')`, [id]),
    ).rejects.toMatchObject({
      code: '23505',
      constraint: 'events_event_id',
    });
    // The table is not empty any more: a second import goes through the indexes and continues the chains.
    await importEvents(own.pool, [{ streamId: 'dossier-0', events: [makeTestEvent('Noted', { more: true })], expectedVersion: 5 }], { schema });
    expect((await verifyHistory(store)).ok).toBe(true);
  }, 60_000);

  it('a follower gets every event exactly once in order; an append made during the import lands after it', async () => {
    const schema = uniqueSchema('fresh_follow');
    const store = await own.open(schema, { pollIntervalMs: 0 });
    const input = streams(200, 10);
    const started = importEvents(own.pool, input, { schema, lookupSize: 50 });
    // Wait until the import holds the table, then append: it waits on the append lock, after the import's COMMIT.
    for (let waited = 0; ; waited += 5) {
      const { rows } = await own.pool.query(`SELECT count(*)::int AS n FROM pg_locks WHERE relation = $1::regclass AND mode = 'AccessExclusiveLock' AND granted`, [
        `"${schema}".events`,
      ]);
      if (rows[0].n > 0) break;
      if (waited > 20_000) throw new Error('the import never locked the table');
      await new Promise((r) => setTimeout(r, 5));
    }
    const appended = store.append('during', [makeTestEvent('During')]);
    const result = await started;
    const after = await appended;
    expect(after.lastPosition).toBeGreaterThan(result.lastPosition);
    await store.waitUntilReadable(after.lastPosition);
    const read = await collect(store.readAll());
    const ids = read.map((e) => e.metadata.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...input.flatMap((s) => s.events.map((e) => e.metadata.eventId)), after.events[0]!.metadata.eventId]);
  }, 60_000);
});
