/**
 * Migration 7 (`append-plans.ts`): an append never scans the events table,
 * however small the table was when the connection planned `append_batch`'s
 * statements. The server's own counters say so: on one connection (a pool of
 * one, so every statement of the store and of the test runs in the same
 * backend), a table grown from empty with autovacuum off (no `ANALYZE`, the
 * statistics of an empty table throughout), `seq_scan` of the events table(s)
 * must not move across appends of every kind — one stream, groups of 8, a
 * retry (ids already stored), a conflict, an empty request — while `idx_scan`
 * does (proof that the counters were flushed and read). Migration 6's
 * function, planned the same way, scanned the table on every call of a group.
 */
import { makeTestEvent } from '@motcua/core/testkit';
import { createPostgresEventStore, type PostgresEventStore } from '@motcua/store-postgres';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePool, ownTestServer, uniqueSchema } from './helpers';

const own = ownTestServer(2); // autovacuum off

/** Sequential and index scans of the schema's events table and its partitions, flushed by this backend first. */
async function scans(pool: pg.Pool, schema: string): Promise<{ seq: number; idx: number }> {
  await pool.query('SELECT pg_stat_force_next_flush()'); // flushed when this backend goes idle, before the next statement
  const { rows } = await pool.query<{ seq: string; idx: string }>(
    `SELECT coalesce(sum(seq_scan), 0) AS seq, coalesce(sum(idx_scan), 0) AS idx FROM pg_stat_user_tables
      WHERE schemaname = $1 AND (relname = 'events' OR relname LIKE 'events\\_%')`,
    [schema],
  );
  return { seq: Number(rows[0]!.seq), idx: Number(rows[0]!.idx) };
}

describe.each(['none', 'monthly'] as const)('append_batch plans (partitioning: %s)', (partitioning) => {
  let pool: pg.Pool;
  let store: PostgresEventStore;
  const schema = uniqueSchema(`plans_${partitioning}`);
  beforeAll(async () => {
    pool = makePool(own.server.url, 1);
    store = await createPostgresEventStore({ pool, schema, partitioning, listen: false, pollIntervalMs: 0, notify: 'in-transaction' });
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
  });

  it('looks rows up by index only, on a table grown from empty without statistics', async () => {
    const group = (tag: string, round: number) =>
      Array.from({ length: 8 }, (_, w) => ({
        streamId: `${tag}-${w}`,
        events: [makeTestEvent('Noted', { round, w })],
        options: { expectedVersion: round === 0 ? ('no_stream' as const) : round },
      }));
    // Enough calls of each shape for PostgreSQL's plan cache to settle (it tries 5 custom plans first).
    for (let round = 0; round < 8; round++) {
      for (const outcome of await store.appendMany!(group('warm', round))) expect(outcome.ok).toBe(true);
      await store.append(`warm-single-${round % 2}`, [makeTestEvent('Noted', { round })]);
    }
    const before = await scans(pool, schema);

    for (let round = 0; round < 30; round++) {
      for (const outcome of await store.appendMany!(group('g', round))) expect(outcome.ok).toBe(true);
      await store.append(`single-${round % 3}`, [makeTestEvent('Noted', { round })]);
    }
    // A retry of stored events, a conflict and an empty request, in one group with a fresh append.
    const stored = makeTestEvent('Noted', { retry: true });
    await store.append('retried', [stored], { expectedVersion: 'no_stream' });
    const mixed = await store.appendMany!([
      { streamId: 'retried', events: [stored], options: { expectedVersion: 'no_stream' } },
      { streamId: 'g-0', events: [makeTestEvent('Noted', {})], options: { expectedVersion: 0 } },
      { streamId: 'g-1', events: [] },
      { streamId: 'fresh', events: [makeTestEvent('Noted', {})], options: { expectedVersion: 'no_stream' } },
    ]);
    expect(mixed.map((o) => o.ok)).toEqual([true, false, true, true]);
    const after = await scans(pool, schema);

    expect(after.idx).toBeGreaterThan(before.idx); // the counters moved: the check below is not vacuous
    expect(after.seq - before.seq).toBe(0);
    expect(await store.headPosition()).toBe(8 * 9 + 30 * 9 + 2);
  });
});
