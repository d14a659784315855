/**
 * `importEvents` into a monthly-partitioned schema, where uniqueness lives in the key tables `event_ids` and
 * `stream_versions` (written by a row trigger on append). The import disables that trigger in its transaction and
 * fills the key tables after the COPY. Oracles: the store's own `append` into another partitioned schema (the same
 * events per stream, order and hashes; `verifyHistory`), the events table itself (the key tables hold exactly its
 * ids and (stream, version) pairs), and the trigger's catalog state (enabled again after every import, good or bad).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type MotcuaError, type NewEvent, type StoredEvent, verifyHistory } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createPostgresEventStore, importEvents, type PostgresEventStore } from '@motcua/store-postgres';
import { collect, makePool, uniqueSchema } from './helpers';

const pool = makePool(inject('pgUrl'), 8);
const stores: PostgresEventStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close().catch(() => undefined);
  await pool.end();
});
async function open(prefix: string): Promise<{ store: PostgresEventStore; schema: string }> {
  const schema = uniqueSchema(prefix);
  const store = await createPostgresEventStore({ pool, schema, partitioning: 'monthly', listen: false, pollIntervalMs: 0 });
  stores.push(store);
  return { store, schema };
}
const perStream = (events: readonly StoredEvent[]) => {
  const out = new Map<string, unknown[]>();
  for (const e of events) out.set(e.streamId, [...(out.get(e.streamId) ?? []), { version: e.version, type: e.type, data: e.data, metadata: e.metadata }]);
  return out;
};
/** The key tables against the events table, and the trigger enabled on the table and every partition. */
async function keysAndTrigger(schema: string) {
  const q = async (sql: string) => (await pool.query(sql)).rows;
  const ids = await q(`SELECT event_id FROM "${schema}".event_ids ORDER BY 1`);
  const eventIds = await q(`SELECT event_id FROM "${schema}".events ORDER BY 1`);
  const versions = await q(`SELECT stream_id, version FROM "${schema}".stream_versions ORDER BY 1, 2`);
  const eventVersions = await q(`SELECT stream_id, version FROM "${schema}".events ORDER BY 1, 2`);
  const triggers = await q(
    `SELECT DISTINCT tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${schema}' AND t.tgname = 'events_keep_unique'`,
  );
  expect(ids).toEqual(eventIds);
  expect(versions).toEqual(eventVersions);
  expect(triggers).toEqual([{ tgenabled: 'O' }]);
  // The lookup indexes of events (on the table and on every partition) and the key tables' primary keys are there.
  const lookups = await q(
    `SELECT c.relname AS table, i.relname AS index, x.indisunique AS unique FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${schema}' AND c.relname IN ('events', 'event_ids', 'stream_versions') ORDER BY 1, 2`,
  );
  expect(lookups).toEqual([
    { table: 'event_ids', index: 'events_event_id', unique: true },
    { table: 'events', index: 'events_event_id_lookup', unique: false },
    { table: 'events', index: 'events_pkey', unique: true },
    { table: 'events', index: 'events_stream_lookup', unique: false },
    { table: 'stream_versions', index: 'events_stream_version', unique: true },
  ]);
  const partitions = await q(
    `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${schema}' AND c.relname = 'events'`,
  );
  const partitionIndexes = await q(
    `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${schema}' AND c.relname IN ('events_stream_lookup', 'events_event_id_lookup')`,
  );
  expect(partitionIndexes[0].n).toBe(2 * partitions[0].n);
  return ids.length;
}

const textArb = fc.string({ unit: fc.constantFrom('a', 'ư', '\\', '\t', '\n', '"', '😀'), maxLength: 8 });
const streamsArb = fc.array(
  fc.record({ stream: fc.integer({ min: 0, max: 5 }), events: fc.array(fc.record({ note: textArb, n: fc.integer() }), { minLength: 1, maxLength: 4 }) }),
  { minLength: 1, maxLength: 10 },
);

