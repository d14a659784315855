/**
 * Time partitioning (opt-in `partitioning: 'monthly'`, partition.ts) on a
 * real PostgreSQL server: the whole event-store contract runs on a
 * partitioned schema (ordering, read horizon, idempotency, conflicts, hash
 * chain…), the layout is what was asked (months created, rows routed by
 * `recorded_at`), the two uniqueness rules hold across partitions, and an
 * existing unpartitioned schema is refused rather than converted.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type MotcuaError, verifyHistory } from '@motcua/core';
import { eventStoreContract, makeTestEvent } from '@motcua/core/testkit';
import { createMonthlyPartitions, createPostgresEventStore, importEvents } from '@motcua/store-postgres';
import { collect, makePool, uniqueSchema } from './helpers';

const pool = makePool(inject('pgUrl'));
afterAll(() => pool.end());

eventStoreContract('postgres partitioned monthly', async () => {
  const schema = uniqueSchema('part');
  return {
    store: await createPostgresEventStore({ pool, schema, partitioning: 'monthly' }),
    reopen: () => createPostgresEventStore({ pool, schema, partitioning: 'monthly' }),
    teardown: async () => void (await pool.query(`DROP SCHEMA "${schema}" CASCADE`)),
  };
});

const month = (offset: number): string => {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `events_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

describe('partitioning: monthly', () => {
  it('creates the events table partitioned by month (last month … 12 months ahead + default); rows land in the month they are recorded', async () => {
    const schema = uniqueSchema('part_layout');
    const store = await createPostgresEventStore({ pool, schema, partitioning: 'monthly', listen: false });
    try {
      const parts = (
        await pool.query<{ name: string }>(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass($1) ORDER BY 1`, [
          `"${schema}".events`,
        ])
      ).rows.map((row) => row.name);
      const expected = ['events_default', ...Array.from({ length: 14 }, (_, i) => month(i - 1))].sort();
      expect(parts).toEqual(expected);
      await store.append('dossier-1', [makeTestEvent('Noted', { n: 1 })]);
      const where = await pool.query<{ part: string }>(`SELECT tableoid::regclass::text AS part FROM "${schema}".events`);
      expect(where.rows[0]!.part).toBe(`${schema}.${month(0)}`);
      expect(await createMonthlyPartitions(pool, { schema, from: '2020-01', to: '2020-03' })).toEqual(['events_2020_01', 'events_2020_02', 'events_2020_03']);
      expect(await createMonthlyPartitions(pool, { schema, from: '2020-01-15', to: '2020-02-01' })).toEqual([]); // idempotent
    } finally {
      await store.close();
    }
  });

  it('one event id once and one version per stream once, across partitions and through COPY import', async () => {
    const schema = uniqueSchema('part_unique');
    const store = await createPostgresEventStore({ pool, schema, partitioning: 'monthly', listen: false });
    try {
      const event = makeTestEvent('Noted', { n: 1 });
      await store.append('dossier-a', [event]);
      // Same id on another stream: DUPLICATE_EVENT (the key table's constraint is named as on the plain table).
      const duplicate = await store.append('dossier-b', [event]).catch((error: unknown) => error);
      expect((duplicate as MotcuaError).code).toBe('DUPLICATE_EVENT');
      // A version written straight into another partition clashes through the key table.
      await pool.query(`SELECT "${schema}".create_monthly_partitions('2021-01-01', '2021-01-31')`);
      const clash = await pool
        .query(`INSERT INTO "${schema}".events (stream_id, version, type, event_id, data, metadata, recorded_at) VALUES ('dossier-a', 1, 'Noted', 'x-1', '{}', '{}', '2021-01-10')`)
        .catch((error: unknown) => error);
      expect((clash as { code?: string; constraint?: string }).constraint).toBe('events_stream_version');
      const imported = await importEvents(pool, [{ streamId: 'dossier-a', events: [makeTestEvent('Noted', { n: 2 })] }], { schema });
      expect(imported.events).toBe(1);
      const again = await importEvents(pool, [{ streamId: 'dossier-c', events: [event] }], { schema }).catch((error: unknown) => error);
      expect((again as MotcuaError).code).toBe('DUPLICATE_EVENT');
      expect((await collect(store.readAll())).map((e) => [e.streamId, e.version])).toEqual([
        ['dossier-a', 1],
        ['dossier-a', 2],
      ]);
      expect((await verifyHistory(store)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('an existing unpartitioned schema is refused with STORE_SCHEMA_OUTDATED, not converted; createMonthlyPartitions does nothing on it', async () => {
    const schema = uniqueSchema('part_plain');
    const plain = await createPostgresEventStore({ pool, schema, listen: false });
    await plain.close();
    const error = await createPostgresEventStore({ pool, schema, partitioning: 'monthly', listen: false }).catch((caught: unknown) => caught);
    expect((error as MotcuaError).code).toBe('STORE_SCHEMA_OUTDATED');
    expect(await createMonthlyPartitions(pool, { schema, from: '2026-01', to: '2026-03' })).toEqual([]);
    const bad = await createMonthlyPartitions(pool, { schema, from: 'janvier', to: '2026-03' }).catch((caught: unknown) => caught);
    expect((bad as MotcuaError).code).toBe('VALIDATION_FAILED');
  });
});