describe('importEvents into a monthly-partitioned schema (key tables filled after the COPY; into an empty one, indexes built after)', () => {
  it('imported = appended (per stream, hashes, verifyHistory), continuing appended chains; key tables = the events; trigger enabled after', async () => {
    await fc.assert(
      fc.asyncProperty(streamsArb, fc.nat(3), async (items, preAppended) => {
        const appended = await open('impp_a');
        const imported = await open('impp_b');
        const batches = items.map((item) => ({ streamId: `dossier-p${item.stream}`, events: item.events.map((d) => makeTestEvent('Noted', d)) }));
        for (const [index, batch] of batches.entries()) {
          await appended.store.append(batch.streamId, batch.events);
          if (index < preAppended) await imported.store.append(batch.streamId, batch.events);
        }
        const rest = batches.slice(preAppended);
        const result = await importEvents(pool, rest, { schema: imported.schema });
        expect(result.events).toBe(rest.reduce((n, b) => n + b.events.length, 0));
        const a = await collect(appended.store.readAll());
        const b = await collect(imported.store.readAll());
        expect(perStream(b)).toEqual(perStream(a));
        expect((await verifyHistory(imported.store)).ok).toBe(true);
        expect(await keysAndTrigger(imported.schema)).toBe(a.length);
        // The trigger guards appends again: an id the import wrote is refused.
        const again = await imported.store.append('dossier-other', [rest.at(-1)?.events.at(-1) ?? batches[0]!.events[0]!]).catch((error: unknown) => error);
        expect((again as MotcuaError).code).toBe('DUPLICATE_EVENT');
      }),
      { numRuns: 8 },
    );
  }, 120_000);

  it('a refused import (an id already stored, an id twice, a bad event after good streams) leaves events, key tables and trigger as they were', async () => {
    const { store, schema } = await open('impp_bad');
    const stored = makeTestEvent('Noted', { n: 0 });
    await store.append('dossier-a', [stored]);
    const good = (n: number) => ({ streamId: `dossier-g${n}`, events: [makeTestEvent('Noted', { n })] });
    const twice = good(3);
    const cases: Array<[string, { streamId: string; events: NewEvent[] }[], string]> = [
      ['an id already stored', [good(1), { streamId: 'dossier-b', events: [stored] }], 'DUPLICATE_EVENT'],
      ['an id twice in the import', [good(2), { streamId: 'dossier-c', events: [twice.events[0]!] }, { streamId: 'dossier-d', events: [] }, twice], 'DUPLICATE_EVENT'],
      ['a bad event', [good(4), { streamId: 'dossier-e', events: [makeTestEvent('Noted', { note: 'a\u0000b' })] }], 'VALIDATION_FAILED'],
    ];
    for (const [name, items, code] of cases) {
      const error = await importEvents(pool, items, { schema }).catch((e: unknown) => e);
      expect((error as MotcuaError).code, name).toBe(code);
      expect(await keysAndTrigger(schema), name).toBe(1);
    }
    expect((await collect(store.readAll())).map((e) => e.streamId)).toEqual(['dossier-a']);
  });

  it('into an EMPTY partitioned schema (indexes dropped and built after): refused imports roll the DDL back with the rows; a good import rebuilds every key', async () => {
    const { store, schema } = await open('impp_fresh');
    const twice = makeTestEvent('Noted', { n: 1 });
    const items = [
      { streamId: 'dossier-x', events: [twice] },
      { streamId: 'dossier-y', events: [twice] },
    ];
    // Two ids alike in two streams: refused by the client's id check before sending; the same id within a batch too.
    expect(((await importEvents(pool, items, { schema }).catch((e: unknown) => e)) as MotcuaError).code).toBe('DUPLICATE_EVENT');
    expect(await keysAndTrigger(schema)).toBe(0);
    // A bad event after a first stream's rows were sent (the indexes already dropped, the trigger disabled).
    const bad = [
      { streamId: 'dossier-x', events: [makeTestEvent('Noted', { n: 2 })] },
      { streamId: 'dossier-y', events: [makeTestEvent('Noted', { note: 'a\u0000b' })] },
    ];
    expect(((await importEvents(pool, bad, { schema, lookupSize: 1 }).catch((e: unknown) => e)) as MotcuaError).code).toBe('VALIDATION_FAILED');
    expect(await keysAndTrigger(schema)).toBe(0);
    const good = [1, 2, 3].map((n) => ({ streamId: `dossier-${n % 2}`, events: [makeTestEvent('Noted', { n }), makeTestEvent('Noted', { n: -n })] }));
    const result = await importEvents(pool, good, { schema });
    expect(result.events).toBe(6);
    expect(await keysAndTrigger(schema)).toBe(6);
    expect((await collect(store.readAll())).map((e) => [e.streamId, e.version])).toEqual([
      ['dossier-1', 1],
      ['dossier-1', 2],
      ['dossier-0', 1],
      ['dossier-0', 2],
      ['dossier-1', 3],
      ['dossier-1', 4],
    ]);
    expect((await verifyHistory(store)).ok).toBe(true);
    // Appends after it go through the trigger and the rebuilt keys.
    const clash = await store.append('dossier-z', [good[0]!.events[0]!]).catch((e: unknown) => e);
    expect((clash as MotcuaError).code).toBe('DUPLICATE_EVENT');
    await store.append('dossier-0', [makeTestEvent('Noted', { n: 9 })], { expectedVersion: 2 });
    expect(await keysAndTrigger(schema)).toBe(7);
  });
});
